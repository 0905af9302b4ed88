"""One address cannot take every connection or every token, over real TLS: the per-address connection cap,
the handshake-start timeout, the separate budgets for reading forms and for submitting, trusted reverse proxies,
and the internal listener's answers to strangers' ids."""
import socket
import sqlite3
import ssl
import threading
import time
import unittest
import uuid

import harness
from harness import ServerTestCase, closed_without_response, tls_connect
import notices as n

MARGIN = 2.0  # seconds a timeout may overrun on a loaded 2-core machine
EARLY = 1.0
FORM = "child-welfare-notification"
OTHER_ADDRESS = "127.0.0.2"  # Linux routes all of 127/8 to loopback: a second client address


def raw_from(address, port):
    """A TCP connection from `address` that never says a word."""
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((address, 0))
    s.settimeout(5)
    s.connect((harness.HOST, port))
    return s


def tls_from(address, port, client=None):
    raw = raw_from(address, port)
    return harness.Http(harness.client_context(client).wrap_socket(raw, server_hostname=harness.SERVER_NAME))


def refused_at_once(sock, within=2.0):
    """The server closes `sock` without a byte, well before any timeout."""
    started = time.monotonic()
    sock.settimeout(within + 1)
    try:
        data = sock.recv(1)
    except (ConnectionError, socket.timeout, OSError):
        data = b""
    return data == b"" and time.monotonic() - started < within


class PerAddressCap(ServerTestCase):
    def test_one_address_is_capped_from_accept_while_another_still_gets_in(self):
        server = self.start_server({"max_connections_per_address": 3, "max_connections": 20,
                                    "handshake_start_timeout_seconds": 30})
        time.sleep(0.3)  # the start-up probe's connection ends
        for port, client in ((server.public_port, None), (server.internal_port, "kainuu-intake")):
            with self.subTest(port=port):
                # Bare TCP connections that never start TLS count: the cap is taken at accept.
                silent = [raw_from(harness.HOST, port) for _ in range(3)]
                time.sleep(0.2)
                self.assertTrue(refused_at_once(raw_from(harness.HOST, port)), "a fourth connection was kept")
                other = tls_from(OTHER_ADDRESS, port, client)
                self.assertEqual(other.request("GET", "/healthz").status, 200, "another address was refused")
                other.close()
                silent[0].close()
                deadline = time.monotonic() + 3
                while True:
                    try:
                        conn = tls_from(harness.HOST, port, client)
                        self.assertEqual(conn.request("GET", "/healthz").status, 200)
                        conn.close()
                        break
                    except (ssl.SSLError, ConnectionError, socket.timeout, harness.ConnectionClosed):
                        if time.monotonic() > deadline:
                            self.fail("the freed place was not given back to its address")
                        time.sleep(0.1)
                for s in silent[1:]:
                    s.close()
                time.sleep(0.3)

    def test_the_default_cap_is_well_below_max_connections(self):
        server = self.start_server({"handshake_start_timeout_seconds": 30})
        time.sleep(0.3)
        held = []
        self.addCleanup(lambda: [s.close() for s in held])
        for _ in range(128):
            held.append(raw_from(harness.HOST, server.public_port))
        time.sleep(0.3)
        self.assertTrue(refused_at_once(raw_from(harness.HOST, server.public_port)), "the 129th was kept")
        other = tls_from(OTHER_ADDRESS, server.public_port)
        self.assertEqual(other.request("GET", "/healthz").status, 200)
        other.close()

    def test_a_trusted_proxy_counts_only_against_max_connections(self):
        server = self.start_server({"max_connections_per_address": 2, "max_connections": 20,
                                    "handshake_start_timeout_seconds": 30},
                                   listeners={"public": {"trusted_proxies": ["127.0.0.1"]}})
        time.sleep(0.3)
        held = [raw_from(harness.HOST, server.public_port) for _ in range(5)]
        self.addCleanup(lambda: [s.close() for s in held])
        conn = tls_from(harness.HOST, server.public_port)
        self.assertEqual(conn.request("GET", "/healthz").status, 200)
        conn.close()


