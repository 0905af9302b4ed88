"""No event is signed that the server did not write (issue 15 §4), and huolictl's findings are honest.

Each test runs real server processes on one data folder, stops them cleanly (SIGTERM) or with SIGKILL, changes the
SQLite file as someone with access to it could while the server is stopped, and starts the server again; then
`huolictl` runs on a copy of the database.
"""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import unittest

import harness
import notices as n
from harness import ServerTestCase
from test_audit import HETU, FORM, huolictl

FORGED_EVENT = {"actor": "helsinki-intake", "action": "read", "legal_basis": "LSL 25 §", "outcome": "ok",
                "organisation": "helsinki", "data_subjects": [HETU]}


class AuditIntegrity(ServerTestCase):
    def submit(self):
        conn = self.server.connect()
        try:
            response = n.post(conn, FORM, n.notice(FORM, home="205"))
        finally:
            conn.close()
        self.assertEqual(response.status, 201, response)
        return response.json()

    def stop_cleanly(self):
        self.assertEqual(self.server.stop(), 0, self.server.stderr_tail())

    def forge_read(self, notice_id, times=1):
        """What someone with the file does while the server is stopped: plain INSERTs (no trigger refuses them)."""
        db = sqlite3.connect(n.db_path(self.server))
        try:
            for i in range(times):
                event = dict(FORGED_EVENT, at=f"2026-01-01T10:00:0{i}.000Z", object=notice_id)
                db.execute("INSERT INTO audit_events (at, actor, action, object, legal_basis, outcome, data_subjects, "
                           "event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (event["at"], event["actor"], event["action"], event["object"], event["legal_basis"],
                            event["outcome"], json.dumps(event["data_subjects"]),
                            json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)))
            db.commit()
            return db.execute("SELECT max(seq) FROM audit_events").fetchone()[0]
        finally:
            db.close()

    def signed_size(self):
        return n.query(self.server, "SELECT max(size) FROM audit_checkpoints")[0][0]

    def set_audit_option(self, key, value):
        with open(self.server.config_path, encoding="utf-8") as f:
            config = json.load(f)
        config["audit"][key] = value
        with open(self.server.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)

    def copy_database(self):
        target = tempfile.mkdtemp(prefix="huoli-integrity-")
        self.addCleanup(shutil.rmtree, target, True)
        copy = os.path.join(target, "huoli.db")
        src = sqlite3.connect(f"file:{n.db_path(self.server)}?mode=ro", uri=True)
        dst = sqlite3.connect(copy)
        src.backup(dst)
        src.close()
        dst.close()
        return copy

    def huolictl(self, *args):
        return subprocess.run([huolictl(), *args, "--vkey", harness.Certs.get().audit_vkey],
                              capture_output=True, text=True)

    # --- the start-up check --------------------------------------------------------------------------------

    def test_an_event_forged_while_the_server_was_stopped_stops_start_up(self):
        self.start_server()
        notice = self.submit()
        self.stop_cleanly()
        signed = self.signed_size()
        last = self.forge_read(notice["id"], times=2)
        with self.assertRaises(AssertionError) as refused:
            self.server.start(timeout=10)
        self.assertIn("exited with 2", str(refused.exception))
        records = [r for r in self.server.log_records() if r.get("event") == "audit_unsigned_tail"]
        self.assertEqual(records, [{"event": "audit_unsigned_tail", "action": "refused", "after_clean_stop_at_seq": signed,
                                    "first_seq": signed + 1, "last_seq": last, "count": 2}])
        self.assertIn("audit.unsigned_tail", self.server.stderr_text())
        for personal in (HETU, notice["id"], "helsinki-intake"):
            self.assertNotIn(personal, self.server.stderr_text())
        self.assertEqual(self.signed_size(), signed, "nothing was signed")
        # Refused again on the next attempt: the rows are still there, still unsigned.
        with self.assertRaises(AssertionError):
            self.server.start(timeout=10)

    def test_record_sets_a_forged_tail_aside_and_the_log_still_verifies(self):
        self.start_server()
        notice = self.submit()
        self.stop_cleanly()
        signed = self.signed_size()
        last = self.forge_read(notice["id"], times=2)
        self.set_audit_option("unsigned_tail", "record")
        self.server.start()
        rejected = n.query(self.server, "SELECT seq, event FROM audit_events WHERE action = 'audit.tail_rejected'")
        self.assertEqual(len(rejected), 1)
        self.assertEqual(rejected[0]["seq"], signed + 1, "the signed sequence stays gapless")
        details = json.loads(rejected[0]["event"])["details"]
        self.assertEqual((details["first_seq"], details["last_seq"], details["count"]), (signed + 1, last, 2))
        self.assertEqual(details["kept_in"], "audit_rejected_events")
        self.assertEqual(n.query(self.server, "SELECT count(*) FROM audit_events WHERE actor = 'helsinki-intake'")[0][0], 0)
        kept = n.query(self.server, "SELECT rejected_by, seq FROM audit_rejected_events ORDER BY seq")
        self.assertEqual([tuple(r) for r in kept], [(signed + 1, signed + 1), (signed + 1, last)])
        # "Who saw my data" no longer shows the forged read.
        by_subject = self.server.get("/api/v1/audit/events?" + f"subject={HETU}&limit=100", listener="internal",
                                     client="auditor").json()["events"]
        self.assertNotIn("helsinki-intake", [e["actor"] for e in by_subject])
        self.submit()  # the log goes on after the rejection
        self.stop_cleanly()
        verified = self.huolictl("audit", "verify", "--db", self.copy_database())
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        self.assertTrue(verified.stdout.startswith("OK"), verified.stdout)
        self.assertIn(f"seq {signed + 1} to {last} (2 events) were set aside unsigned", verified.stdout)
        # A clean stop after the rejection: the next start finds nothing to refuse.
        self.set_audit_option("unsigned_tail", "refuse")
        self.server.start()

    def test_after_a_crash_the_servers_own_unsigned_events_are_signed(self):
        # No background checkpoint during the test: the notice's event is unsigned when the server dies.
        self.start_server(audit={"checkpoint_interval_seconds": 3600})
        notice = self.submit()
        self.assertLess(self.signed_size(), notice["audit"]["seq"])
        self.server.signal(signal.SIGKILL)
        self.server.wait(10)
        self.server.start()
        self.stop_cleanly()
        self.assertGreaterEqual(self.signed_size(), notice["audit"]["seq"])
        receipt = self.huolictl("receipt", "verify", "--db", self.copy_database(), "--receipt", notice["receipt"])
        self.assertEqual(receipt.returncode, 0, receipt.stdout + receipt.stderr)

    # --- huolictl ------------------------------------------------------------------------------------------

    def test_huolictl_reports_one_deletion_as_one_finding(self):
        self.start_server()
        notices = [self.submit() for _ in range(4)]
        self.stop_cleanly()
        copy = self.copy_database()
        db = sqlite3.connect(copy)
        db.execute("DROP TRIGGER audit_events_no_delete")
        db.execute("DELETE FROM audit_events WHERE seq = ?", (notices[0]["audit"]["seq"],))
        db.commit()
        one = self.huolictl("audit", "verify", "--db", copy)
        self.assertEqual(one.returncode, 1, one.stdout)
        findings = [line for line in one.stdout.splitlines() if line.startswith("  ") and "warning" not in line]
        self.assertEqual(findings, [f"  deleted: seq {notices[0]['audit']['seq']} missing (1 event; the next event "
                                    f"present is seq {notices[0]['audit']['seq'] + 1})"], one.stdout)
        db.execute("DELETE FROM audit_events WHERE seq = ?", (notices[2]["audit"]["seq"],))
        db.commit()
        db.close()
        two = self.huolictl("audit", "verify", "--db", copy)
        deleted = re.findall(r"^  deleted: seq (\d+) missing", two.stdout, re.M)
        self.assertEqual(deleted, [str(notices[0]["audit"]["seq"]), str(notices[2]["audit"]["seq"])], two.stdout)
        self.assertEqual(len([line for line in two.stdout.splitlines() if line.startswith("  ")]), 2, two.stdout)

    def test_receipt_verify_prints_its_verdict_only_after_every_check(self):
        self.start_server()
        notice = self.submit()
        self.stop_cleanly()
        copy = self.copy_database()
        good = self.huolictl("receipt", "verify", "--db", copy, "--receipt", notice["receipt"])
        self.assertEqual(good.returncode, 0, good.stdout)
        self.assertTrue(good.stdout.splitlines()[-1].startswith("OK"), good.stdout)
        db = sqlite3.connect(copy)
        db.execute("UPDATE notices SET payload = json_set(payload, '$.changed', 1)")
        db.commit()
        db.close()
        bad = self.huolictl("receipt", "verify", "--db", copy, "--receipt", notice["receipt"])
        self.assertEqual(bad.returncode, 1, bad.stdout)
        # No "OK" anywhere as a word (a base64 root hash in the output may contain the letters "OK").
        self.assertEqual(re.findall(r"(?<![A-Za-z0-9+/])OK(?![A-Za-z0-9+/=])", bad.stdout), [], bad.stdout)
        self.assertTrue(bad.stdout.splitlines()[-1].startswith("FAILED: payload_mismatch"), bad.stdout)


if __name__ == "__main__":
    unittest.main()
