"""Auditors see their own organisation (issue 16 section 4): two counties' auditors, the same child in both
counties' notices, and the operator's auditor configured to see every organisation."""
import json
import urllib.parse
import unittest

from harness import ServerTestCase
import notices as n

FORM = "child-welfare-notification"
RATE = {"rate_per_minute": 1000, "rate_burst": 1000}


class AuditScope(ServerTestCase):
    def setUp(self):
        self.start_server(RATE)
        # The same child in a notice to Kainuu (Kajaani) and one to Helsinki.
        self.kainuu_doc = n.notice(FORM, home="205")
        self.helsinki_doc = n.notice(FORM, home="091")
        self.child = self.kainuu_doc["child"]["personal_identity_code"]
        self.assertEqual(self.child, self.helsinki_doc["child"]["personal_identity_code"])
        conn = self.connect()
        self.kainuu_id = self.submitted(n.post(conn, FORM, self.kainuu_doc), "kainuu")
        self.helsinki_id = self.submitted(n.post(conn, FORM, self.helsinki_doc), "helsinki")
        self.lease("kainuu-intake", "kainuu-children")
        self.lease("helsinki-intake", "helsinki-children")

    def submitted(self, response, organisation):
        self.assertEqual(response.status, 201, response)
        self.assertEqual(response.json()["recipient"]["id"], organisation)
        return response.json()["id"]

    def lease(self, client, queue):
        response = self.server.request("POST", f"/api/v1/queues/{queue}/lease", {"Content-Type": "application/json"},
                                       b'{"max": 10}', listener="internal", client=client)
        self.assertEqual(response.status, 200, response)
        return response.json()["items"]

    def query(self, client, **filters):
        return self.server.get("/api/v1/audit/events?" + urllib.parse.urlencode(dict(filters, limit=1000)),
                               listener="internal", client=client, timeout=10)

    def events(self, client, **filters):
        response = self.query(client, **filters)
        self.assertEqual(response.status, 200, response)
        return response.json()["events"]

    def objects(self, events):
        """The notices the events are about (an auditor's own audit.query events name what it asked for)."""
        return {e["object"] for e in events if e["action"] != "audit.query"}

    def test_who_saw_my_data_is_answered_by_each_county_for_its_own_notices(self):
        kainuu = self.events("kainuu-auditor", subject=self.child)
        helsinki = self.events("helsinki-auditor", subject=self.child)
        everyone = self.events("auditor", subject=self.child)
        self.assertEqual(self.objects(kainuu), {self.kainuu_id})
        self.assertEqual(self.objects(helsinki), {self.helsinki_id})
        self.assertEqual(self.objects(everyone), {self.kainuu_id, self.helsinki_id})
        self.assertEqual({e["action"] for e in kainuu}, {"submit", "lease"})
        self.assertEqual({e["actor"] for e in kainuu if e["action"] == "lease"}, {"kainuu-intake"})

    def test_another_countys_notice_is_invisible_and_asking_for_its_organisation_is_403(self):
        self.assertEqual(self.events("kainuu-auditor", notice=self.helsinki_id), [])
        self.assertEqual(self.events("kainuu-auditor", actor="helsinki-intake"), [])
        problem = self.assert_problem(self.query("kainuu-auditor", organisation="helsinki"), 403)
        self.assertEqual(problem["code"], "outside_audit_scope")
        self.assertNotEqual(self.events("kainuu-auditor", organisation="kainuu"), [])
        self.assertNotEqual(self.events("auditor", organisation="helsinki"), [])
        # A query without filters is scoped too.
        unfiltered = self.events("kainuu-auditor")
        self.assertNotIn(self.helsinki_id, self.objects(unfiltered))
        self.assertIn(self.kainuu_id, self.objects(unfiltered))

    def test_each_auditors_queries_are_on_record_and_seen_by_its_own_organisation(self):
        self.events("kainuu-auditor", subject=self.child)
        self.events("helsinki-auditor", subject=self.child)
        self.events("auditor", subject=self.child)
        mine = self.events("kainuu-auditor", action="audit.query")
        self.assertTrue(mine)
        self.assertEqual({e["actor"] for e in mine}, {"kainuu-auditor"})
        scopes = {}
        for e in self.events("auditor", action="audit.query"):
            details = json.loads(e["event"])["details"]
            scopes.setdefault(e["actor"], set()).add(details["filter"]["scope"])
        self.assertEqual(scopes, {"kainuu-auditor": {"kainuu"}, "helsinki-auditor": {"helsinki"}, "auditor": {"all"}})

    def test_a_transferred_notice_shows_the_receiving_county_its_arrival(self):
        response = self.server.request("POST", f"/api/v1/items/{self.helsinki_id}/transfer",
                                       {"Content-Type": "application/json"},
                                       b'{"to_queue": "kainuu-children", "reason": "misrouted"}',
                                       listener="internal", client="helsinki-intake")
        self.assertEqual(response.status, 200, response)
        kainuu = self.events("kainuu-auditor", notice=self.helsinki_id)
        self.assertEqual([e["action"] for e in kainuu], ["transfer_in"])
        helsinki = [e["action"] for e in self.events("helsinki-auditor", notice=self.helsinki_id)]
        self.assertEqual(helsinki, ["submit", "lease", "transfer_out", "transfer_in"])


class IdentityCodesInFreeText(ServerTestCase):
    def test_a_code_typed_into_the_description_makes_the_notice_findable_by_that_person(self):
        self.start_server(RATE)
        doc = n.notice(FORM, home="205")
        sibling = n.hetu(n.reference_date().replace(year=n.reference_date().year - 8), 456)
        doc["reasons"]["description"] += f" Myös sisarus {sibling} oli kotona."
        response = n.post(self.connect(), FORM, doc)
        self.assertEqual(response.status, 201, response)
        found = self.server.get("/api/v1/audit/events?" + urllib.parse.urlencode({"subject": sibling}),
                                listener="internal", client="auditor")
        self.assertEqual(found.status, 200, found)
        self.assertEqual([e["object"] for e in found.json()["events"] if e["action"] == "submit"],
                         [response.json()["id"]])


class AuditScopeConfiguration(ServerTestCase):
    def test_audit_scope_is_only_for_auditors_and_only_organisation_or_all(self):
        from harness import Certs, Server
        principals = Certs.get().principals
        for bad in ([dict(principals[0], audit_scope="all")], [dict(principals[2], audit_scope="everything")]):
            server = Server(principals=bad)
            with self.assertRaises(AssertionError) as refused:
                server.start(timeout=5)
            self.assertIn("audit_scope", str(refused.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
