"""Client certificates on the internal listener beyond the chain (issue 15 §4): a certificate that is itself a CA is
refused, and `listeners.internal.crl` revokes certificates, re-read when the file changes and on SIGHUP. Every
refusal is counted with its own reason in the auth.failure audit event.

The certificates and CRLs are made here with the `openssl` CLI, signed by the development client CA
(certs/make-dev-certs.sh); the CRLs by `openssl ca -gencrl` with a throw-away CA database.
"""
import json
import os
import signal
import ssl
import subprocess
import tempfile
import time
import unittest

import harness
import notices as n
from harness import Certs, ServerTestCase, closed_without_response, tls_connect

GARBAGE_CRL = "-----BEGIN X509 CRL-----\nTm90IGEgQ1JMIGF0IGFsbA==\n-----END X509 CRL-----\n"


def openssl(*args, cwd=None):
    subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=cwd)


class ClientPki:
    """Client certificates with fixed, equally long serials from the dev client CA, and CRLs revoking some of them."""

    def __init__(self):
        self.certs = Certs.get()
        self.dir = harness._tmpdir("huoli-crl-")
        self.ca_cert = self.certs.ca
        self.ca_key = os.path.join(self.certs.dir, "ca.key")
        self.clients = {}
        for serial, name, extra in ((0x10001, "alpha", ""), (0x10002, "bravo", ""),
                                    (0x10003, "ca-client", "basicConstraints=critical,CA:TRUE\n")):
            self.clients[name] = self._issue(name, serial, extra)
        # The other CA's CRL, for a file that is not from client_ca.
        self.other_ca_cert = os.path.join(self.certs.dir, "other-ca.pem")
        self.other_ca_key = os.path.join(self.certs.dir, "other-ca.key")

    def _issue(self, name, serial, extensions):
        key, csr, pem, ext = (os.path.join(self.dir, name + s) for s in (".key", ".csr", ".pem", ".ext"))
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
        openssl("req", "-new", "-key", key, "-subj", f"/C=FI/O=Huoli test/CN={name}", "-out", csr)
        with open(ext, "w", encoding="utf-8") as f:
            f.write((extensions or "basicConstraints=critical,CA:FALSE\n") +
                    "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n")
        openssl("x509", "-req", "-sha256", "-days", "30", "-in", csr, "-CA", self.ca_cert, "-CAkey", self.ca_key,
                "-set_serial", str(serial), "-extfile", ext, "-out", pem)
        return pem, key

    def crl(self, revoked, ca_cert=None, ca_key=None):
        """PEM text of a CRL (30 days) from the client CA (or another) revoking the named clients."""
        work = tempfile.mkdtemp(dir=self.dir)
        open(os.path.join(work, "index.txt"), "w").close()
        with open(os.path.join(work, "crlnumber"), "w") as f:
            f.write("1000\n")
        conf = os.path.join(work, "ca.cnf")
        with open(conf, "w", encoding="utf-8") as f:
            f.write(f"[ca]\ndefault_ca = crl_ca\n[crl_ca]\ndatabase = {work}/index.txt\n"
                    f"crlnumber = {work}/crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n")
        signer = ["-cert", ca_cert or self.ca_cert, "-keyfile", ca_key or self.ca_key]
        for name in revoked:
            openssl("ca", "-config", conf, *signer, "-revoke", self.clients[name][0])
        out = os.path.join(work, "crl.pem")
        openssl("ca", "-config", conf, *signer, "-gencrl", "-out", out)
        with open(out, encoding="utf-8") as f:
            return f.read()

    def context(self, name):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.load_verify_locations(self.ca_cert)
        ctx.load_cert_chain(*self.clients[name])
        return ctx


