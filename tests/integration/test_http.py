"""HTTP behaviour shared by all routes: health, errors as problem+json, limits, security headers, rate limit,
keep-alive and the access log."""
import re
import time
import unittest

from harness import ServerTestCase

SUBMISSION = "/api/v1/submissions/child-welfare-notification"
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


class Routing(ServerTestCase):
    def setUp(self):
        self.start_server()

    def test_healthz_answers_on_both_listeners(self):
        for listener, client in (("public", None), ("internal", "kainuu-intake")):
            response = self.server.get("/healthz", listener=listener, client=client)
            self.assertEqual(response.status, 200, f"{listener}: {response}")
            self.assertEqual(response.media_type(), "application/json")

    def test_readyz_answers_200_when_ready(self):
        self.assertEqual(self.server.get("/readyz").status, 200)

    def test_unknown_route_is_404_problem(self):
        self.assert_problem(self.server.get("/api/v1/no-such-thing"), 404)
        self.assert_problem(self.server.get("/api/v1/no-such-thing", listener="internal", client="kainuu-intake"), 404)

    def test_wrong_method_is_405_with_allow(self):
        response = self.server.request("DELETE", "/healthz")
        self.assert_problem(response, 405)
        allowed = [m.strip() for m in response.header("allow", "").split(",")]
        self.assertIn("GET", allowed, response)
        self.assertNotIn("DELETE", allowed, response)

    def test_submission_with_non_json_media_type_is_415(self):
        response = self.server.request("POST", SUBMISSION, {"Content-Type": "text/plain"}, b"hello")
        self.assert_problem(response, 415)


class BodyAndHeaderLimits(ServerTestCase):
    def setUp(self):
        self.start_server({"max_body_bytes": 4096})

    def test_body_over_limit_announced_by_content_length_is_413_without_reading_it(self):
        conn = self.connect()
        # Only the headers are sent: the server must decide from Content-Length alone.
        conn.send_request("POST", SUBMISSION, {"Content-Type": "application/json", "Content-Length": "5000"})
        self.assert_problem(conn.read_response(timeout=3), 413)

    def test_headers_over_limit_are_431(self):
        conn = self.connect()
        conn.send_request("GET", "/healthz", {"X-Filler": "a" * 9000})  # default max_header_bytes 8192
        self.assert_problem(conn.read_response(timeout=3), 431)

    def test_headers_just_under_limit_are_accepted(self):
        response = self.server.get("/healthz", headers={"X-Filler": "a" * 7000})
        self.assertEqual(response.status, 200, response)

    def test_expect_100_continue_gets_interim_response_before_final(self):
        body = b'{"a": 1}'
        conn = self.connect()
        conn.send_request("POST", SUBMISSION, {"Content-Type": "application/json", "Expect": "100-continue",
                                               "Content-Length": str(len(body))})
        interim = conn.read_response(timeout=3)
        self.assertEqual(interim.status, 100, f"expected 100 Continue before the body was sent, got {interim}")
        conn.send(body)
        final = conn.read_response(timeout=3)
        self.assertGreaterEqual(final.status, 200, final)


