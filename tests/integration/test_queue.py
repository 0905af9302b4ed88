"""Intake queues over real TLS: isolation, lease/ack/expire/retry, concurrency, transfer, long-poll, restart.

Notices are submitted to the public listener as a browser would; the counties' systems are played by the
kainuu-intake and helsinki-intake development certificates on the internal listener.
"""
import json
import os
import sqlite3
import threading
import time
import unittest

import harness
import notices as n
from harness import Certs, ConnectionClosed, ServerTestCase

FORM = "child-welfare-notification"
KAINUU_EXAMPLE = "valid-teacher-kajaani.json"               # routes to kainuu-children
HELSINKI_EXAMPLE = "valid-nurse-helsinki-police-suspicion.json"  # routes to helsinki-children
NO_RATE_LIMIT = {"rate_per_minute": 1000000, "rate_burst": 1000000,
                 "principal_rate_per_minute": 1000000, "principal_rate_burst": 1000000}
JSON = {"Content-Type": "application/json"}


def example_body(name):
    """The example as a request body, re-dated to the server's day (notices.dated)."""
    return n.encode(n.example(FORM, name))


class QueueTestCase(ServerTestCase):
    def setUp(self):
        self.start_server(limits=NO_RATE_LIMIT)
        self.public = self.connect("public")
        self.clients = {}

    def submit(self, name, conn=None):
        r = (conn or self.public).request("POST", "/api/v1/submissions/" + FORM, JSON, example_body(name))
        self.assertEqual(r.status, 201, r)
        return r.json()

    def as_(self, client):
        """A keep-alive connection on the internal listener for `client`."""
        if client not in self.clients:
            self.clients[client] = self.connect("internal", client=client)
        return self.clients[client]

    def call(self, client, method, target, body=None, timeout=5.0):
        data = b"" if body is None else json.dumps(body).encode()
        headers = JSON if method == "POST" else {}
        try:
            return self.as_(client).request(method, target, headers, data, timeout=timeout)
        except (ConnectionClosed, BrokenPipeError, ConnectionResetError):
            # The server closes keep-alive connections idle for limits.idle_timeout_seconds (5 s) before
            # reading anything more from them, so sending again on a new connection is safe.
            self.clients.pop(client).close()
            return self.as_(client).request(method, target, headers, data, timeout=timeout)

    def ok(self, client, method, target, body=None, timeout=5.0):
        r = self.call(client, method, target, body, timeout)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def lease(self, client, queue, **body):
        return self.ok(client, "POST", f"/api/v1/queues/{queue}/lease", body, timeout=40)["items"]

    def db(self):
        return sqlite3.connect(f"file:{os.path.join(self.server.workdir, 'data', 'huoli.db')}?mode=ro", uri=True)


