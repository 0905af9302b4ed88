"""Effective-dated routing data (issue 16 § 6) over real TLS: a server whose `routing_dir` holds an extra table,
added as data only (a CSV, a manifest entry, a merger row), routes by the table in force on the day of receipt,
records which table decided, and serves it to the forms; the January warning; bad data stops start-up.

Every date here is relative to the servers' day (harness.server_today()), so the tests pass on any day and under
HUOLI_TEST_DATE.
"""
import datetime
import json
import os
import shutil
import unittest

import harness
import notices as n
from harness import ServerTestCase

VAALA, KAJAANI = "785", "205"  # North Ostrobothnia; Kainuu
FORM = "child-welfare-notification"


def data_dir_with_next_table(workdir, valid_from, year=None, merger=True):
    """A copy of the real routing data, keeping the tables in force before `valid_from`, plus a synthetic table
    from `valid_from` in which Vaala is merged into Kajaani. Returns the directory."""
    out = os.path.join(workdir, "routing")
    shutil.copytree(n.ROUTING_DATA, out)
    with open(os.path.join(out, "tables.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    manifest["tables"] = [t for t in manifest["tables"] if datetime.date.fromisoformat(t["valid_from"]) < valid_from]
    previous = manifest["tables"][-1]
    with open(os.path.join(out, previous["municipalities"]), encoding="utf-8", newline="") as f:
        rows = [line for line in f.read().splitlines(keepends=True) if not line.startswith(f'"{VAALA}",')]
    with open(os.path.join(out, "kunnat_synthetic.csv"), "w", encoding="utf-8", newline="") as f:
        f.writelines(rows)
    manifest["tables"].append({"name": "synthetic_next", "year": year or valid_from.year,
                               "valid_from": valid_from.isoformat(), "municipalities": "kunnat_synthetic.csv",
                               "counties": previous["counties"], "source": "synthetic test table"})
    with open(os.path.join(out, "tables.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    if merger:
        with open(os.path.join(out, "kuntaliitokset.csv"), "a", encoding="utf-8", newline="") as f:
            f.write(f'"{VAALA}","Vaala","{KAJAANI}","{valid_from.isoformat()}","synthetic test merger"\n')
    return out


class NextTable(ServerTestCase):
    def start_with(self, valid_from, **kw):
        workdir = harness._tmpdir("huoli-routing-data-")
        routing_dir = data_dir_with_next_table(workdir, valid_from, **kw)
        return self.start_server({"rate_per_minute": 100000, "rate_burst": 100000},
                                 extra_config={"routing_dir": routing_dir})

    def submit_vaala(self):
        r = n.post(self.connect(), FORM, n.notice(FORM, home=VAALA))
        self.assertEqual(r.status, 201, r)
        body = r.json()
        [row] = n.query(self.server, "SELECT explanation, table_sha256 FROM routing_records WHERE notice_id = ?",
                        (body["id"],))
        return body, json.loads(row["explanation"]), row["table_sha256"]

    def test_a_table_in_force_from_today_routes_by_its_merger_and_says_so(self):
        self.start_with(harness.server_today())
        body, explanation, table_sha256 = self.submit_vaala()
        self.assertEqual(body["recipient"]["id"], "kainuu")
        self.assertEqual((explanation["municipality_code"], explanation["mapped_from"]), (KAJAANI, VAALA))
        self.assertEqual(explanation["merger"]["effective_from"], harness.server_today().isoformat())
        self.assertEqual(explanation["table"]["name"], "synthetic_next")
        self.assertEqual(explanation["table"]["valid_from"], harness.server_today().isoformat())
        self.assertEqual(explanation["table"]["sha256"], table_sha256)
        picker = self.server.get("/api/v1/municipalities").json()
        self.assertEqual(picker["table"]["name"], "synthetic_next")
        self.assertNotIn(VAALA, [m["code"] for m in picker["municipalities"]])

    def test_a_table_in_force_from_tomorrow_does_not_route_yet(self):
        self.start_with(harness.server_today() + datetime.timedelta(days=1))
        body, explanation, _ = self.submit_vaala()
        self.assertEqual(body["recipient"]["id"], "north-ostrobothnia")
        self.assertNotIn("mapped_from", explanation)
        self.assertNotEqual(explanation["table"]["name"], "synthetic_next")
        picker = self.server.get("/api/v1/municipalities").json()
        self.assertEqual(picker["table"]["valid_until"], harness.server_today().isoformat())
        self.assertIn(VAALA, [m["code"] for m in picker["municipalities"]])

    def test_warns_at_start_up_when_the_newest_table_is_of_an_earlier_year(self):
        self.start_with(harness.server_today(), year=harness.server_today().year - 1)
        warnings = [r for r in self.server.log_records() if r.get("event") == "routing_table_outdated"]
        self.assertEqual(len(warnings), 1, self.server.stderr_tail())
        self.assertIn(f"add the {harness.server_today().year} table", warnings[0]["warning"])

    def test_does_not_warn_while_the_newest_table_is_of_this_year(self):
        self.start_with(harness.server_today())
        self.assertEqual([r for r in self.server.log_records() if r.get("event") == "routing_table_outdated"], [])

    def test_a_municipality_that_disappears_without_a_merger_row_stops_start_up(self):
        workdir = harness._tmpdir("huoli-routing-data-")
        routing_dir = data_dir_with_next_table(workdir, harness.server_today(), merger=False)
        server = harness.Server(extra_config={"routing_dir": routing_dir})
        with self.assertRaises(AssertionError) as refused:
            server.start(timeout=5)
        self.assertIn(f"municipality {VAALA} (Vaala)", str(refused.exception))
        self.assertIn("has no merger for it", str(refused.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