class HandshakeStart(ServerTestCase):
    def test_a_connection_that_sends_nothing_is_closed_after_the_short_start_timeout(self):
        server = self.start_server({"handshake_start_timeout_seconds": 1, "handshake_timeout_seconds": 30})
        for port in (server.public_port, server.internal_port):
            raw = raw_from(harness.HOST, port)
            self.addCleanup(raw.close)
            started = time.monotonic()
            raw.settimeout(1 + MARGIN + 5)
            try:
                data = raw.recv(1)
            except (ConnectionError, OSError):
                data = b""
            elapsed = time.monotonic() - started
            self.assertEqual(data, b"")
            self.assertTrue(1 - EARLY <= elapsed <= 1 + MARGIN, f"port {port}: closed after {elapsed:.1f} s")

    def test_a_started_handshake_gets_the_whole_handshake_timeout(self):
        server = self.start_server({"handshake_start_timeout_seconds": 1, "handshake_timeout_seconds": 4})
        raw = raw_from(harness.HOST, server.public_port)
        self.addCleanup(raw.close)
        raw.sendall(b"\x16\x03\x01\x01\x00\x01\x00\x00\xfc\x03\x03")  # half a ClientHello, then silence
        started = time.monotonic()
        raw.settimeout(4 + MARGIN + 5)
        try:
            raw.recv(1)
        except (ConnectionError, OSError):
            pass
        elapsed = time.monotonic() - started
        self.assertTrue(4 - EARLY <= elapsed <= 4 + MARGIN, f"closed after {elapsed:.1f} s")

    def test_a_normal_client_is_unaffected(self):
        server = self.start_server({"handshake_start_timeout_seconds": 1})
        for _ in range(3):
            self.assertEqual(server.get("/healthz").status, 200)
        self.assertEqual(server.get("/api/v1/whoami", listener="internal", client="kainuu-intake").status, 200)


def post_json(server, body=b"{}", headers=None, source=None):
    """One submission on a new connection (a 429 closes its connection), from `source` if given."""
    headers = dict({"Content-Type": "application/json"}, **(headers or {}))
    if source is None:
        return server.request("POST", n.submission_path(FORM), headers, body)
    conn = tls_from(source, server.public_port)
    try:
        return conn.request("POST", n.submission_path(FORM), headers, body)
    finally:
        conn.close()


class Budgets(ServerTestCase):
    def test_loading_forms_and_schemas_does_not_spend_the_submission_budget(self):
        server = self.start_server({"rate_per_minute": 1, "rate_burst": 3})
        conn = self.connect()
        for target in ("/", "/fi/", "/schema/translations.json", f"/schema/{FORM}.json", "/schema/common.schema.json",
                       "/api/v1/municipalities") * 10:
            response = conn.request("GET", target)
            self.assertNotEqual(response.status, 429, f"{target}: {response}")
        statuses = [post_json(server).status for _ in range(3)]
        self.assertNotIn(429, statuses, "the submission budget was spent by reads")
        self.assert_problem(post_json(server), 429)
        # And the other way round: a spent submission budget does not stop anyone reading the form.
        self.assertEqual(server.get("/schema/translations.json").status, 200)

    def test_reads_have_their_own_larger_budget(self):
        server = self.start_server({"read_rate_per_minute": 1, "read_rate_burst": 8, "rate_per_minute": 1,
                                    "rate_burst": 2})
        statuses = [server.get("/healthz").status for _ in range(12)]
        self.assertIn(429, statuses)
        self.assertGreaterEqual(statuses.count(200), 5, statuses)
        self.assertNotEqual(post_json(server).status, 429, "reads spent the submission budget")

    def test_the_internal_listener_limits_each_principal_separately(self):
        server = self.start_server({"principal_rate_per_minute": 1, "principal_rate_burst": 4})
        def queues(client):
            return server.get("/api/v1/queues", listener="internal", client=client)
        statuses = [queues("kainuu-intake").status for _ in range(8)]
        self.assertEqual(statuses[:3], [200, 200, 200], statuses)
        self.assertIn(429, statuses)
        limited = queues("kainuu-intake")
        self.assert_problem(limited, 429)
        self.assertGreaterEqual(int(limited.header("retry-after")), 1)
        self.assertEqual(queues("helsinki-intake").status, 200, "one principal's bucket was shared")