class Isolation(QueueTestCase):
    def test_every_endpoint_answers_404_for_another_organisations_queue_and_notice(self):
        kainuu_id = self.submit(KAINUU_EXAMPLE)["id"]
        items = self.lease("kainuu-intake", "kainuu-children", max=1)
        self.assertEqual([i["id"] for i in items], [kainuu_id])
        token = items[0]["lease"]["token"]
        unknown = "00000000-0000-4000-8000-000000000000"
        probes = [
            ("POST", "/api/v1/queues/kainuu-children/lease", {"max": 1}),
            ("GET", "/api/v1/queues/kainuu-children/items", None),
            ("POST", "/api/v1/queues/no-such-queue/lease", {}),
        ]
        for notice in (kainuu_id, unknown):
            probes += [
                ("GET", f"/api/v1/items/{notice}", None),
                ("POST", f"/api/v1/items/{notice}/ack", {"lease_token": token}),
                ("POST", f"/api/v1/items/{notice}/extend", {"lease_token": token, "lease_seconds": 60}),
                ("POST", f"/api/v1/items/{notice}/release", {"lease_token": token}),
                ("POST", f"/api/v1/items/{notice}/transfer", {"to_queue": "helsinki-children", "reason": "moved"}),
            ]
        bodies = set()
        for method, target, body in probes:
            r = self.call("helsinki-intake", method, target, body)
            doc = self.assert_problem(r, 404)
            bodies.add(json.dumps(doc, sort_keys=True))
        self.assertEqual(len(bodies), 1, "a foreign id and an unknown id must look the same")

        queues = self.ok("helsinki-intake", "GET", "/api/v1/queues")["queues"]
        self.assertEqual(sorted(q["id"] for q in queues), ["helsinki-adults", "helsinki-children"])
        self.assertTrue(all(q["depth"] == 0 for q in queues))
        # Nothing the other organisation tried changed the notice: the lease still holds and acknowledges.
        self.assertEqual(self.ok("kainuu-intake", "POST", f"/api/v1/items/{kainuu_id}/ack",
                                 {"lease_token": token})["state"], "acknowledged")

    def test_auditor_may_not_use_queues_but_may_read_metrics(self):
        self.submit(KAINUU_EXAMPLE)
        for method, target in (("POST", "/api/v1/queues/kainuu-children/lease"), ("GET", "/api/v1/queues"),
                               ("GET", "/api/v1/queues/kainuu-children/items")):
            self.assert_problem(self.call("auditor", method, target, {} if method == "POST" else None), 403)
        self.assert_problem(self.call("kainuu-intake", "GET", "/metrics"), 403)
        r = self.call("auditor", "GET", "/metrics")
        self.assertEqual(r.status, 200, r)
        text = r.body.decode()
        self.assertIn('huoli_queue_depth{queue="kainuu-children",state="available"} 1', text)
        self.assertIn(f'huoli_submissions_total{{form="{FORM}",outcome="accepted"}} 1', text)
        self.assertIn(f'huoli_notices_stored{{form="{FORM}"}} 1', text)
        self.assertIn('huoli_queue_overdue{queue="kainuu-children",clock="decision"} 0', text)

    def test_bad_bodies_are_refused_with_json_pointers(self):
        r = self.call("kainuu-intake", "POST", "/api/v1/queues/kainuu-children/lease",
                      {"max": 0, "lease_seconds": 5, "wait_seconds": 31, "colour": "red"})
        doc = self.assert_problem(r, 422)
        self.assertEqual(sorted(e["pointer"] for e in doc["errors"]),
                         ["/colour", "/lease_seconds", "/max", "/wait_seconds"])
        r = self.as_("kainuu-intake").request("POST", "/api/v1/queues/kainuu-children/lease", JSON, b"{nope")
        self.assert_problem(r, 400)
        kainuu_id = self.submit(KAINUU_EXAMPLE)["id"]
        doc = self.assert_problem(self.call("kainuu-intake", "POST", f"/api/v1/items/{kainuu_id}/transfer",
                                            {"to_queue": "atlantis-children", "reason": "moved"}), 422)
        self.assertEqual(doc["errors"][0]["pointer"], "/to_queue")

    def test_bad_listing_queries_are_refused_naming_the_parameter_never_the_value(self):
        items = "/api/v1/queues/kainuu-children/items?"
        for query, parameter, code in (("limit=0", "limit", "out_of_range"), ("limit=201", "limit", "out_of_range"),
                                       ("limit=x", "limit", "invalid_value"), ("state=lost", "state", "invalid_value"),
                                       ("after=zz", "after", "invalid_value"), ("after=%zz", "after", "malformed_escape"),
                                       ("state=leased&state=leased", "state", "repeated_parameter"),
                                       ("hetu=140315A915U", None, "unknown_parameter"),
                                       ("after=%0A", "after", "control_character")):
            doc = self.assert_problem(self.call("kainuu-intake", "GET", items + query), 400)
            self.assertEqual((doc["code"], doc["parameter"]), ("invalid_query", parameter), query)
            self.assertEqual([(e["parameter"], e["code"]) for e in doc["errors"]], [(parameter, code)], query)
            self.assertEqual(set(doc["message"]), {"fi", "sv", "en"}, query)
            self.assertNotIn("140315A915U", json.dumps(doc))
        # `state=` and `after=` with nothing after them are no filter and the first page, as before.
        self.assertEqual(self.ok("kainuu-intake", "GET", items + "state=&after=&limit=5")["items"], [])
        # The audit API answers a bad query with the same document.
        auditor = self.call("auditor", "GET", "/api/v1/audit/events?limit=x")
        listing = self.call("kainuu-intake", "GET", items + "limit=x")
        self.assertEqual(self.assert_problem(auditor, 400), self.assert_problem(listing, 400))