class MessageFraming(ServerTestCase):
    """Ambiguous framing is how requests get smuggled past a proxy: refuse it (RFC 9112 6.1, 6.3)."""

    def setUp(self):
        self.start_server({"max_body_bytes": 4096})

    def raw(self, data):
        conn = self.connect()
        conn.send(data)
        return conn, conn.read_response(timeout=3)

    def assert_rejected_and_closed(self, data):
        conn, response = self.raw(data)
        self.assert_problem(response, 400)
        try:
            again = conn.request("GET", "/healthz", timeout=2)
        except (ConnectionError, OSError):
            return
        self.fail(f"connection kept open after a framing error; next request got {again}")

    def test_content_length_together_with_chunked_is_rejected(self):
        smuggled = b"GET /smuggled HTTP/1.1\r\nHost: localhost\r\n\r\n"
        self.assert_rejected_and_closed(
            b"POST " + SUBMISSION.encode() + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + smuggled)

    def test_conflicting_content_lengths_are_rejected(self):
        self.assert_rejected_and_closed(
            b"POST " + SUBMISSION.encode() + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")

    def test_malformed_request_line_is_400(self):
        _, response = self.raw(b"GET /healthz HTTP/1.1 extra\r\nHost: localhost\r\n\r\n")
        self.assert_problem(response, 400)

    def test_http11_request_without_host_is_400(self):
        _, response = self.raw(b"GET /healthz HTTP/1.1\r\n\r\n")
        self.assert_problem(response, 400)

    def test_chunked_body_over_limit_is_413(self):
        chunk = b"a" * 5000
        _, response = self.raw(
            b"POST " + SUBMISSION.encode() + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(chunk) + chunk + b"\r\n0\r\n\r\n")
        self.assert_problem(response, 413)


class SecurityHeaders(ServerTestCase):
    def setUp(self):
        self.start_server()

    def responses(self):
        s = self.server
        return {
            "GET /healthz": s.get("/healthz"),
            "GET /": s.get("/"),
            "GET /api/v1/nope": s.get("/api/v1/nope"),
            "DELETE /healthz": s.request("DELETE", "/healthz"),
            "POST submission text/plain": s.request("POST", SUBMISSION, {"Content-Type": "text/plain"}, b"x"),
            "internal GET /api/v1/whoami": s.get("/api/v1/whoami", listener="internal", client="kainuu-intake"),
            "internal unknown principal": s.get("/api/v1/whoami", listener="internal", client="unknown"),
            "431": s.get("/healthz", headers={"X-Filler": "a" * 9000}),
        }

    def test_every_response_carries_the_security_headers(self):
        for name, r in self.responses().items():
            with self.subTest(name):
                hsts = r.header("strict-transport-security", "")
                m = re.search(r"max-age=(\d+)", hsts)
                self.assertTrue(m and int(m.group(1)) >= 31536000, f"HSTS {hsts!r}")
                csp = r.header("content-security-policy", "")
                self.assertTrue(csp, "no Content-Security-Policy")
                self.assertNotIn("'unsafe-inline'", csp)
                self.assertNotIn("'unsafe-eval'", csp)
                self.assertRegex(csp, r"frame-ancestors\s+'none'")
                self.assertEqual(r.header("x-content-type-options", "").lower(), "nosniff")
                self.assertEqual(r.header("referrer-policy", "").lower(), "no-referrer")

    def test_api_and_problem_responses_are_not_cached(self):
        for name, r in self.responses().items():
            if name == "GET /":
                continue
            with self.subTest(name):
                directives = [d.strip().lower() for d in r.header("cache-control", "").split(",")]
                self.assertIn("no-store", directives, r)


class RateLimit(ServerTestCase):
    def setUp(self):
        self.start_server({"rate_per_minute": 60, "rate_burst": 5, "read_rate_per_minute": 60, "read_rate_burst": 5})

    def test_burst_over_the_bucket_gets_429_with_retry_after(self):
        statuses = []
        for _ in range(10):
            r = self.server.get("/healthz")
            statuses.append(r.status)
            if r.status == 429:
                self.assert_problem(r, 429)
                self.assertRegex(r.header("retry-after", ""), r"^\d+$", r)
                self.assertGreaterEqual(int(r.header("retry-after")), 1)
            else:
                self.assertEqual(r.status, 200, r)
        # The start-up probe took one token; at 1 token/s a fast burst gets at most one more.
        self.assertGreaterEqual(statuses.count(429), 3, statuses)
        self.assertGreaterEqual(statuses.count(200), 3, statuses)
        self.assertEqual(statuses[0], 200, statuses)

    def test_internal_listener_has_its_own_budget_per_principal(self):
        for _ in range(5):
            self.server.get("/healthz")
        for _ in range(10):
            self.assertEqual(self.server.get("/healthz", listener="internal", client="kainuu-intake").status, 200)


class KeepAliveAndLog(ServerTestCase):
    def setUp(self):
        self.start_server()

    def test_two_requests_on_one_connection(self):
        conn = self.connect()
        first = conn.request("GET", "/healthz")
        second = conn.request("GET", "/readyz")
        self.assertEqual((first.status, second.status), (200, 200))
        self.assertNotEqual(first.header("connection", "").lower(), "close")

    def settled_log_count(self, quiet=0.2, timeout=3.0):
        """Access-log lines so far, once no more arrive: the server writes them from a background
        thread, so an earlier test's last line may still be on its way."""
        deadline = time.monotonic() + timeout
        count = len(self.server.request_log())
        while time.monotonic() < deadline:
            time.sleep(quiet)
            now = len(self.server.request_log())
            if now == count:
                break
            count = now
        return count

    def wait_for_log(self, count, timeout=3.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            records = self.server.request_log()
            if len(records) >= count:
                return records
            time.sleep(0.05)
        return self.server.request_log()

    def test_request_log_has_one_json_line_per_request_and_no_query_string(self):
        before = self.settled_log_count()
        self.assertEqual(self.server.get("/healthz?hetu=131052-308T").status, 200)
        self.server.get("/api/v1/nothing-here?name=Matti")
        self.server.get("/api/v1/whoami?hetu=131052-308T", listener="internal", client="kainuu-intake")
        records = self.wait_for_log(before + 3)
        self.assertEqual(len(records), before + 3, records)
        for record in records[before:]:
            for field in ("time", "listener", "method", "route", "status", "duration_ms", "bytes", "principal"):
                self.assertIn(field, record, record)
            self.assertRegex(record["time"], ISO_TIME)
            self.assertIsInstance(record["status"], int)
            self.assertIsInstance(record["duration_ms"], (int, float))
            self.assertIsInstance(record["bytes"], int)
        healthz, missing, whoami = records[before:]
        self.assertEqual((healthz["listener"], healthz["method"], healthz["route"], healthz["status"]),
                         ("public", "GET", "/healthz", 200))
        self.assertIsNone(healthz["principal"])
        self.assertEqual(missing["status"], 404)
        self.assertEqual((whoami["listener"], whoami["principal"], whoami["status"]),
                         ("internal", "kainuu-intake", 200))
        for record in records[before:]:
            self.assertNotIn("?", record["route"], record)
        log = self.server.stderr_text()
        for secret in ("131052", "hetu", "Matti"):
            self.assertNotIn(secret, log, "the query string leaked into the log")

    def test_personal_data_in_an_unknown_path_is_neither_echoed_nor_logged(self):
        before = self.settled_log_count()
        targets = [("public", None, "/131052-308T"), ("public", None, "/api/v1/notices/131052-308T"),
                   ("internal", "kainuu-intake", "/api/v1/notices/131052-308T")]
        for listener, client, target in targets:
            response = self.server.get(target, listener=listener, client=client)
            self.assertEqual(response.status, 404, response)
            self.assertNotIn(b"131052", response.body, f"{target}: the path is echoed in the problem")
        self.assertEqual(len(self.wait_for_log(before + len(targets))), before + len(targets))
        self.assertNotIn("131052", self.server.stderr_text(), "the path leaked into the log")


if __name__ == "__main__":
    unittest.main(verbosity=2)
