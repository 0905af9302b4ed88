"""HTTP/1.1 framing as RFC 9112 asks, over real TLS: no body can be read as a second request, HEAD works
wherever GET does, bad JSON is a 400 and an Idempotency-Key belongs to one form."""
import uuid

import harness
from harness import ServerTestCase
import notices as n

FORM = "child-welfare-notification"
SUBMISSION = n.submission_path(FORM).encode()
SMUGGLED = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"


def chunked(data):
    return b"%x\r\n" % len(data) + data + b"\r\n0\r\n\r\n"


class Framing(ServerTestCase):
    def setUp(self):
        self.start_server({"rate_per_minute": 1000000, "rate_burst": 100000})

    def assert_answered_then_closed(self, conn, statuses):
        """One problem+json answer with a status in `statuses`, `Connection: close`, and nothing after it."""
        response = conn.read_response()
        self.assertIn(response.status, statuses, response)
        self.assert_problem(response, response.status)
        self.assertEqual(response.header("connection", "").lower(), "close", response)
        with self.assertRaises((harness.ConnectionClosed, ConnectionError, OSError)):
            second = conn.read_response(timeout=2)
            self.fail(f"a second response came from the same bytes: {second}")
        return response

    def test_transfer_encoding_other_than_chunked_is_refused_and_its_body_never_becomes_a_request(self):
        for te, body in (("gzip", SMUGGLED), ("identity", SMUGGLED), ("xchunked", SMUGGLED),
                         ("chunked, identity", SMUGGLED), ("gzip, chunked", chunked(SMUGGLED)),
                         ("chunked;q=1", chunked(SMUGGLED))):
            with self.subTest(te=te):
                conn = self.connect()
                conn.send(b"POST " + SUBMISSION + b" HTTP/1.1\r\nHost: localhost\r\n"
                          b"Content-Type: application/json\r\nTransfer-Encoding: " + te.encode() + b"\r\n\r\n" + body)
                problem = self.assert_answered_then_closed(conn, (501,)).json()
                self.assertEqual(problem["code"], "unsupported_transfer_encoding")
        self.assertEqual(n.stored_notices(self.server), 0)

    def test_repeated_transfer_encoding_fields_are_refused(self):
        conn = self.connect()
        conn.send(b"POST " + SUBMISSION + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(b"{}") + SMUGGLED)
        self.assert_answered_then_closed(conn, (400, 501))  # Beast's parser refuses it first (400)

    def test_transfer_encoding_in_an_http10_request_is_400(self):
        conn = self.connect()
        conn.send(b"POST " + SUBMISSION + b" HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n" + chunked(b"{}") + SMUGGLED)
        self.assertEqual(self.assert_answered_then_closed(conn, (400,)).json()["code"], "transfer_encoding_in_http10")

    def test_transfer_encoding_with_content_length_is_refused(self):
        conn = self.connect()
        conn.send(b"POST " + SUBMISSION + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(SMUGGLED))
        self.assert_answered_then_closed(conn, (400, 501))

    def test_plain_chunked_body_is_still_accepted(self):
        conn = self.connect()
        body = n.encode(n.notice(FORM, home="205"))
        conn.send(b"POST " + SUBMISSION + b" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % 10 + body[:10] + b"\r\n" +
                  b"%x\r\n" % (len(body) - 10) + body[10:] + b"\r\n0\r\n\r\n")
        self.assertEqual(conn.read_response().status, 201)
        self.assertEqual(conn.request("GET", "/healthz").status, 200, "the connection stays usable")

    def test_chunk_size_that_overflows_is_a_400_answer(self):
        for size in (b"ffffffffffffffffffff", b"10000000000000000"):
            with self.subTest(size=size):
                conn = self.connect()
                conn.send(b"POST " + SUBMISSION + b" HTTP/1.1\r\nHost: localhost\r\n"
                          b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + size + b"\r\n{}")
                self.assertEqual(self.assert_answered_then_closed(conn, (400, 413)).json()["code"] in
                                 ("malformed_body", "payload_too_large", "body_too_large"), True)

    def test_two_host_fields_are_400(self):
        conn = self.connect()
        conn.send(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n")
        self.assertEqual(self.assert_answered_then_closed(conn, (400,)).json()["code"], "duplicate_host")

    def test_absolute_form_target_is_accepted(self):
        conn = self.connect()
        for target in (f"https://localhost:{self.server.public_port}/healthz", "https://other.example/healthz",
                       "HTTPS://localhost/api/v1/municipalities"):
            with self.subTest(target=target):
                response = conn.request("GET", target)
                self.assertEqual(response.status, 200, response)
        internal = self.connect("internal", "kainuu-intake")
        response = internal.request("GET", f"https://localhost:{self.server.internal_port}/api/v1/queues")
        self.assertEqual(response.status, 200, response)
        self.assertIn("queues", response.json())

    def test_target_in_no_known_form_is_400(self):
        for target in ("healthz", "*", "ftp://localhost/healthz", "https://user@localhost/healthz"):
            with self.subTest(target=target):
                conn = self.connect()
                conn.send(b"GET " + target.encode() + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
                self.assertEqual(self.assert_answered_then_closed(conn, (400,)).json()["code"], "invalid_target")


class Head(ServerTestCase):
    def setUp(self):
        self.start_server()

    def assert_head_matches_get(self, conn, target):
        get = conn.request("GET", target)
        head = conn.request("HEAD", target)
        self.assertEqual(head.status, get.status, head)
        self.assertEqual(head.body, b"")
        for name in ("content-type", "content-length", "cache-control", "etag"):
            self.assertEqual(head.header(name), get.header(name), f"{target} {name}")
        # Nothing followed the HEAD's headers: the next answer on the connection is whole.
        again = conn.request("GET", target)
        self.assertEqual((again.status, again.body), (get.status, get.body))
        return get

    def test_head_is_answered_wherever_get_is_with_the_gets_headers_and_no_body(self):
        conn = self.connect()
        for target in ("/healthz", "/readyz", "/api/v1/municipalities", "/", "/schema/translations.json"):
            with self.subTest(target=target):
                self.assertLess(self.assert_head_matches_get(conn, target).status, 400)
        internal = self.connect("internal", "kainuu-intake")
        for target in ("/api/v1/whoami", "/api/v1/queues"):
            with self.subTest(target=target):
                self.assertEqual(self.assert_head_matches_get(internal, target).status, 200)

    def test_405_lists_head_beside_get(self):
        response = self.server.request("DELETE", "/api/v1/municipalities")
        self.assert_problem(response, 405)
        allowed = {m.strip() for m in response.header("allow", "").split(",")}
        self.assertEqual(allowed, {"GET", "HEAD"})

    def test_head_is_not_a_post(self):
        response = self.server.request("HEAD", n.submission_path(FORM))
        self.assertEqual(response.status, 405, response)
        self.assertEqual(response.header("allow"), "POST")
        self.assertEqual(n.stored_notices(self.server), 0)


class Bodies(ServerTestCase):
    def setUp(self):
        self.start_server({"rate_per_minute": 1000000, "rate_burst": 100000})

    def test_malformed_json_is_400_on_both_listeners_and_a_schema_break_stays_422(self):
        conn = self.connect()
        for body in (b"not json", b'{"child": {}} trailing', b'{"n": NaN}', b"\xff\xfe{}", b"{", b""):
            with self.subTest(body=body):
                response = n.post(conn, FORM, None, body=body)
                problem = self.assert_problem(response, 400)
                self.assertEqual(problem["code"], "invalid_json")
                self.assertEqual({"pointer", "code", "message"}, set(problem["errors"][0]))
        self.assertEqual(self.assert_problem(n.post(conn, FORM, {"child": 7}), 422)["code"], "validation_failed")
        self.assertEqual(self.assert_problem(n.post(conn, FORM, None, body=b"[1, 2]"), 422)["code"],
                         "validation_failed")
        internal = self.connect("internal", "kainuu-intake")
        for body in (b"not json", b'{"max": 1} x', b'{"max": NaN}'):
            with self.subTest(internal=body):
                response = internal.request("POST", "/api/v1/queues/kainuu-children/lease",
                                            {"Content-Type": "application/json"}, body)
                self.assertEqual(self.assert_problem(response, 400)["code"], "invalid_json")
        self.assertEqual(n.stored_notices(self.server), 0)
        self.assertEqual(n.half_written_in(self.server), [])

    def test_idempotency_key_is_scoped_to_the_form(self):
        conn = self.connect()
        key = str(uuid.uuid4())
        first = n.post(conn, FORM, n.notice(FORM, home="205"), key)
        self.assertEqual(first.status, 201, first)
        other_form = "contact-request"
        other = n.post(conn, other_form, n.notice(other_form, home="205"), key)
        self.assertEqual(other.status, 201, other)
        self.assertIsNone(other.header("idempotent-replayed"), "another form's notice is not a replay")
        self.assertNotEqual(other.json()["id"], first.json()["id"])
        self.assertEqual(other.json()["form"], other_form)
        # Each form still replays its own.
        again = n.post(conn, other_form, n.notice(other_form, home="205"), key)
        self.assertEqual((again.status, again.header("idempotent-replayed")), (201, "true"))
        self.assertEqual(again.json()["id"], other.json()["id"])
        self.assertEqual(n.stored_notices(self.server), 2)

    def test_201_has_no_location_to_a_resource_that_does_not_exist(self):
        response = n.post(self.connect(), FORM, n.notice(FORM, home="205"))
        self.assertEqual(response.status, 201, response)
        self.assertIsNone(response.header("location"))