class LeaseCycle(QueueTestCase):
    def test_lease_expire_retry_then_acknowledge_once(self):
        notice = self.submit(KAINUU_EXAMPLE)
        first = self.lease("kainuu-intake", "kainuu-children", max=5, lease_seconds=10)
        self.assertEqual([i["id"] for i in first], [notice["id"]])
        item = first[0]
        self.assertEqual(item["attempts"], 0)
        self.assertEqual(item["receipt"], notice["receipt"])
        self.assertEqual(set(item["submission"]), set(json.loads(example_body(KAINUU_EXAMPLE))), "the full notice")
        self.assertEqual(item["deadlines"]["decision_due"], notice["decision_due"])
        self.assertIn("rule", item["routing"])
        self.assertEqual(self.lease("kainuu-intake", "kainuu-children"), [], "leased: not handed out twice")

        listing = self.ok("kainuu-intake", "GET", "/api/v1/queues/kainuu-children/items?state=leased")
        self.assertEqual([i["id"] for i in listing["items"]], [notice["id"]])
        self.assertNotIn("submission", listing["items"][0])

        time.sleep(10.2)  # the lease expires
        second = self.lease("kainuu-intake", "kainuu-children", lease_seconds=60)
        self.assertEqual([i["id"] for i in second], [notice["id"]])
        self.assertEqual(second[0]["attempts"], 1)
        old, new = item["lease"]["token"], second[0]["lease"]["token"]
        self.assertNotEqual(old, new)

        doc = self.assert_problem(self.call("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/ack",
                                            {"lease_token": old}), 409)
        self.assertEqual(doc["code"], "lease_not_held")
        ext = self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/extend",
                      {"lease_token": new, "lease_seconds": 600})
        self.assertGreater(ext["lease"]["expires_at"], second[0]["lease"]["expires_at"])
        ack = self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/ack",
                      {"lease_token": new, "case_reference": "KAI-2026-0042"})
        again = self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/ack", {"lease_token": new})
        self.assertEqual((ack["repeated"], again["repeated"]), (False, True))
        self.assertEqual(again["acknowledged_at"], ack["acknowledged_at"])
        self.assertEqual(self.lease("kainuu-intake", "kainuu-children"), [], "acknowledged: never again")
        full = self.ok("kainuu-intake", "GET", f"/api/v1/items/{notice['id']}")
        self.assertEqual((full["state"], full["case_reference"]), ("acknowledged", "KAI-2026-0042"))

        with self.db() as db:
            actions = [a for (a,) in db.execute("SELECT action FROM audit_events WHERE object = ? ORDER BY seq",
                                                 (notice["id"],))]
            principals = {json.loads(e)["fingerprint"] for (e,) in db.execute(
                "SELECT event FROM audit_events WHERE object = ? AND action <> 'submit'", (notice["id"],))}
        self.assertEqual(actions, ["submit", "lease", "lease", "extend", "acknowledge", "acknowledge", "read"])
        self.assertEqual(principals, {self.server_fingerprint("kainuu-intake")})

    def server_fingerprint(self, client):
        return Certs.get().fingerprint(client)

    def test_release_hands_the_notice_back_at_once(self):
        notice = self.submit(KAINUU_EXAMPLE)
        item = self.lease("kainuu-intake", "kainuu-children")[0]
        released = self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/release",
                           {"lease_token": item["lease"]["token"]})
        self.assertEqual(released["attempts"], 1)
        again = self.lease("kainuu-intake", "kainuu-children")
        self.assertEqual([i["id"] for i in again], [notice["id"]])


