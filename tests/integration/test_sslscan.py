"""sslscan against both listeners: only TLS 1.2/1.3, only forward-secret AEAD suites.

The internal listener demands a client certificate, so sslscan without one still enumerates the protocols
(it probes them with raw ClientHellos) but cannot list the TLS 1.2 suites (those probes are full handshakes).
The internal listener is therefore scanned twice: without a certificate for the protocols, and with
kainuu-intake's certificate (`--certs=` / `--pk=`) for the suites.
"""
import re
import shutil
import subprocess
import unittest

import harness
from harness import Certs, ServerTestCase, openssl_s_server, stop_s_server

CIPHER_LINE = re.compile(r"^(Preferred|Accepted)\s+(\S+)\s+(\d+)\s+bits\s+(\S+)", re.M)


def sslscan(port, client=None):
    cmd = ["sslscan", "--no-colour"]
    if client:
        pem, key = Certs.get().client(client)
        cmd += [f"--certs={pem}", f"--pk={key}"]
    cmd.append(f"{harness.HOST}:{port}")
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60).stdout


def protocol_states(out):
    return dict(re.findall(r"^(SSLv2|SSLv3|TLSv1\.[0-3])\s+(enabled|disabled)", out, re.M))


def weaknesses(out):
    """Everything in an sslscan report that a server on the internet must not offer."""
    found = []
    for proto, state in protocol_states(out).items():
        if proto in ("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1") and state == "enabled":
            found.append(f"{proto} enabled")
    for _, proto, bits, suite in CIPHER_LINE.findall(out):
        if proto in ("SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1"):
            found.append(f"{suite} offered over {proto}")
        if "CBC" in suite or (proto == "TLSv1.2" and not re.search(r"GCM|CHACHA20|CCM", suite)):
            found.append(f"{suite}: not AEAD (CBC)")
        if suite.endswith("-SHA") or suite.endswith("_SHA"):
            found.append(f"{suite}: SHA-1 MAC")
        if proto != "TLSv1.3" and not re.match(r"(ECDHE|DHE)-", suite):
            found.append(f"{suite}: static (non forward-secret) key exchange")
        if re.search(r"RC4|3DES|DES-|NULL|EXP|ANON|MD5", suite, re.I):
            found.append(f"{suite}: broken cipher")
        if int(bits) < 128:
            found.append(f"{suite}: {bits} bits")
    if re.search(r"^Insecure session renegotiation supported", out, re.M):
        found.append("insecure renegotiation")
    if re.search(r"^Compression enabled", out, re.M):
        found.append("TLS compression")
    if re.search(r"^(?!.*\bnot\b).*vulnerable to heartbleed", out, re.M):
        found.append("heartbleed")
    return found


class SslScan(ServerTestCase):
    def setUp(self):
        # deploy/dev.sh installs it; without it this test proves nothing, so it fails.
        self.assertIsNotNone(shutil.which("sslscan"), "sslscan is not installed (apt-get install sslscan)")

    def assert_scan_is_clean(self, out, what):
        states = protocol_states(out)
        self.assertEqual(states.get("TLSv1.3"), "enabled", f"{what}: TLS 1.3 not enabled\n{out}")
        self.assertEqual(weaknesses(out), [], f"{what}\n{out}")

    def test_public_listener_offers_only_modern_tls(self):
        server = self.start_server()
        out = sslscan(server.public_port)
        self.assert_scan_is_clean(out, "public")
        suites = CIPHER_LINE.findall(out)
        self.assertTrue(any(p == "TLSv1.2" for _, p, _, _ in suites), f"no TLS 1.2 suite listed: vacuous\n{out}")

    def test_internal_listener_offers_only_modern_tls(self):
        server = self.start_server()
        without_cert = sslscan(server.internal_port)
        self.assertEqual(set(protocol_states(without_cert)), {"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2",
                                                              "TLSv1.3"}, without_cert)
        self.assert_scan_is_clean(without_cert, "internal, no client certificate")
        with_cert = sslscan(server.internal_port, client="kainuu-intake")
        self.assert_scan_is_clean(with_cert, "internal, kainuu-intake certificate")
        suites = CIPHER_LINE.findall(with_cert)
        self.assertTrue(any(p == "TLSv1.2" for _, p, _, _ in suites), f"no TLS 1.2 suite listed: vacuous\n{with_cert}")

    def test_control_the_checks_catch_a_weak_server(self):
        # A deliberately weak openssl s_server: proves the parsing above would notice CBC, SHA-1 and old TLS.
        weak, port = openssl_s_server("-cipher", "ALL:@SECLEVEL=0")
        try:
            found = " | ".join(weaknesses(sslscan(port)))
        finally:
            stop_s_server(weak)
        for expected in ("TLSv1.0 enabled", "TLSv1.1 enabled", "not AEAD", "SHA-1 MAC"):
            self.assertIn(expected, found)


if __name__ == "__main__":
    unittest.main(verbosity=2)
