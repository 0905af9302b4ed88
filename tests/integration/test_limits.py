"""Connection-level limits: slow clients are cut off on time and a full server sheds excess connections."""
import select
import socket
import ssl
import threading
import time
import unittest

import harness
from harness import ServerTestCase, closed_without_response, tls_connect

MARGIN = 2.0  # seconds a timeout may overrun (timer granularity, a loaded 2-core machine)
EARLY = 1.0  # seconds a timeout may fire early (the server may start its clock at accept)


def wait_closed(sock, timeout):
    """Reads until the peer closes; returns (seconds waited, bytes received). Raises socket.timeout."""
    start = time.monotonic()
    received = b""
    sock.settimeout(timeout)
    try:
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    except (ssl.SSLError, ConnectionError):
        pass
    return time.monotonic() - start, received


class Timeouts(ServerTestCase):
    def test_slow_loris_is_cut_off_after_header_timeout_while_others_are_served(self):
        server = self.start_server({"header_timeout_seconds": 2})
        conn = self.connect()
        payload = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 60
        outcome = {}

        def loris():
            start = time.monotonic()
            try:
                for i in range(len(payload)):
                    conn.sock.send(payload[i:i + 1])  # one header byte a second
                    readable, _, _ = select.select([conn.sock], [], [], 1.0)
                    if readable:
                        _, data = wait_closed(conn.sock, 2.0)
                        outcome.update(elapsed=time.monotonic() - start, data=data)
                        return
            except (OSError, ssl.SSLError) as e:
                outcome.update(elapsed=time.monotonic() - start, data=b"", error=e)
                return
            outcome.update(elapsed=None)

        thread = threading.Thread(target=loris, daemon=True)
        thread.start()
        time.sleep(1.0)
        started = time.monotonic()
        response = server.get("/healthz")
        self.assertEqual(response.status, 200)
        self.assertLess(time.monotonic() - started, 1.0, "the server stalled while a slow client was connected")
        thread.join(15)
        self.assertIsNotNone(outcome.get("elapsed"), "the slow client was never disconnected")
        self.assertLessEqual(outcome["elapsed"], 2 + MARGIN, outcome)
        self.assertGreaterEqual(outcome["elapsed"], 2 - EARLY, outcome)
        if outcome["data"]:
            self.assertRegex(outcome["data"], rb"^HTTP/1\.1 408 ", "only a 408 may precede the disconnect")

    def test_connection_that_never_starts_tls_is_dropped_after_handshake_start_timeout(self):
        server = self.start_server({"handshake_start_timeout_seconds": 2, "handshake_timeout_seconds": 30})
        raw = socket.create_connection((harness.HOST, server.public_port))
        self.addCleanup(raw.close)
        elapsed, data = wait_closed(raw, 2 + MARGIN + 3)
        self.assertEqual(data, b"")
        self.assertTrue(2 - EARLY <= elapsed <= 2 + MARGIN, elapsed)

    def test_stalled_half_client_hello_is_dropped_after_handshake_timeout(self):
        server = self.start_server({"handshake_timeout_seconds": 2})
        for port in (server.public_port, server.internal_port):
            raw = socket.create_connection((harness.HOST, port))
            self.addCleanup(raw.close)
            raw.sendall(b"\x16\x03\x01\x01\x00\x01\x00\x00\xfc\x03\x03")  # a record announcing 256 bytes, then silence
            elapsed, _ = wait_closed(raw, 2 + MARGIN + 3)
            self.assertTrue(2 - EARLY <= elapsed <= 2 + MARGIN, f"port {port}: {elapsed}")

    def test_stalled_body_is_cut_off_after_body_timeout(self):
        server = self.start_server({"body_timeout_seconds": 2})
        conn = self.connect()
        conn.send_request("POST", "/api/v1/submissions/child-welfare-notification",
                          {"Content-Type": "application/json", "Content-Length": "100"})
        conn.send(b'{"partial": ')
        elapsed, data = wait_closed(conn.sock, 2 + MARGIN + 3)
        self.assertTrue(2 - EARLY <= elapsed <= 2 + MARGIN, elapsed)
        if data:
            self.assertRegex(data, rb"^HTTP/1\.1 (408|400) ")

    def test_idle_keep_alive_connection_is_closed_after_idle_timeout(self):
        server = self.start_server({"idle_timeout_seconds": 2})
        conn = self.connect()
        self.assertEqual(conn.request("GET", "/healthz").status, 200)
        elapsed, data = wait_closed(conn.sock, 2 + MARGIN + 3)
        self.assertEqual(data, b"")
        self.assertTrue(2 - EARLY <= elapsed <= 2 + MARGIN, elapsed)


class MaxConnections(ServerTestCase):
    def test_excess_connection_is_closed_at_once_and_a_freed_slot_is_reused(self):
        server = self.start_server({"max_connections": 5, "header_timeout_seconds": 30, "idle_timeout_seconds": 30})
        time.sleep(0.3)  # let the start-up probe's connection end
        idle = [self.connect() for _ in range(5)]

        started = time.monotonic()
        try:
            sock = tls_connect(server.public_port, timeout=5)
        except (ssl.SSLError, ConnectionError):
            pass
        else:
            self.assertTrue(closed_without_response(sock), "the sixth connection was served")
        self.assertLess(time.monotonic() - started, 2.0, "the sixth connection was not closed at once")

        # The limit is per listener: the internal one is still open.
        self.assertEqual(server.get("/healthz", listener="internal", client="kainuu-intake").status, 200)

        idle[0].close()
        deadline = time.monotonic() + 3
        while True:
            try:
                conn = self.connect()
                self.assertEqual(conn.request("GET", "/healthz").status, 200)
                break
            except (ssl.SSLError, ConnectionError):
                if time.monotonic() > deadline:
                    self.fail("no new connection accepted after one of five was closed")
                time.sleep(0.1)
        for conn in idle[1:]:  # the five were really held open, and still work
            self.assertEqual(conn.request("GET", "/healthz").status, 200)

    def test_connection_the_server_closed_on_idle_timeout_frees_its_slot(self):
        # Like a pooled HTTP client, this one neither reads nor answers the server's close_notify.
        server = self.start_server({"max_connections": 2, "idle_timeout_seconds": 1})
        time.sleep(0.3)
        pooled = self.connect()
        self.assertEqual(pooled.request("GET", "/healthz").status, 200)
        time.sleep(1 + MARGIN)  # the server has given up on it
        for _ in range(2):
            conn = self.connect()
            self.assertEqual(conn.request("GET", "/healthz").status, 200)


if __name__ == "__main__":
    unittest.main(verbosity=2)
