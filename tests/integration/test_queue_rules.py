"""Transfers follow LSL 25 d §, acknowledgement after an expired lease is what the API says, and an admin
reopens an acknowledged notice (issue 16 section 5), over real TLS."""
import datetime
import json
import time
import unittest

import harness
from harness import ServerTestCase
import notices as n

FORM = "child-welfare-notification"
LIMITS = {"rate_per_minute": 100000, "rate_burst": 100000}


class QueueRules(ServerTestCase):
    def setUp(self):
        self.start_server(LIMITS)

    def submit(self, form=FORM, **where):
        r = n.post(self.connect(), form, n.notice(form, **where))
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]

    def lease(self, client, queue, **body):
        return self.ok(client, "POST", f"/api/v1/queues/{queue}/lease", body)["items"]

    def audit(self, notice_id, action):
        return n.query(self.server, "SELECT legal_basis, event FROM audit_events WHERE object = ? AND action = ?",
                       (notice_id, action))

    def test_an_acknowledged_notice_is_not_transferred(self):
        notice = self.submit(home="205")
        [item] = self.lease("kainuu-intake", "kainuu-children")
        self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice}/ack", {"lease_token": item["lease"]["token"]})
        r = self.call("kainuu-intake", "POST", f"/api/v1/items/{notice}/transfer",
                      {"to_queue": "helsinki-children", "reason": "moved"})
        self.assertEqual(self.assert_problem(r, 409)["code"], "acknowledged_not_transferable")
        self.assertEqual(self.audit(notice, "transfer_out"), [])
        self.assertEqual(self.lease("helsinki-intake", "helsinki-children"), [])

    def test_a_childs_notice_goes_only_to_a_childrens_queue(self):
        notice = self.submit(home="205")
        r = self.call("kainuu-intake", "POST", f"/api/v1/items/{notice}/transfer",
                      {"to_queue": "helsinki-adults", "reason": "moved"})
        problem = self.assert_problem(r, 422)
        self.assertEqual(problem["code"], "queue_not_for_this_notice")
        self.assertEqual(problem["errors"][0]["pointer"], "/to_queue")
        adult = self.submit("contact-request", home="205", adult=True)
        r = self.call("kainuu-intake", "POST", f"/api/v1/items/{adult}/transfer",
                      {"to_queue": "helsinki-children", "reason": "moved"})
        self.assertEqual(self.assert_problem(r, 422)["code"], "queue_not_for_this_notice")

    def test_a_transfer_records_its_basis_and_the_receiver_sees_where_it_came_from_and_why(self):
        moved = self.submit(home="205")
        self.ok("kainuu-intake", "POST", f"/api/v1/items/{moved}/transfer",
                {"to_queue": "helsinki-children", "reason": "moved"})
        misrouted = self.submit(home="205")
        self.ok("kainuu-intake", "POST", f"/api/v1/items/{misrouted}/transfer",
                {"to_queue": "helsinki-children", "reason": "misrouted"})
        for notice, basis in ((moved, "LSL 25 d §"), (misrouted, "HL 21 § (434/2003)")):
            with self.subTest(basis=basis):
                for action in ("transfer_out", "transfer_in"):
                    [(legal_basis, _)] = self.audit(notice, action)
                    self.assertEqual(legal_basis, basis)
        items = {i["id"]: i for i in self.lease("helsinki-intake", "helsinki-children")}
        self.assertEqual(set(items), {moved, misrouted})
        came = items[moved]["transferred_from"]
        self.assertEqual((came["organisation"], came["queue"], came["reason"], came["legal_basis"]),
                         ("kainuu", "kainuu-children", "moved", "LSL 25 d §"))
        self.assertEqual(items[misrouted]["transferred_from"]["reason"], "misrouted")
        # Only the holder transfers: Kainuu no longer can, Helsinki may send it back.
        r = self.call("kainuu-intake", "POST", f"/api/v1/items/{moved}/transfer",
                      {"to_queue": "kainuu-children", "reason": "misrouted"})
        self.assert_problem(r, 404)
        direct = self.submit(home="205")
        [fresh] = [i for i in self.lease("kainuu-intake", "kainuu-children") if i["id"] == direct]
        self.assertIsNone(fresh["transferred_from"])

    def test_ack_with_the_token_of_an_expired_lease_is_accepted_until_someone_leases_again(self):
        first, second = self.submit(home="205"), self.submit(home="205")
        leased = {i["id"]: i["lease"]["token"] for i in self.lease("kainuu-intake", "kainuu-children",
                                                                     lease_seconds=10)}
        self.assertEqual(set(leased), {first, second})
        time.sleep(10.3)
        # Nobody leased `first` again: the case system has it, so its acknowledgement stands.
        ack = self.ok("kainuu-intake", "POST", f"/api/v1/items/{first}/ack", {"lease_token": leased[first]})
        self.assertEqual((ack["state"], ack["repeated"]), ("acknowledged", False))
        # `second` was leased again: the old token no longer holds it.
        [again] = self.lease("kainuu-intake", "kainuu-children")
        self.assertEqual(again["id"], second)
        r = self.call("kainuu-intake", "POST", f"/api/v1/items/{second}/ack", {"lease_token": leased[second]})
        self.assertEqual(self.assert_problem(r, 409)["code"], "lease_not_held")
        # extend answers lease_expired for a lease that ran out.
        time.sleep(0.1)
        r = self.call("kainuu-intake", "POST", f"/api/v1/items/{second}/extend",
                      {"lease_token": leased[second], "lease_seconds": 60})
        self.assertEqual(r.status, 409, r)

    def test_a_temporary_identity_code_is_flagged_on_the_delivered_item(self):
        # Individual number 900-999: a code given before a permanent one exists (e.g. by a hospital).
        born = harness.server_today() - datetime.timedelta(days=3650)  # ten years old on the server's day
        temporary = n.hetu(born, 987)
        doc = n.notice(FORM, home="205")
        doc["child"]["personal_identity_code"] = temporary
        doc["child"].pop("birth_date", None)
        r = n.post(self.connect(), FORM, doc)
        self.assertEqual(r.status, 201, r)
        ordinary = n.notice(FORM, home="205")
        ordinary["child"]["personal_identity_code"] = n.hetu(born, 456)  # individual number 456: permanent
        ordinary["child"].pop("birth_date", None)
        r2 = n.post(self.connect(), FORM, ordinary)
        self.assertEqual(r2.status, 201, r2)
        permanent = r2.json()["id"]
        items = {i["id"]: i for i in self.lease("kainuu-intake", "kainuu-children")}
        self.assertEqual(items[r.json()["id"]]["temporary_identity_codes"], ["/child/personal_identity_code"])
        self.assertEqual(items[permanent]["temporary_identity_codes"], [])
        full = self.ok("kainuu-intake", "GET", f"/api/v1/items/{r.json()['id']}")
        self.assertEqual(full["submission"]["child"]["personal_identity_code"], temporary, "stored as such")
        self.assertEqual(full["temporary_identity_codes"], ["/child/personal_identity_code"])

    def test_reopening_an_acknowledged_notice_is_an_audited_admin_action(self):
        notice = self.submit(home="205")
        [item] = self.lease("kainuu-intake", "kainuu-children")
        self.ok("kainuu-intake", "POST", f"/api/v1/items/{notice}/ack",
                {"lease_token": item["lease"]["token"], "case_reference": "KAI-7"})
        body = {"reason": "lost_by_case_system"}
        self.assert_problem(self.call("kainuu-intake", "POST", f"/api/v1/items/{notice}/reopen", body), 403)
        self.assert_problem(self.call("kainuu-admin", "POST", f"/api/v1/items/{notice}/reopen", {"reason": "x"}), 422)
        reopened = self.ok("kainuu-admin", "POST", f"/api/v1/items/{notice}/reopen", body)
        self.assertEqual((reopened["state"], reopened["queue"]), ("available", "kainuu-children"))
        [(basis, event)] = self.audit(notice, "reopen")
        details = json.loads(event)["details"]
        self.assertEqual((details["reason"], details["had_case_reference"]), ("lost_by_case_system", True))
        self.assertNotIn("KAI-7", event, "the case reference is the county's, not the audit log's")
        [back] = self.lease("kainuu-intake", "kainuu-children")
        self.assertEqual((back["id"], back["case_reference"]), (notice, None))
        # Reopening what is not acknowledged is a conflict; another organisation's notice is not found.
        r = self.call("kainuu-admin", "POST", f"/api/v1/items/{notice}/reopen", body)
        self.assertEqual(self.assert_problem(r, 409)["code"], "not_acknowledged")
        helsinki = self.submit(home="091")
        self.assert_problem(self.call("kainuu-admin", "POST", f"/api/v1/items/{helsinki}/reopen", body), 404)


if __name__ == "__main__":
    unittest.main(verbosity=2)
