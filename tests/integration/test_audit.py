"""The audit log end to end (issue 6): events for submissions, refusals, queue actions, audit queries and
authentication failures; the auditor API; signed checkpoints and proofs checked here with an independent
RFC 9162 implementation and `openssl pkeyutl`; `huolictl audit verify` and `huolictl receipt verify` on a copy
of the database after shutdown.
"""
import base64
import glob
import hashlib
import json
import os
import shutil
import sqlite3
import ssl
import subprocess
import tempfile
import time
import unittest
import urllib.parse

import harness
import notices as n
from harness import ServerTestCase

HETU = "140315A915U"  # the child in schema/examples/child-welfare-notification/valid-teacher-kajaani.json
FORM = "child-welfare-notification"


def huolictl():
    path = os.environ.get("HUOLICTL")
    if path:
        return path
    candidates = glob.glob(os.path.join(harness.SOURCE_DIR, "build", "*", "server", "cli", "huolictl"))
    if not candidates:
        raise AssertionError("no huolictl binary: set HUOLICTL (ctest does) or build huolictl")
    return max(candidates, key=os.path.getmtime)


# --- RFC 9162, written from the RFC (not from the server's code) --------------------------------------

def leaf_hash(data):
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(leaf, index, size, proof, root):
    """RFC 9162 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not (fn & 1) and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, proof):
    """RFC 9162 2.1.4.2 (for 0 < first < second)."""
    if not 0 < first < second or not proof:
        return False
    if first & (first - 1) == 0:  # a power of two: first_root is the first node of the path
        proof = [first_root] + proof
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not (fn & 1) and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


# --- C2SP signed notes, checked with openssl ------------------------------------------------------------

def read_vkey(path):
    with open(path, encoding="utf-8") as f:
        name, key_id, key = f.read().strip().split("+", 2)
    raw = base64.b64decode(key)
    assert raw[0] == 1 and len(raw) == 33, "not an Ed25519 vkey"
    return name, bytes.fromhex(key_id), raw[1:]


def verify_note(note, vkey_path):
    """(size, root) of a checkpoint whose signature by the vkey's key openssl accepts; raises otherwise."""
    name, key_id, public = read_vkey(vkey_path)
    assert hashlib.sha256(name.encode() + b"\n\x01" + public).digest()[:4] == key_id, "vkey key ID mismatch"
    text, _, signatures = note.partition(b"\n\n")
    body = text + b"\n"
    mine = [line for line in signatures.decode().splitlines() if line.startswith(f"\u2014 {name} ")]
    assert len(mine) == 1, f"no signature by {name}"
    blob = base64.b64decode(mine[0].split(" ")[2])
    assert blob[:4] == key_id
    with tempfile.TemporaryDirectory() as d:
        der = bytes.fromhex("302a300506032b6570032100") + public  # SubjectPublicKeyInfo of an Ed25519 key
        files = {"pub.der": der, "body": body, "sig": blob[4:]}
        for f, data in files.items():
            with open(os.path.join(d, f), "wb") as out:
                out.write(data)
        subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey", os.path.join(d, "pub.der"),
                        "-rawin", "-in", os.path.join(d, "body"), "-sigfile", os.path.join(d, "sig")],
                       check=True, capture_output=True)
    origin, size, root = body.decode().splitlines()[:3]
    assert origin == name
    return int(size), base64.b64decode(root)