class ClientRevocation(ServerTestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = ClientPki()

    def start_with_crl(self, text):
        self.crl_path = os.path.join(tempfile.mkdtemp(dir=self.pki.dir), "clients.crl")
        self.write_crl(text)
        server = harness.Server()
        with open(server.config_path, encoding="utf-8") as f:
            config = json.load(f)
        config["listeners"]["internal"]["crl"] = self.crl_path
        with open(server.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        self.addCleanup(self._stop_server, server)
        server.start()
        self.server = server
        return server

    def write_crl(self, text, times_ns=None):
        # Replaced as an operator's tooling would: written aside, renamed into place (the rename keeps
        # `times_ns`, so the file never shows another modification time).
        with open(self.crl_path + ".new", "w", encoding="utf-8") as f:
            f.write(text)
        if times_ns:
            os.utime(self.crl_path + ".new", ns=times_ns)
        os.replace(self.crl_path + ".new", self.crl_path)

    def accepted(self, name):
        """True when the handshake succeeds and the internal listener answers (403: these certificates map to no
        principal, which is beside the point here)."""
        try:
            sock = tls_connect(self.server.internal_port, self.pki.context(name))
        except (ssl.SSLError, ConnectionError):
            return False  # refused in the handshake
        if closed_without_response(sock):
            return False  # TLS 1.3: the refusal arrives on the first read
        return True

    def wait_until(self, condition, what, timeout=5.0):
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                self.fail(what + "\n" + self.server.stderr_tail())
            time.sleep(0.1)

    def auth_failure_counts(self):
        self.assertEqual(self.server.stop(), 0, self.server.stderr_tail())
        totals = {}
        for row in n.query(self.server, "SELECT event FROM audit_events WHERE action = 'auth.failure'"):
            for reason, count in json.loads(row[0])["details"]["counts"].items():
                totals[reason] = totals.get(reason, 0) + count
        return totals

    def test_a_client_certificate_that_is_a_ca_is_refused_at_the_handshake(self):
        self.start_server()
        self.assertTrue(self.accepted("alpha"))
        self.assertFalse(self.accepted("ca-client"))
        self.assertEqual(self.auth_failure_counts().get("certificate_is_ca"), 1)

    def test_a_revoked_certificate_is_refused_and_an_unrevoked_one_from_the_same_ca_accepted(self):
        self.start_with_crl(self.pki.crl(["alpha"]))
        self.assertFalse(self.accepted("alpha"))
        self.assertTrue(self.accepted("bravo"))
        self.assertFalse(self.accepted("alpha"))
        counts = self.auth_failure_counts()
        self.assertEqual(counts.get("certificate_revoked"), 2, counts)

    def test_replacing_the_crl_file_revokes_a_second_certificate_without_restart(self):
        self.start_with_crl(self.pki.crl(["alpha"]))
        self.assertTrue(self.accepted("bravo"))
        self.write_crl(self.pki.crl(["alpha", "bravo"]))
        self.wait_until(lambda: not self.accepted("bravo"), "bravo still accepted after the CRL file was replaced")
        self.assertFalse(self.accepted("alpha"))
        loaded = [r for r in self.server.log_records() if r.get("event") == "crl_loaded"]
        self.assertEqual(loaded[-1], {"event": "crl_loaded", "listener": "internal", "crls": 1, "revoked": 2})

    def test_sighup_reloads_the_crl_even_when_the_file_looks_unchanged(self):
        first = self.pki.crl(["alpha"])
        self.start_with_crl(first)
        before = os.stat(self.crl_path)
        # A CRL revoking bravo instead, of the same size (ECDSA signatures vary in length: retry), given the old
        # modification time back, so the once-a-second check cannot see the change; only SIGHUP re-reads it.
        second = next(t for t in (self.pki.crl(["bravo"]) for _ in range(40)) if len(t) == len(first))
        self.write_crl(second, times_ns=(before.st_atime_ns, before.st_mtime_ns))
        self.assertEqual(os.stat(self.crl_path).st_size, before.st_size)
        time.sleep(2.5)
        self.assertTrue(self.accepted("bravo"), "the poll re-read a file whose mtime and size did not change")
        self.server.signal(signal.SIGHUP)
        self.wait_until(lambda: not self.accepted("bravo"), "bravo still accepted after SIGHUP")
        self.assertTrue(self.accepted("alpha"))
        self.assertTrue(self.server.running(), "SIGHUP must not stop the server")

    def test_a_session_resumed_after_its_certificate_was_revoked_is_closed(self):
        self.start_with_crl(self.pki.crl([]))
        for maximum in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            with self.subTest(maximum=maximum):
                self.write_crl(self.pki.crl([]))
                self.wait_until(lambda: self.accepted("alpha"), "alpha not accepted under an empty CRL")
                ctx = self.pki.context("alpha")
                ctx.maximum_version = maximum
                first = harness.Http(tls_connect(self.server.internal_port, ctx))
                self.assertEqual(first.request("GET", "/api/v1/whoami").status, 403)  # collects TLS 1.3 tickets
                session = first.sock.session
                first.close()
                self.write_crl(self.pki.crl(["alpha"]))
                self.wait_until(lambda: not self.accepted("alpha"), "alpha still accepted after revocation")
                # Resumption skips certificate verification, so the handshake itself succeeds.
                sock = tls_connect(self.server.internal_port, ctx, session=session)
                self.assertTrue(sock.session_reused, "the server did not resume the session")
                self.assertTrue(closed_without_response(sock), "a resumed session outlived its revocation")

    def test_a_crl_that_does_not_parse_on_reload_keeps_the_previous_one(self):
        self.start_with_crl(self.pki.crl(["alpha"]))
        self.write_crl(GARBAGE_CRL)
        self.wait_until(lambda: any(r.get("event") == "crl_reload_failed" for r in self.server.log_records()),
                        "no crl_reload_failed log line")
        self.assertFalse(self.accepted("alpha"))
        self.assertTrue(self.accepted("bravo"))
        failed = [r for r in self.server.log_records() if r.get("event") == "crl_reload_failed"]
        self.assertEqual(len(failed), 1, "a bad file is reported once, not every second")
        self.assertEqual(failed[0]["kept"], "previous CRLs")

    def test_a_removed_crl_file_keeps_the_crls_in_force_and_is_reported_once(self):
        self.start_with_crl(self.pki.crl(["alpha"]))
        os.remove(self.crl_path)
        self.wait_until(lambda: any(r.get("event") == "crl_reload_failed" for r in self.server.log_records()),
                        "no crl_reload_failed log line")
        time.sleep(2.2)
        self.assertFalse(self.accepted("alpha"))
        failed = [r for r in self.server.log_records() if r.get("event") == "crl_reload_failed"]
        self.assertEqual(len(failed), 1, failed)

    def test_a_bad_crl_stops_start_up(self):
        for text, message in ((GARBAGE_CRL, "damaged CRL"), ("", "holds no CRL"),
                              (self.pki.crl([], self.pki.other_ca_cert, self.pki.other_ca_key), "not signed by a CA")):
            with self.subTest(message=message):
                with self.assertRaises(AssertionError) as refused:
                    self.start_with_crl(text)
                self.assertIn("exited with 2", str(refused.exception))
                self.assertIn(message, str(refused.exception))

    def test_the_auth_failure_event_counts_each_reason(self):
        self.start_with_crl(self.pki.crl(["alpha"]))
        self.assertFalse(self.accepted("alpha"))
        self.assertFalse(self.accepted("ca-client"))
        self.assertFalse(self.accepted("ca-client"))
        self.assertTrue(closed_without_response(tls_connect(self.server.internal_port)))  # no certificate
        counts = self.auth_failure_counts()
        self.assertEqual(counts.get("certificate_revoked"), 1, counts)
        self.assertEqual(counts.get("certificate_is_ca"), 2, counts)
        self.assertEqual(counts.get("certificate_rejected"), 1, counts)


if __name__ == "__main__":
    unittest.main()
