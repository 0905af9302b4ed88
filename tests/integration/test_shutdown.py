"""Graceful shutdown: SIGTERM stops accepting, lets in-flight requests finish within the grace period, and a
second signal ends the process at once."""
import signal
import socket
import ssl
import time
import unittest

import harness
from harness import ServerTestCase, tls_connect

SUBMISSION = "/api/v1/submissions/child-welfare-notification"
BODY = b'{"padding": "' + b"x" * 180 + b'"}'


class GracefulShutdown(ServerTestCase):
    def start_in_flight_request(self):
        """A POST whose headers and half of whose body have reached the server."""
        conn = self.connect()
        conn.send_request("POST", SUBMISSION, {"Content-Type": "application/json", "Content-Length": str(len(BODY))})
        conn.send(BODY[:len(BODY) // 2])
        time.sleep(0.3)
        return conn

    def assert_not_accepting(self, port):
        """After SIGTERM a new connection is refused, or closed before its TLS handshake completes."""
        try:
            raw = socket.create_connection((harness.HOST, port), timeout=2)
        except ConnectionRefusedError:
            return
        raw.close()
        try:
            sock = tls_connect(port, timeout=2)
        except (ssl.SSLError, ConnectionError, socket.timeout):
            return
        sock.close()
        self.fail(f"port {port} still completes TLS handshakes after SIGTERM")

    def test_in_flight_request_completes_after_sigterm_and_the_process_exits_0(self):
        server = self.start_server({"shutdown_grace_seconds": 5})
        conn = self.start_in_flight_request()
        signalled = time.monotonic()
        server.signal(signal.SIGTERM)
        time.sleep(0.5)
        self.assertTrue(server.running(), "the server exited without waiting for the in-flight request")
        self.assert_not_accepting(server.public_port)
        self.assert_not_accepting(server.internal_port)
        conn.send(BODY[len(BODY) // 2:])
        response = conn.read_response(timeout=3)  # raises unless a whole response arrives
        self.assertGreaterEqual(response.status, 200, response)
        code = server.wait(5 + 1 - (time.monotonic() - signalled))
        self.assertEqual(code, 0, "exit code after graceful shutdown\n" + server.stderr_tail())

    def test_idle_keep_alive_connections_do_not_delay_shutdown(self):
        server = self.start_server({"shutdown_grace_seconds": 10, "idle_timeout_seconds": 60})
        conn = self.connect()
        self.assertEqual(conn.request("GET", "/healthz").status, 200)
        started = time.monotonic()
        server.signal(signal.SIGTERM)
        code = server.wait(10 + 2)
        self.assertEqual(code, 0, server.stderr_tail())
        self.assertLess(time.monotonic() - started, 2.0, "an idle connection held the shutdown up")

    def assert_second_signal_exits_at_once(self, second):
        server = self.start_server({"shutdown_grace_seconds": 20})
        self.start_in_flight_request()
        server.signal(signal.SIGTERM)
        time.sleep(0.5)
        # Control: the first signal waits for the in-flight request, so a prompt exit below is the second's doing.
        self.assertTrue(server.running(), "the server did not wait for the in-flight request")
        started = time.monotonic()
        server.signal(second)
        code = server.wait(3)
        self.assertIsNotNone(code, f"{second.name} during the grace period did not end the process")
        self.assertLess(time.monotonic() - started, 2.0)

    def test_second_sigterm_during_grace_exits_at_once(self):
        self.assert_second_signal_exits_at_once(signal.SIGTERM)

    def test_sigint_during_grace_exits_at_once(self):
        self.assert_second_signal_exits_at_once(signal.SIGINT)


if __name__ == "__main__":
    unittest.main(verbosity=2)
