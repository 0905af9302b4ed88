"""An instance that serves only some organisations (issue 16 § 3: queue configuration "served"): a notice for
another organisation is refused with a 422 naming it and where its notices go, before anything is stored;
nothing can be transferred to it; the reference data tells the forms; a bad list stops start-up. Over real TLS.
"""
import json
import unittest
import uuid

import harness
import notices as n
from harness import Certs, Server, ServerTestCase

LIMITS = {"rate_per_minute": 100000, "rate_burst": 100000}
JSON = {"Content-Type": "application/json"}
LAPLAND_TEXT = {"fi": "Lapin hyvinvointialueen oma lomake", "sv": "Lapplands välfärdsområdes egen blankett",
                "en": "Lapland wellbeing services county's own form"}
LAPLAND_URL = "https://lapha.example/lastensuojeluilmoitus"
QUEUES = {"served": ["kainuu"], "elsewhere": {"lapland": {"text": LAPLAND_TEXT, "url": LAPLAND_URL}}}
KAJAANI, ROVANIEMI, VAASA, MARIEHAMN = "205", "698", "905", "478"


def kainuu_principals():
    """The development principals, with queues only of the served organisation (others have none to give)."""
    return [dict(p, queues=[q for q in p["queues"] if q.startswith("kainuu-")]) for p in Certs.get().principals]


