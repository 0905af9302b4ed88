"""TLS versions, ciphers, mutual TLS and principals, session resumption on both listeners."""
import re
import ssl
import subprocess
import unittest

import harness
from harness import (Certs, Http, ServerTestCase, client_context, closed_without_response, openssl_s_server,
                     stop_s_server, tls_connect)

AEAD = re.compile(r"GCM|CHACHA20|CCM")


def s_client(port, version_flag, client=None):
    """Runs `openssl s_client` offering exactly one protocol version at security level 0, so the client itself
    is willing to speak TLS 1.0/1.1. Returns (negotiated protocol or None, full output)."""
    certs = Certs.get()
    cmd = ["openssl", "s_client", "-connect", f"{harness.HOST}:{port}", "-servername", harness.SERVER_NAME,
           version_flag, "-cipher", "DEFAULT:@SECLEVEL=0", "-CAfile", certs.ca]
    if client:
        pem, key = certs.client(client)
        cmd += ["-cert", pem, "-key", key]
    proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=15)
    out = proc.stdout.decode("utf-8", "replace") + proc.stderr.decode("utf-8", "replace")
    cipher = re.search(r"^New, \S+, Cipher is (\S+)", out, re.M)
    protocol = re.search(r"^\s*Protocol\s*:\s*(\S+)", out, re.M)
    if cipher and protocol and cipher.group(1) != "(NONE)":
        return protocol.group(1), out
    return None, out


class TlsVersions(ServerTestCase):
    def setUp(self):
        self.start_server()

    def test_tls13_is_negotiated_by_default_on_both_listeners(self):
        conn = self.connect("public")
        self.assertEqual(conn.sock.version(), "TLSv1.3")
        conn = self.connect("internal", client="kainuu-intake")
        self.assertEqual(conn.sock.version(), "TLSv1.3")
        self.assertEqual(conn.request("GET", "/healthz").status, 200)

    def test_tls12_client_gets_an_ecdhe_aead_cipher(self):
        for listener, client in (("public", None), ("internal", "kainuu-intake")):
            conn = self.connect(listener, ctx=client_context(client, maximum=ssl.TLSVersion.TLSv1_2))
            name, version, _ = conn.sock.cipher()
            self.assertEqual(conn.sock.version(), "TLSv1.2", listener)
            self.assertRegex(name, AEAD, f"{listener}: {name} is not an AEAD cipher")
            self.assertTrue(name.startswith("ECDHE-"), f"{listener}: {name} lacks forward secrecy")
            self.assertEqual(conn.request("GET", "/healthz").status, 200)

    def test_tls12_client_offering_only_cbc_suites_is_refused(self):
        cbc = "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES256-SHA384"
        ctx = client_context(maximum=ssl.TLSVersion.TLSv1_2, ciphers=cbc)
        with self.assertRaises((ssl.SSLError, ConnectionError)):
            tls_connect(self.server.public_port, ctx).close()

    def assert_server_refuses(self, version_flag, expected_protocol):
        # Control: a local s_server speaking only this version proves our s_client really offers it.
        control, port = openssl_s_server(version_flag, "-cipher", "DEFAULT:@SECLEVEL=0")
        try:
            protocol, out = s_client(port, version_flag)
        finally:
            stop_s_server(control)
        self.assertEqual(protocol, expected_protocol,
                         f"control: local s_client could not speak {expected_protocol} to s_server:\n{out}")

        for listener, port, client in (("public", self.server.public_port, None),
                                       ("internal", self.server.internal_port, "kainuu-intake")):
            protocol, out = s_client(port, "-tls1_2", client)
            self.assertEqual(protocol, "TLSv1.2", f"control: {listener} -tls1_2 should succeed:\n{out}")
            protocol, out = s_client(port, version_flag, client)
            self.assertIsNone(protocol, f"{listener} accepted {expected_protocol}:\n{out}")
            self.assertNotIn("no protocols available", out, "the client, not the server, refused")

    def test_tls10_is_refused_by_the_server(self):
        self.assert_server_refuses("-tls1", "TLSv1")

    def test_tls11_is_refused_by_the_server(self):
        self.assert_server_refuses("-tls1_1", "TLSv1.1")