class Concurrency(QueueTestCase):
    NOTICES = 1000
    LEASERS = 8

    def test_eight_leasers_over_a_thousand_notices_get_each_exactly_once(self):
        started = time.monotonic()
        submitted, errors = [], []

        def submitter(count):
            conn = self.server.connect("public", timeout=30)
            try:
                for _ in range(count):
                    r = conn.request("POST", "/api/v1/submissions/" + FORM, JSON, body, timeout=30)
                    if r.status != 201:
                        errors.append(r.status)
                        return
                    submitted.append(r.json()["id"])
            finally:
                conn.close()

        body = example_body(KAINUU_EXAMPLE)
        threads = [threading.Thread(target=submitter, args=(self.NOTICES // 8,)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        self.assertEqual(len(submitted), self.NOTICES)
        submit_seconds = time.monotonic() - started

        delivered = []   # (leaser, id) for every item any lease call returned
        lock = threading.Lock()

        def leaser(k):
            conn = self.server.connect("internal", client="kainuu-intake", timeout=30)
            try:
                while True:
                    r = conn.request("POST", "/api/v1/queues/kainuu-children/lease", JSON,
                                     json.dumps({"max": 20, "lease_seconds": 300}).encode(), timeout=30)
                    if r.status != 200:
                        errors.append(r.status)
                        return
                    items = r.json()["items"]
                    if not items:
                        return
                    with lock:
                        delivered.extend((k, i["id"]) for i in items)
                    for i in items:
                        a = conn.request("POST", f"/api/v1/items/{i['id']}/ack", JSON,
                                         json.dumps({"lease_token": i["lease"]["token"]}).encode(), timeout=30)
                        if a.status != 200:
                            errors.append(a.status)
            finally:
                conn.close()

        started = time.monotonic()
        threads = [threading.Thread(target=leaser, args=(k,)) for k in range(self.LEASERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        lease_seconds = time.monotonic() - started
        self.assertEqual(errors, [])
        ids = [i for _, i in delivered]
        self.assertEqual(len(ids), len(set(ids)), "a notice was delivered twice")
        self.assertEqual(set(ids), set(submitted), "a notice was lost")
        self.assertGreater(len({k for k, _ in delivered}), 1, "the leasers did not run concurrently")
        queues = {q["id"]: q for q in self.ok("kainuu-intake", "GET", "/api/v1/queues")["queues"]}
        self.assertEqual(queues["kainuu-children"]["depth"], 0)
        print(f"\n  {self.NOTICES} submissions in {submit_seconds:.1f} s; leased and acknowledged by "
              f"{self.LEASERS} leasers in {lease_seconds:.1f} s", flush=True)


class Transfer(QueueTestCase):
    def test_transfer_moves_the_notice_to_another_county_with_its_receipt_time_and_deadlines(self):
        notice = self.submit(KAINUU_EXAMPLE)
        seen_by_kainuu = self.lease("kainuu-intake", "kainuu-children")[0]
        moved = self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/transfer",
                        {"to_queue": "helsinki-children", "reason": "moved"})
        self.assertEqual((moved["from_queue"], moved["to_queue"]), ("kainuu-children", "helsinki-children"))
        self.assert_problem(self.call("kainuu-intake", "GET", f"/api/v1/items/{notice['id']}"), 404)
        self.assert_problem(self.call("kainuu-intake", "POST", f"/api/v1/items/{notice['id']}/ack",
                                      {"lease_token": seen_by_kainuu["lease"]["token"]}), 404)

        items = self.lease("helsinki-intake", "helsinki-children")
        self.assertEqual([i["id"] for i in items], [notice["id"]])
        got = items[0]
        self.assertEqual(got["received_at"], seen_by_kainuu["received_at"])
        self.assertEqual(got["deadlines"], seen_by_kainuu["deadlines"])
        self.assertEqual(got["submission"], seen_by_kainuu["submission"])
        self.assertEqual((got["organisation"], got["queue"], got["attempts"]), ("helsinki", "helsinki-children", 0))
        with self.db() as db:
            rows = db.execute("SELECT action, actor, json_extract(event, '$.details.from_queue'), "
                              "json_extract(event, '$.details.to_queue'), json_extract(event, '$.details.queue_id') "
                              "FROM audit_events WHERE object = ? AND action LIKE 'transfer%' ORDER BY seq",
                              (notice["id"],)).fetchall()
        self.assertEqual(rows, [
            ("transfer_out", "kainuu-intake", "kainuu-children", "helsinki-children", "kainuu-children"),
            ("transfer_in", "kainuu-intake", "kainuu-children", "helsinki-children", "helsinki-children"),
        ])


class LongPoll(QueueTestCase):
    def test_waiting_lease_answers_soon_after_a_new_arrival(self):
        result = {}

        def wait_for_notice():
            conn = self.server.connect("internal", client="helsinki-intake", timeout=40)
            try:
                r = conn.request("POST", "/api/v1/queues/helsinki-children/lease", JSON,
                                 json.dumps({"wait_seconds": 20}).encode(), timeout=40)
                result["at"] = time.monotonic()
                result["response"] = r
            finally:
                conn.close()

        waiter = threading.Thread(target=wait_for_notice)
        waiter.start()
        time.sleep(0.5)  # the lease request is waiting by now
        sent = time.monotonic()
        notice = self.submit(HELSINKI_EXAMPLE)
        committed = time.monotonic()
        waiter.join(30)
        r = result["response"]
        self.assertEqual(r.status, 200, r)
        self.assertEqual([i["id"] for i in r.json()["items"]], [notice["id"]])
        wake_up = result["at"] - committed
        print(f"\n  long-poll wake-up: lease answered {wake_up * 1000:.1f} ms after the submission's 201 "
              f"({(result['at'] - sent) * 1000:.1f} ms after the submission was sent)", flush=True)
        self.assertLess(wake_up, 1.0)

    def test_waiting_lease_with_nothing_arriving_answers_empty_at_its_deadline(self):
        started = time.monotonic()
        self.assertEqual(self.lease("kainuu-intake", "kainuu-children", wait_seconds=1), [])
        self.assertGreaterEqual(time.monotonic() - started, 0.95)


class Restart(QueueTestCase):
    def test_leases_survive_a_restart_and_expire_as_documented(self):
        short = self.submit(KAINUU_EXAMPLE)
        long = self.submit(KAINUU_EXAMPLE)
        waiting = self.submit(KAINUU_EXAMPLE)
        first = self.lease("kainuu-intake", "kainuu-children", max=1, lease_seconds=10)
        second = self.lease("kainuu-intake", "kainuu-children", max=1, lease_seconds=3600)
        self.assertEqual([first[0]["id"], second[0]["id"]], [short["id"], long["id"]])
        expires = first[0]["lease"]["expires_at"]

        for conn in list(self.clients.values()) + [self.public]:
            conn.close()
        self.clients = {}
        self.assertEqual(self.server.stop(), 0)
        self.server.start()
        self.public = self.connect("public")

        # Right after the restart both leases still hold: only the never-leased notice is available.
        items = self.lease("kainuu-intake", "kainuu-children", max=10, lease_seconds=3600)
        self.assertEqual([i["id"] for i in items], [waiting["id"]])
        listing = self.ok("kainuu-intake", "GET", "/api/v1/queues/kainuu-children/items?limit=1")
        self.assertEqual(len(listing["items"]), 1)
        self.assertIsNotNone(listing["next"])
        page2 = self.ok("kainuu-intake", "GET", "/api/v1/queues/kainuu-children/items?limit=5&after=" + listing["next"])
        self.assertEqual(len(page2["items"]), 2)

        # The 10-second lease expires at its recorded time, restart or not, and the notice comes back.
        # The server's clock, which HUOLI_TEST_DATE may have shifted from this machine's.
        while harness.server_now().strftime("%Y-%m-%dT%H:%M:%S") <= expires[:19]:
            time.sleep(0.2)
        time.sleep(0.3)
        back = self.lease("kainuu-intake", "kainuu-children", max=10)
        self.assertEqual([i["id"] for i in back], [short["id"]])
        self.assertEqual(back[0]["attempts"], 1)
        # The long lease taken before the restart still acknowledges with its token.
        self.assertEqual(self.ok("kainuu-intake", "POST", f"/api/v1/items/{long['id']}/ack",
                                 {"lease_token": second[0]["lease"]["token"]})["state"], "acknowledged")
        queues = {q["id"]: q for q in self.ok("kainuu-intake", "GET", "/api/v1/queues")["queues"]}
        self.assertEqual((queues["kainuu-children"]["depth"], queues["kainuu-children"]["leased"]), (2, 2))


if __name__ == "__main__":
    unittest.main()