class OnlyKainuuServed(ServerTestCase):
    def setUp(self):
        self.start_server(LIMITS, principals=kainuu_principals(), extra_config={"queues": QUEUES})

    def refused(self, form, doc, key):
        before = n.count(self.server, "notices")
        problem = self.assert_problem(n.post(self.connect(), form, doc, key=key), 422)
        self.assertEqual(n.count(self.server, "notices"), before)
        self.assertEqual(n.query(self.server, "SELECT key FROM idempotency_keys WHERE key = ?",
                                 (n.stored_idempotency_key(form, key),)), [])
        self.assertEqual(n.half_written_in(self.server), [])
        return problem

    def test_routes_the_served_organisations_notices_as_usual(self):
        r = n.post(self.connect(), "child-welfare-notification", n.notice("child-welfare-notification", home=KAJAANI))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["recipient"]["id"], "kainuu")

    def test_another_child_of_an_organisation_not_served_is_refused_at_that_childs_field(self):
        # One case per child (issue 16 § 2): the whole notice is refused before anything is stored,
        # at the field of the child whose own municipality is not served here.
        doc = n.example("child-welfare-notification", "valid-teacher-kajaani-siblings.json")
        doc["other_children"][1]["home_municipality"] = ROVANIEMI
        problem = self.refused("child-welfare-notification", doc, str(uuid.uuid4()))
        self.assertEqual(problem["code"], "organisation_not_served")
        self.assertEqual(problem["organisation"]["id"], "lapland")
        self.assertEqual([(e["pointer"], e["code"]) for e in problem["errors"]],
                         [("/other_children/1/home_municipality", "organisation_not_served")])
        doc["other_children"][1]["home_municipality"] = KAJAANI
        r = n.post(self.connect(), "child-welfare-notification", doc)
        self.assertEqual(r.status, 201, r)
        self.assertEqual({c["recipient"]["id"] for c in r.json()["other_children"]}, {"kainuu"})

    def test_refuses_another_organisations_notice_naming_it_and_where_its_notices_go_storing_nothing(self):
        names = n.county_names()
        for form in n.FORMS:
            subject = "/" + n.SUBJECT[form]
            with self.subTest(form=form):
                doc = n.notice(form, home=KAJAANI, residence=ROVANIEMI)  # lives in Lapland: Lapland decides
                problem = self.refused(form, doc, str(uuid.uuid4()))
                self.assertEqual(problem["code"], "organisation_not_served")
                self.assertEqual(problem["organisation"], {"id": "lapland", "name": names["21"]})
                self.assertEqual(problem["notices_go"], {"text": LAPLAND_TEXT, "url": LAPLAND_URL})
                self.assertEqual([(e["pointer"], e["code"]) for e in problem["errors"]],
                                 [(subject + "/residence_municipality", "organisation_not_served")])
                for language in ("fi", "sv", "en"):
                    for text in (problem["message"][language], problem["errors"][0]["message"][language]):
                        self.assertIn(names["21"][language], text)
                        self.assertIn(LAPLAND_TEXT[language], text)
                        self.assertIn(LAPLAND_URL, text)
                        self.assertNotIn("{", text)

    def test_names_an_organisation_without_configured_guidance_and_points_at_the_deciding_field(self):
        names = n.county_names()
        form = "contact-request"
        problem = self.refused(form, n.notice(form, workplace=VAASA), str(uuid.uuid4()))
        self.assertEqual(problem["organisation"]["id"], "ostrobothnia")
        self.assertNotIn("notices_go", problem)
        self.assertEqual(problem["errors"][0]["pointer"], "/notifier/workplace_municipality")
        self.assertIn(names["17"]["sv"], problem["message"]["sv"])

    def test_without_any_municipality_the_lsl_17_refusal_points_at_the_home_municipality(self):
        form = "child-welfare-notification"
        problem = self.refused(form, n.notice(form), str(uuid.uuid4()))
        self.assertEqual(problem["organisation"]["id"], "helsinki")
        self.assertEqual(problem["errors"][0]["pointer"], "/child/home_municipality")

    def test_aland_keeps_its_own_refusal(self):
        form = "child-welfare-notification"
        problem = self.refused(form, n.notice(form, home=MARIEHAMN), str(uuid.uuid4()))
        self.assertEqual(problem["code"], "aland_outside_counties")
        self.assertEqual(problem["organisation"]["id"], "aland")
        self.assertIn("Kommunernas socialtjänst", problem["message"]["sv"])

    def test_nothing_can_be_transferred_to_an_organisation_that_is_not_served(self):
        form = "child-welfare-notification"
        r = n.post(self.connect(), form, n.notice(form, home=KAJAANI))
        self.assertEqual(r.status, 201, r)
        notice = r.json()["id"]
        r = self.server.request("POST", f"/api/v1/items/{notice}/transfer", JSON,
                                json.dumps({"to_queue": "lapland-children", "reason": "moved"}).encode(),
                                listener="internal", client="kainuu-intake", timeout=10)
        self.assertEqual(self.assert_problem(r, 422)["code"], "unknown_queue")
        self.assertEqual(n.query(self.server, "SELECT queue_id FROM queue_items WHERE notice_id = ?", (notice,))[0][0],
                         "kainuu-children")

    def test_the_reference_data_tells_the_forms_which_organisations_are_served(self):
        orgs = {o["id"]: o for o in self.server.get("/api/v1/municipalities").json()["organisations"]}
        self.assertTrue(orgs["kainuu"]["served"])
        self.assertFalse(orgs["helsinki"]["served"])
        self.assertEqual(orgs["lapland"]["notices_go"], {"text": LAPLAND_TEXT, "url": LAPLAND_URL})
        self.assertNotIn("notices_go", orgs["kainuu"])


class ServedConfiguration(ServerTestCase):
    def refused_start(self, queues, principals=None):
        server = Server(principals=principals if principals is not None else kainuu_principals(),
                        extra_config={"queues": queues})
        with self.assertRaises(AssertionError) as refused:
            server.start(timeout=5)
        return str(refused.exception)

    def test_an_unknown_organisation_in_served_stops_start_up_naming_it(self):
        self.assertIn("/served/1: is not an organisation id", self.refused_start({"served": ["kainuu", "kainu"]}))

    def test_a_principal_with_a_queue_of_an_organisation_not_served_stops_start_up(self):
        self.assertIn("no such queue: helsinki-children",
                      self.refused_start({"served": ["kainuu"]}, principals=Certs.get().principals))

    def test_guidance_for_a_served_organisation_stops_start_up(self):
        self.assertIn("/elsewhere/kainuu: is served here",
                      self.refused_start({"served": ["kainuu"], "elsewhere": {"kainuu": {"url": "https://k.example"}}}))


if __name__ == "__main__":
    unittest.main(verbosity=2)