class TrustedProxies(ServerTestCase):
    LIMITS = {"rate_per_minute": 1, "rate_burst": 2}

    def spend(self, headers):
        return [post_json(self.server, headers=headers).status for _ in range(3)]

    def test_forwarded_client_addresses_from_a_trusted_proxy_get_their_own_buckets(self):
        self.start_server(self.LIMITS, listeners={"public": {"trusted_proxies": ["127.0.0.0/30"]}})
        first = self.spend({"X-Forwarded-For": "192.0.2.10"})
        self.assertEqual(first[2], 429, first)
        self.assertNotIn(429, self.spend({"X-Forwarded-For": "192.0.2.11"})[:2])
        self.assertNotIn(429, self.spend({"Forwarded": 'for="[2001:db8::7]:4711";proto=https'})[:2])
        # The client's own X-Forwarded-For entries are left of the proxy's: they choose nothing.
        spoofed = self.spend({"X-Forwarded-For": "6.6.6.6, 192.0.2.10"})
        self.assertEqual(spoofed[0], 429, spoofed)

    def test_forwarded_headers_from_anyone_else_are_ignored(self):
        self.start_server(self.LIMITS, listeners={"public": {"trusted_proxies": ["10.0.0.1"]}})
        statuses = [post_json(self.server, headers={"X-Forwarded-For": f"192.0.2.{i}", "Forwarded": f"for=192.0.2.{i}"})
                    .status for i in range(4)]
        self.assertIn(429, statuses[2:], statuses)
        # Nor from a second local address, which is no proxy either.
        other_statuses = [post_json(self.server, headers={"X-Forwarded-For": f"192.0.2.{i}"}, source=OTHER_ADDRESS)
                          .status for i in range(4)]
        self.assertIn(429, other_statuses[2:], other_statuses)


class InternalStrangers(ServerTestCase):
    def test_unknown_or_other_organisations_items_are_404_without_a_write_transaction(self):
        server = self.start_server({"rate_per_minute": 1000, "rate_burst": 1000})
        submitted = n.post(self.connect(), FORM, n.notice(FORM, home="091"))  # Helsinki's
        self.assertEqual(submitted.status, 201, submitted)
        helsinki_id = submitted.json()["id"]
        kainuu = self.connect("internal", "kainuu-intake")
        # Another process holds the database's write lock: anything that needs the writer would wait for it.
        db = sqlite3.connect(n.db_path(server), timeout=10, isolation_level=None)
        db.execute("BEGIN IMMEDIATE")
        try:
            for method, target, body in (
                    ("GET", f"/api/v1/items/{uuid.uuid4()}", b""),
                    ("GET", f"/api/v1/items/{helsinki_id}", b""),
                    ("POST", f"/api/v1/items/{helsinki_id}/ack", b'{"lease_token": "x"}'),
                    ("POST", f"/api/v1/items/{uuid.uuid4()}/release", b'{"lease_token": "x"}'),
                    ("POST", f"/api/v1/items/{helsinki_id}/transfer", b'{"to_queue": "kainuu-children", "reason": "moved"}')):
                with self.subTest(method=method, target=target):
                    started = time.monotonic()
                    response = kainuu.request(method, target, {"Content-Type": "application/json"} if body else {},
                                              body, timeout=15)
                    self.assert_problem(response, 404)
                    self.assertLess(time.monotonic() - started, 2.0, "the answer waited for the writer")
        finally:
            db.execute("ROLLBACK")
            db.close()
        # The owner still reads it (a disclosure, written to the audit log).
        helsinki = self.connect("internal", "helsinki-intake")
        self.assertEqual(helsinki.request("GET", f"/api/v1/items/{helsinki_id}").status, 200)
        self.assertEqual(n.query(server, "SELECT count(*) FROM audit_events WHERE action = 'read' AND object = ?",
                                 (helsinki_id,))[0][0], 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
