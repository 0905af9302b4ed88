"""Crash safety: concurrent submitters, `kill -9` of the server at a random moment, restart on the same data folder.

Every notice that received a 201 must be present and intact, nothing may be half-written, and a client that never
saw its answer can retry with the same Idempotency-Key without creating a duplicate. Three rounds, each killing at
another moment, on one data folder (so each restart also recovers from the previous crash). HUOLI_CRASH_SEED
replays a run.
"""
import os
import random
import threading
import time
import unittest
import uuid

import harness
import notices as n
from harness import ServerTestCase

SUBMITTERS = 6
# Kill windows (seconds after the submitters start): early, mid-stream, late.
KILL_WINDOWS = ((0.15, 0.5), (0.5, 1.2), (1.2, 2.5))
MUNICIPALITIES = ("205", "091", "905", "049", "698", "837", "564", "853")


def realistic_notice(rng):
    form = rng.choice(n.FORMS)
    adult = form == "contact-request" and rng.random() < 0.3
    home = rng.choice(MUNICIPALITIES)
    residence = rng.choice(MUNICIPALITIES) if rng.random() < 0.3 else None
    doc = n.notice(form, home=home, residence=residence, workplace="205", adult=adult)
    text_key = "reasons" if form == "child-welfare-notification" else None
    note = f" Seuranta {uuid.uuid4().hex[:12]}."
    if text_key:
        doc["reasons"]["description"] += note
    else:
        doc["description"] += note
    return form, doc


class Submitter(threading.Thread):
    """Sends notices one after another on one keep-alive TLS connection until the connection breaks."""

    def __init__(self, server, rng, stop):
        super().__init__(daemon=True)
        self.server, self.rng, self.stop = server, rng, stop
        self.acknowledged = []  # (key, form, doc, 201 body)
        self.unanswered = []    # (key, form, doc): sent, but the answer never came
        self.unexpected = []

    def run(self):
        try:
            conn = self.server.connect(timeout=10)
        except OSError:
            return
        try:
            while not self.stop.is_set():
                form, doc = realistic_notice(self.rng)
                key = str(uuid.uuid4())
                try:
                    response = n.post(conn, form, doc, key, timeout=10)
                except (OSError, harness.ConnectionClosed):
                    self.unanswered.append((key, form, doc))
                    return
                if response.status == 201:
                    self.acknowledged.append((key, form, doc, response.json()))
                else:
                    self.unexpected.append(response)
                    return
        finally:
            conn.close()


class KillNine(ServerTestCase):
    def test_acknowledged_notices_survive_kill_9_and_nothing_is_half_written(self):
        seed = int(os.environ.get("HUOLI_CRASH_SEED") or random.randrange(1 << 30))
        rng = random.Random(seed)
        server = self.start_server(limits={"rate_per_minute": 1000000, "rate_burst": 100000})
        sent_keys = set()
        acknowledged = []
        for round_no, window in enumerate(KILL_WINDOWS, 1):
            with self.subTest(round=round_no, seed=seed):
                stop = threading.Event()
                submitters = [Submitter(server, random.Random(rng.random()), stop) for _ in range(SUBMITTERS)]
                for s in submitters:
                    s.start()
                time.sleep(rng.uniform(*window))
                server.kill()  # SIGKILL: no drain, no checkpoint
                stop.set()
                for s in submitters:
                    s.join(15)
                    self.assertFalse(s.is_alive(), "a submitter hung after the kill")
                    self.assertEqual(s.unexpected, [], "only 201s before the kill")
                answered = [a for s in submitters for a in s.acknowledged]
                unanswered = [u for s in submitters for u in s.unanswered]
                self.assertTrue(answered, "the kill came before any 201: nothing was tested")
                acknowledged += answered
                sent_keys.update((a[0], a[1]) for a in answered)
                sent_keys.update((u[0], u[1]) for u in unanswered)

                server.start()
                self.check_acknowledged_intact(server, acknowledged)
                self.assertEqual(n.half_written_in(server), [])
                # A client that saw no answer retries with its key: one notice, whether or not the first try committed.
                conn = self.connect(timeout=10)
                replayed = 0
                for key, form, doc in unanswered:
                    response = n.post(conn, form, doc, key)
                    self.assertEqual(response.status, 201, response)
                    replayed += response.header("idempotent-replayed") == "true"
                    self.assertEqual(n.query(server, "SELECT payload_sha256 FROM notices WHERE id = ?",
                                             (response.json()["id"],))[0][0],
                                     n.sha256_hex(n.canonical(n.as_stored(doc))))
                self.assertEqual(n.stored_notices(server), len(sent_keys),
                                 "every key sent is exactly one notice: none lost, none duplicated")
                stored_keys = {r[0] for r in n.query(server, "SELECT key FROM idempotency_keys")}
                self.assertEqual(stored_keys, {n.stored_idempotency_key(form, key) for key, form in sent_keys})
                print(f"\ncrash round {round_no} (seed {seed}): {len(answered)} acknowledged, "
                      f"{len(unanswered)} unanswered before kill -9, "
                      f"{replayed} of those had committed (replayed on retry)", flush=True)

    def check_acknowledged_intact(self, server, acknowledged):
        db = n.open_db(server)
        try:
            for key, form, doc, body in acknowledged:
                row = db.execute("SELECT * FROM notices WHERE id = ?", (body["id"],)).fetchone()
                self.assertIsNotNone(row, f"acknowledged notice {body['receipt']} is missing after kill -9")
                self.assertEqual((row["receipt"], row["form"]), (body["receipt"], form))
                self.assertEqual(row["payload_sha256"], n.sha256_hex(row["payload"]))
                self.assertEqual(row["payload_sha256"], n.sha256_hex(n.canonical(n.as_stored(doc))))
                self.assertEqual(row["organisation_id"], body["recipient"]["id"])
                for table, column in (("routing_records", "notice_id"), ("queue_items", "notice_id"),
                                      ("audit_events", "object")):
                    found = db.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (body["id"],)).fetchone()[0]
                    self.assertEqual(found, 1, f"{table} rows of an acknowledged notice")
                stored_key = db.execute("SELECT notice_id FROM idempotency_keys WHERE key = ?",
                                        (n.stored_idempotency_key(form, key),)).fetchone()
                self.assertEqual(stored_key and stored_key[0], body["id"])
        finally:
            db.close()


if __name__ == "__main__":
    unittest.main()
