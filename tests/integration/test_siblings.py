"""One child welfare notification about several children of a family is one case per child (issue 16
section 2): stored once, one receipt, an item per child in its own county's queue, linked by a group id,
over real TLS and a real SQLite file."""
import copy
import json
import unittest

from harness import ServerTestCase
import notices as n

FORM = "child-welfare-notification"
SIBLINGS = "valid-teacher-kajaani-siblings.json"
LIMITS = {"rate_per_minute": 100000, "rate_burst": 100000}


class Siblings(ServerTestCase):
    def setUp(self):
        self.start_server(LIMITS)
        self.doc = n.example(FORM, SIBLINGS)

    def lease(self, client, queue):
        return self.ok(client, "POST", f"/api/v1/queues/{queue}/lease", {"max": 10})["items"]

    def submit(self, doc, key=None):
        r = n.post(self.connect(), FORM, doc, key=key)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def test_each_child_the_concern_is_about_is_a_case_in_its_own_county(self):
        created = self.submit(self.doc)
        # One receipt for the notifier, and where each child's case went.
        self.assertRegex(created["receipt"], n.RECEIPT_PATTERN)
        self.assertEqual(created["recipient"]["id"], "kainuu")
        others = {c["child"]: c for c in created["other_children"]}
        self.assertEqual(set(others), {"/other_children/0", "/other_children/1"}, "Ville is listed, not a case")
        self.assertEqual(others["/other_children/0"]["recipient"]["id"], "kainuu")
        self.assertTrue(others["/other_children/0"]["routed_with_main_child"])
        self.assertEqual(others["/other_children/1"]["recipient"]["id"], "helsinki")
        self.assertFalse(others["/other_children/1"]["routed_with_main_child"])

        # Stored once: one notice, one payload, three cases each with its own rows.
        self.assertEqual(n.stored_notices(self.server), 1)
        self.assertEqual(n.count(self.server, "queue_items"), 3)
        self.assertEqual(n.query(self.server, "SELECT count(*) FROM notices WHERE payload <> 'null'")[0][0], 1)
        self.assertEqual(n.half_written_in(self.server), [])
        events = n.query(self.server, "SELECT object, event FROM audit_events WHERE action = 'submit' ORDER BY seq")
        self.assertEqual(len(events), 3)
        groups = {json.loads(e)["group"]["id"] for _, e in events}
        self.assertEqual(len(groups), 1)
        [group_id] = groups
        self.assertEqual({json.loads(e)["notice"]["receipt"] for _, e in events}, {created["receipt"]})

        kainuu = {i["id"]: i for i in self.lease("kainuu-intake", "kainuu-children")}
        helsinki = {i["id"]: i for i in self.lease("helsinki-intake", "helsinki-children")}
        self.assertEqual(set(kainuu), {created["id"], others["/other_children/0"]["id"]})
        self.assertEqual(set(helsinki), {others["/other_children/1"]["id"]})
        every = {created["id"]} | {c["id"] for c in others.values()}
        for item in list(kainuu.values()) + list(helsinki.values()):
            with self.subTest(child=item["group"]["child"]):
                self.assertEqual(item["receipt"], created["receipt"])
                self.assertEqual(item["group"]["id"], group_id)
                self.assertEqual({c["id"] for c in item["group"]["cases"]}, every)
                self.assertEqual(item["submission"], n.as_stored(self.doc))
                # LSL 26 § runs for each child: every case has its own clock.
                self.assertEqual(item["deadlines"]["decision_due"], created["decision_due"])
                self.assertEqual(item["deadlines"]["assessment_due"], created["assessment_due"])
        ella = kainuu[others["/other_children/0"]["id"]]
        self.assertEqual(ella["group"]["child"], "/other_children/0")
        self.assertTrue(ella["group"]["routed_with_main_child"])
        self.assertTrue(ella["routing"]["explanation"]["with_main_child"])
        aino = helsinki[others["/other_children/1"]["id"]]
        self.assertFalse(aino["group"]["routed_with_main_child"])
        self.assertEqual((aino["routing"]["rule"], aino["routing"]["municipality_code"]), ("home", "091"))
        self.assertEqual(kainuu[created["id"]]["group"]["child"], "/child")

        # Each case is its own: Kainuu cannot read Helsinki's, and acknowledging one leaves the others.
        self.assertEqual(self.call("kainuu-intake", "GET", f"/api/v1/items/{aino['id']}").status, 404)
        self.ok("helsinki-intake", "POST", f"/api/v1/items/{aino['id']}/ack", {"lease_token": aino["lease"]["token"]})
        states = dict(n.query(self.server, "SELECT notice_id, state FROM queue_items"))
        self.assertEqual(states, {created["id"]: "leased", ella["id"]: "leased", aino["id"]: "acknowledged"})

    def test_a_retry_replays_the_one_receipt_and_stores_nothing_more(self):
        first = self.submit(self.doc, key="siblings-1")
        r = n.post(self.connect(), FORM, self.doc, key="siblings-1")
        self.assertEqual(r.status, 201)
        self.assertEqual(r.header("Idempotent-Replayed"), "true")
        self.assertEqual(r.json(), first)
        self.assertEqual(n.count(self.server, "queue_items"), 3)

    def test_a_child_in_aland_is_refused_at_that_childs_field_and_nothing_is_stored(self):
        doc = copy.deepcopy(self.doc)
        doc["other_children"][1]["home_municipality"] = "478"  # Maarianhamina
        r = n.post(self.connect(), FORM, doc)
        problem = self.assert_problem(r, 422)
        self.assertEqual(problem["code"], "aland_outside_counties")
        self.assertEqual(problem["errors"][0]["pointer"], "/other_children/1/home_municipality")
        self.assertEqual(n.count(self.server, "notices"), 0)
        self.assertEqual(n.query(self.server, "SELECT count(*) FROM audit_events WHERE action = 'submit'")[0][0], 0)

    def test_a_childs_own_municipality_must_exist(self):
        doc = copy.deepcopy(self.doc)
        doc["other_children"][1]["residence_municipality"] = "999"
        problem = self.assert_problem(n.post(self.connect(), FORM, doc), 422)
        self.assertIn({"pointer": "/other_children/1/residence_municipality", "code": "format_fi_municipality"},
                      [{"pointer": e["pointer"], "code": e["code"]} for e in problem["errors"]])
        self.assertEqual(n.count(self.server, "notices"), 0)

    def test_a_notice_about_one_child_has_no_group(self):
        created = self.submit(n.example(FORM, "valid-teacher-kajaani.json"))
        self.assertNotIn("other_children", created)
        [item] = self.lease("kainuu-intake", "kainuu-children")
        self.assertEqual(item["id"], created["id"])
        self.assertIsNone(item["group"])
        self.assertEqual(n.count(self.server, "notice_links"), 0)

    def test_an_anticipatory_notification_stays_one_case(self):
        # 25 c §: the notice is about the unborn child; its other children are context only.
        doc = n.example("anticipatory-notification", "valid-social-worker-kajaani.json")
        self.assertTrue(any(c.get("same_concern") for c in doc["other_children"]))
        r = n.post(self.connect(), "anticipatory-notification", doc)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(n.count(self.server, "queue_items"), 1)


if __name__ == "__main__":
    unittest.main()