class MutualTls(ServerTestCase):
    def setUp(self):
        self.start_server()

    def assert_refused(self, client, maximum=None):
        try:
            sock = tls_connect(self.server.internal_port, client_context(client, maximum=maximum))
        except (ssl.SSLError, ConnectionError):
            return  # refused in the handshake (TLS 1.2)
        self.assertTrue(closed_without_response(sock), f"{client} got an HTTP response on the internal listener")

    def test_internal_listener_refuses_a_client_without_certificate(self):
        self.assert_refused(None)
        self.assert_refused(None, ssl.TLSVersion.TLSv1_2)

    def test_internal_listener_refuses_a_certificate_from_another_ca(self):
        # other-ca-client carries kainuu-intake's subject: only the chain check can keep it out.
        self.assert_refused("other-ca-client")
        self.assert_refused("other-ca-client", ssl.TLSVersion.TLSv1_2)

    def test_certificate_mapped_to_no_principal_gets_403_on_every_route(self):
        for target in ("/api/v1/whoami", "/healthz", "/no-such-route"):
            response = self.server.get(target, listener="internal", client="unknown")
            self.assert_problem(response, 403)

    def test_whoami_reports_the_principal_matched_by_subject(self):
        expected = {
            "kainuu-intake": {"id": "kainuu-intake", "organisation": "kainuu", "roles": ["intake"],
                              "queues": ["kainuu-children", "kainuu-adults"]},
            "helsinki-intake": {"id": "helsinki-intake", "organisation": "helsinki", "roles": ["intake"],
                                "queues": ["helsinki-children", "helsinki-adults"]},
        }
        for client, want in expected.items():
            response = self.server.get("/api/v1/whoami", listener="internal", client=client)
            self.assertEqual(response.status, 200, response)
            self.assertEqual(response.media_type(), "application/json")
            doc = response.json()
            self.assertEqual({k: doc.get(k) for k in want}, want)
            if "certificate_sha256" in doc:
                self.assertEqual(doc["certificate_sha256"], Certs.get().fingerprint(client))

    def test_whoami_reports_the_principal_matched_by_fingerprint(self):
        response = self.server.get("/api/v1/whoami", listener="internal", client="auditor")
        self.assertEqual(response.status, 200, response)
        doc = response.json()
        self.assertEqual({k: doc.get(k) for k in ("id", "organisation", "roles", "queues")},
                         {"id": "auditor", "organisation": "huoli-audit", "roles": ["auditor"], "queues": []})

    def test_whoami_is_not_served_on_the_public_listener(self):
        response = self.server.get("/api/v1/whoami")
        self.assertIn(response.status, (403, 404), response)


class SessionResumption(ServerTestCase):
    def setUp(self):
        self.start_server()

    def resume(self, maximum):
        ctx = client_context("kainuu-intake", maximum=maximum)
        first = self.connect("internal", ctx=ctx)
        self.assertEqual(first.request("GET", "/api/v1/whoami").status, 200)  # also collects TLS 1.3 tickets
        session = first.sock.session
        first.close()
        self.assertIsNotNone(session)
        second = Http(tls_connect(self.server.internal_port, ctx, session=session))
        self.addCleanup(second.close)
        self.assertTrue(second.sock.session_reused, "the server did not resume the session")
        response = second.request("GET", "/api/v1/whoami")
        self.assertEqual(response.status, 200, response)
        self.assertEqual(response.json()["id"], "kainuu-intake", "the resumed session lost the principal")

    def test_tls12_session_is_resumed_with_its_principal(self):
        self.resume(ssl.TLSVersion.TLSv1_2)

    def test_tls13_session_is_resumed_with_its_principal(self):
        self.resume(ssl.TLSVersion.TLSv1_3)

    def test_public_session_cannot_be_resumed_on_the_internal_listener(self):
        # Resuming a session made without a client certificate must not bypass the internal listener's mTLS.
        for maximum in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            ctx = client_context(None, maximum=maximum)
            first = self.connect("public", ctx=ctx)
            self.assertEqual(first.request("GET", "/healthz").status, 200)
            session = first.sock.session
            first.close()
            try:
                sock = tls_connect(self.server.internal_port, ctx, session=session)
            except (ssl.SSLError, ConnectionError):
                continue
            self.assertTrue(closed_without_response(sock), f"{maximum}: public session opened the internal listener")


if __name__ == "__main__":
    unittest.main(verbosity=2)