class AuditLogTest(ServerTestCase):
    def auditor(self, target, headers=None, client="auditor"):
        return self.server.get(target, listener="internal", client=client, headers=headers, timeout=10)

    def events(self, **filters):
        response = self.auditor("/api/v1/audit/events?" + urllib.parse.urlencode(dict(filters, limit=1000)))
        self.assertEqual(response.status, 200, response)
        return response.json()["events"]

    def checkpoint(self, covering=0, timeout=10.0):
        """The newest checkpoint, verified; waits until it covers `covering` events."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.auditor("/api/v1/audit/checkpoint")
            if response.status == 200:
                self.assertEqual(response.media_type(), "text/plain")
                size, root = verify_note(response.body, harness.Certs.get().audit_vkey)
                if size >= covering:
                    return size, root
            if time.monotonic() > deadline:
                self.fail(f"no checkpoint covering {covering} events: {response!r}")
            time.sleep(0.2)

    def submit(self, doc=None):
        conn = self.server.connect()
        try:
            return n.post(conn, FORM, doc or n.notice(FORM, home="205"))
        finally:
            conn.close()

    def test_events_queries_proofs_and_offline_verification(self):
        self.start_server(limits={"rate_per_minute": 1000, "rate_burst": 100},
                          audit={"checkpoint_interval_seconds": 1})
        first_size, first_root = self.checkpoint(covering=3)  # config.load, key.load, server.start

        accepted = []
        for _ in range(3):
            response = self.submit()
            self.assertEqual(response.status, 201, response)
            body = response.json()
            self.assertEqual(body["audit"]["leaf_index"], body["audit"]["seq"] - 1)
            accepted.append(body)
        refused = self.submit(doc={"not": "a notice"})
        self.assertEqual(refused.status, 422, refused)
        # The child of the notices (notices.dated() gives it the same age on the server's day).
        HETU = n.notice(FORM, home="205")["child"]["personal_identity_code"]

        # A case-management system leases, reads and acknowledges the first notice (the queue API must be there).
        lease = self.server.request("POST", "/api/v1/queues/kainuu-children/lease", listener="internal",
                                    client="kainuu-intake", headers={"Content-Type": "application/json"},
                                    body=json.dumps({"max": 10, "lease_seconds": 60, "wait_seconds": 0}).encode())
        self.assertEqual(lease.status, 200, lease)
        item = next(i for i in lease.json()["items"] if i["id"] == accepted[0]["id"])
        read = self.server.get("/api/v1/items/" + accepted[0]["id"], listener="internal", client="kainuu-intake")
        self.assertEqual(read.status, 200, read)
        ack = self.server.request("POST", f"/api/v1/items/{accepted[0]['id']}/ack", listener="internal",
                                  client="kainuu-intake", headers={"Content-Type": "application/json"},
                                  body=json.dumps({"lease_token": item["lease"]["token"]}).encode())
        self.assertEqual(ack.status, 200, ack)

        # Who handled the first notice, by notice id.
        by_notice = self.events(notice=accepted[0]["id"])
        actions = [e["action"] for e in by_notice]
        self.assertEqual(actions[0], "submit")
        submit_event = json.loads(by_notice[0]["event"])
        self.assertEqual(by_notice[0]["seq"], accepted[0]["audit"]["seq"])
        self.assertEqual(submit_event["notice"]["receipt"], accepted[0]["receipt"])
        self.assertEqual(submit_event["organisation"], "kainuu")
        self.assertIn("rule", submit_event["routing"])
        self.assertEqual(submit_event["data_subjects"], [HETU])
        self.assertTrue({"lease", "read"} <= set(actions), actions)
        self.assertTrue(any(a.startswith("ack") for a in actions), actions)
        handled = [e for e in by_notice if e["action"] == "read"][0]
        self.assertEqual(handled["actor"], "kainuu-intake")
        self.assertEqual(handled["data_subjects"], [HETU])

        # "Who saw my data": by data subject, every notice about the child.
        by_subject = self.events(subject=HETU)
        self.assertTrue({a["id"] for a in accepted} <= {e["object"] for e in by_subject})

        # The auditor's own queries are on record, the subject among the data subjects.
        queries = self.events(action="audit.query", actor="auditor")
        searched = [e for e in queries if e["data_subjects"] == [HETU]]
        self.assertEqual(len(searched), 1, queries)
        detail = json.loads(searched[0]["event"])
        self.assertEqual(detail["details"]["filter"]["subject"], True)
        self.assertEqual(detail["organisation"], "huoli-audit")
        self.assertEqual(len(detail["fingerprint"]), 64)

        # A refusal names only its reason and listener.
        rejected = self.events(action="submit.rejected")
        self.assertEqual(len(rejected), 1, rejected)
        self.assertEqual(json.loads(rejected[0]["event"])["details"],
                         {"listener": "public", "reason": "validation_failed", "status": 422})
        self.assertEqual(rejected[0]["data_subjects"], [])

        # NDJSON pages with a cursor.
        page = self.auditor("/api/v1/audit/events?limit=2", headers={"Accept": "application/x-ndjson"})
        self.assertEqual(page.status, 200, page)
        self.assertEqual(page.media_type(), "application/x-ndjson")
        lines = [json.loads(line) for line in page.body.decode().splitlines()]
        self.assertEqual([line["seq"] for line in lines], [1, 2])
        cursor = page.header("huoli-next-cursor")
        self.assertEqual(cursor, "2")
        following = self.auditor(f"/api/v1/audit/events?limit=2&cursor={cursor}", headers={"Accept": "application/x-ndjson"})
        self.assertEqual(json.loads(following.body.decode().splitlines()[0])["seq"], 3)

        # Intake principals and unknown parameters.
        for path in ("/api/v1/audit/events", "/api/v1/audit/checkpoint", "/api/v1/audit/proof/inclusion?index=0&size=1",
                     "/api/v1/audit/proof/consistency?from=1&to=2"):
            self.assert_problem(self.auditor(path, client="kainuu-intake"), 403)
        self.assert_problem(self.auditor("/api/v1/audit/events?hetu=" + HETU), 400)
        self.assertNotIn(HETU, self.auditor("/api/v1/audit/events?hetu=" + HETU).body.decode())
        self.assertNotIn(HETU, self.auditor(f"/api/v1/audit/events?{HETU}=1").body.decode())
        # A bad query names its parameter (one the route takes, never what was sent) and why.
        for target, parameter, code in (
                ("/api/v1/audit/events?hetu=" + HETU, None, "unknown_parameter"),
                (f"/api/v1/audit/events?subject={HETU}&subject={HETU}", "subject", "repeated_parameter"),
                ("/api/v1/audit/events?subject=%E2%82", "subject", "invalid_utf8"),
                ("/api/v1/audit/events?limit=1001", "limit", "out_of_range"),
                ("/api/v1/audit/events?to=yesterday", "to", "invalid_value"),
                ("/api/v1/audit/proof/inclusion?index=1&size=1", "index", "out_of_range"),
                ("/api/v1/audit/proof/consistency?from=1", "to", "invalid_value")):
            doc = self.assert_problem(self.auditor(target), 400)
            self.assertEqual((doc["code"], doc["parameter"]), ("invalid_query", parameter), target)
            self.assertEqual([(e["parameter"], e["code"]) for e in doc["errors"]], [(parameter, code)], target)
            self.assertNotIn(HETU, json.dumps(doc))

        # The submission's leaf is in the signed tree: inclusion proof checked here.
        leaf_index = accepted[0]["audit"]["leaf_index"]
        size, root = self.checkpoint(covering=accepted[-1]["audit"]["seq"])
        proof = self.auditor(f"/api/v1/audit/proof/inclusion?index={leaf_index}&size={size}")
        self.assertEqual(proof.status, 200, proof)
        path = [base64.b64decode(h) for h in proof.json()["proof"]]
        leaf = leaf_hash(by_notice[0]["event"].encode("utf-8"))
        self.assertTrue(verify_inclusion(leaf, leaf_index, size, path, root))
        self.assertFalse(verify_inclusion(leaf, leaf_index + 1, size, path, root))
        self.assertFalse(verify_inclusion(leaf_hash(b"forged"), leaf_index, size, path, root))

        # The later checkpoint extends the first one.
        consistency = self.auditor(f"/api/v1/audit/proof/consistency?from={first_size}&to={size}")
        self.assertEqual(consistency.status, 200, consistency)
        path = [base64.b64decode(h) for h in consistency.json()["proof"]]
        self.assertTrue(verify_consistency(first_size, size, first_root, root, path))
        self.assertFalse(verify_consistency(first_size, size, leaf, root, path))

        # Authentication failures on the internal listener: an unmapped certificate, and no certificate.
        self.assert_problem(self.auditor("/api/v1/audit/checkpoint", client="unknown"), 403)
        self.assertTrue(harness.closed_without_response(harness.tls_connect(self.server.internal_port)))

        self.assertEqual(self.server.stop(), 0, self.server.stderr_tail())
        db = sqlite3.connect(f"file:{n.db_path(self.server)}?mode=ro", uri=True)
        failures = [json.loads(r[0]) for r in db.execute("SELECT event FROM audit_events WHERE action = 'auth.failure'")]
        last = db.execute("SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()[0]
        total = db.execute("SELECT count(*) FROM audit_events").fetchone()[0]
        signed = db.execute("SELECT max(size) FROM audit_checkpoints").fetchone()[0]
        db.close()
        self.assertEqual(len(failures), 1, failures)
        counts = failures[0]["details"]["counts"]
        self.assertGreaterEqual(counts.get("unmapped_certificate", 0), 1, failures)
        self.assertGreaterEqual(sum(counts.values()), 2, failures)
        self.assertEqual(len(failures[0]["details"]["unmapped_certificates"]), 1)
        self.assertEqual(last, "server.stop")
        self.assertEqual(signed, total, "the final checkpoint covers every event")

        copy = self.copy_database()
        vkey = harness.Certs.get().audit_vkey
        verified = subprocess.run([huolictl(), "audit", "verify", "--db", copy, "--vkey", vkey],
                                  capture_output=True, text=True)
        self.assertEqual(verified.returncode, 0, verified.stdout + verified.stderr)
        self.assertTrue(verified.stdout.startswith("OK"), verified.stdout)
        receipt = subprocess.run([huolictl(), "receipt", "verify", "--db", copy, "--vkey", vkey,
                                  "--receipt", accepted[1]["receipt"]], capture_output=True, text=True)
        self.assertEqual(receipt.returncode, 0, receipt.stdout + receipt.stderr)
        self.assertIn(f"seq {accepted[1]['audit']['seq']}", receipt.stdout)

        # Someone with the file edits an event: the offline check names it.
        db = sqlite3.connect(copy)
        db.execute("DROP TRIGGER audit_events_no_update")
        db.execute("UPDATE audit_events SET event = replace(event, 'accepted', 'ACCEPTED') WHERE seq = ?",
                   (accepted[1]["audit"]["seq"],))
        db.commit()
        db.close()
        tampered = subprocess.run([huolictl(), "audit", "verify", "--db", copy, "--vkey", vkey],
                                  capture_output=True, text=True)
        self.assertEqual(tampered.returncode, 1, tampered.stdout)
        self.assertIn(f"edited: seq {accepted[1]['audit']['seq']} ", tampered.stdout)

    def test_the_server_refuses_to_start_without_a_signing_key(self):
        server = harness.Server()
        with open(server.config_path, encoding="utf-8") as f:
            config = json.load(f)
        del config["audit"]
        with open(server.config_path, "w", encoding="utf-8") as f:
            json.dump(config, f)
        with self.assertRaises(AssertionError) as refused:
            server.start(timeout=5)
        self.assertIn("/audit/signing_key is required", str(refused.exception))

    def copy_database(self):
        target = tempfile.mkdtemp(prefix="huoli-audit-copy-")
        self.addCleanup(shutil.rmtree, target, True)
        source = n.db_path(self.server)
        copy = os.path.join(target, "huoli.db")
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(copy)
        src.backup(dst)  # a consistent copy, WAL included
        src.close()
        dst.close()
        return copy


if __name__ == "__main__":
    unittest.main()
