"""Nothing a client sends can wedge the writer (issue 15 §1), over real TLS.

- Concurrent retries with one Idempotency-Key, then a signed audit checkpoint (the checkpointer commits on a
  connection of its own): every later write still works. Before the fix this left every write answering 503.
- A bounded storm of submissions (unique, colliding and contested keys, no key), leases, acknowledgements and
  audit queries while checkpoints are written: every 201 is stored exactly once, every key names one notice.
- A database held locked by another process: 503 with nothing stored, /readyz not ready, the failure logged
  with SQLite's code only, systemd's watchdog not told WATCHDOG=1; all of it back once the lock is gone.

Stored rows are read from the SQLite file directly (read-only).
"""
import concurrent.futures
import json
import os
import socket
import sqlite3
import threading
import time
import unittest
import uuid

import harness
import notices as n
from harness import ConnectionClosed, ServerTestCase

FORM = "child-welfare-notification"
NO_RATE_LIMIT = {"rate_per_minute": 1000000, "rate_burst": 1000000,
                 "principal_rate_per_minute": 1000000, "principal_rate_burst": 1000000}
JSON = {"Content-Type": "application/json"}
KAINUU_QUEUE = "kainuu-children"


def unique_notice():
    """A valid notice that routes to Kainuu (home municipality Kajaani), made unique by its description."""
    doc = n.notice(FORM, home="205")
    doc["reasons"]["description"] += " Viite " + uuid.uuid4().hex + "."
    return doc


class Client:
    """A keep-alive connection that reconnects when the server has closed an idle one."""

    def __init__(self, server, listener="public", client=None):
        self.server, self.listener, self.client = server, listener, client
        self.conn = None

    def request(self, method, target, headers=None, body=b"", timeout=20.0):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = self.server.connect(self.listener, self.client, timeout=timeout)
            try:
                return self.conn.request(method, target, headers, body, timeout=timeout)
            except (ConnectionClosed, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise

    def submit(self, doc, key=None):
        headers = dict(JSON)
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.request("POST", n.submission_path(FORM), headers, n.encode(doc))

    def close(self):
        if self.conn is not None:
            self.conn.close()


def newest_checkpoint_size(server):
    rows = n.query(server, "SELECT coalesce(max(size), 0) FROM audit_checkpoints")
    return rows[0][0]


def wait_for_checkpoint_covering_everything(test, server, timeout=15.0):
    """Waits until the audit checkpointer has signed a checkpoint over every event written so far."""
    events = n.count(server, "audit_events")
    deadline = time.monotonic() + timeout
    while newest_checkpoint_size(server) < events:
        if time.monotonic() > deadline:
            test.fail(f"no checkpoint covering {events} events within {timeout} s")
        time.sleep(0.1)


class WriterStaysWritable(ServerTestCase):
    def assert_fresh_writes_work(self, server):
        """A new submission gets its 201 within a second; leases and /readyz work too."""
        client = Client(server)
        self.addCleanup(client.close)
        started = time.monotonic()
        response = client.submit(unique_notice())
        elapsed = time.monotonic() - started
        self.assertEqual(response.status, 201, response)
        self.assertLess(elapsed, 1.0, "a fresh submission took too long")
        self.assertEqual(server.get("/readyz").status, 200)
        intake = Client(server, "internal", "kainuu-intake")
        self.addCleanup(intake.close)
        lease = intake.request("POST", f"/api/v1/queues/{KAINUU_QUEUE}/lease", JSON,
                               json.dumps({"max": 1, "lease_seconds": 60}).encode())
        self.assertEqual(lease.status, 200, lease)
        return response

    def test_concurrent_retries_with_one_key_leave_every_later_write_working(self):
        server = self.start_server(limits=NO_RATE_LIMIT, audit={"checkpoint_interval_seconds": 1})
        senders = 4
        for _ in range(5):
            key = "retry-" + uuid.uuid4().hex
            body = n.encode(unique_notice())
            ready = threading.Barrier(senders)

            def send(_):
                client = Client(server)
                try:
                    client.request("GET", "/healthz")  # the TLS handshake before the barrier
                    ready.wait()
                    return client.request("POST", n.submission_path(FORM), dict(JSON, **{"Idempotency-Key": key}),
                                          body)
                finally:
                    client.close()

            with concurrent.futures.ThreadPoolExecutor(senders) as pool:
                responses = list(pool.map(send, range(senders)))
            for r in responses:
                self.assertEqual(r.status, 201, r)
            self.assertEqual(len({r.json()["id"] for r in responses}), 1, "one key, one notice")
            self.assertEqual(sum(r.header("idempotent-replayed") == "true" for r in responses), senders - 1)

        wait_for_checkpoint_covering_everything(self, server)
        self.assert_fresh_writes_work(server)
        self.assertEqual(n.half_written_in(server), [])
        self.assertNotIn("storage_transaction_failed", server.stderr_text())

    def test_a_storm_of_submissions_leases_acks_and_audit_queries_stores_every_201_once(self):
        server = self.start_server(limits=NO_RATE_LIMIT, audit={"checkpoint_interval_seconds": 1})
        wait_for_checkpoint_covering_everything(self, server)  # from here on, the checkpoint query answers 200
        submitters, per_submitter = 8, 40
        deadline = time.monotonic() + 60  # bounded in time as well as in count
        shared_keys = ["shared-" + uuid.uuid4().hex for _ in range(6)]
        shared_body = {k: n.encode(unique_notice()) for k in shared_keys}
        contested_keys = ["contested-" + uuid.uuid4().hex for _ in range(4)]
        contested_bodies = {k: [n.encode(unique_notice()), n.encode(unique_notice())] for k in contested_keys}
        results = []  # (key or None, response)
        results_lock = threading.Lock()
        stop = threading.Event()
        failures = []

        def submitter(i):
            client = Client(server)
            try:
                for j in range(per_submitter):
                    if time.monotonic() > deadline:
                        return
                    kind = (i + j) % 4
                    if kind == 0:
                        key, body = "unique-" + uuid.uuid4().hex, n.encode(unique_notice())
                    elif kind == 1:
                        key = shared_keys[(i * 7 + j) % len(shared_keys)]
                        body = shared_body[key]
                    elif kind == 2:
                        key = contested_keys[(i + j // 4) % len(contested_keys)]
                        body = contested_bodies[key][(i * 3 + j) % 2]
                    else:
                        key, body = None, n.encode(unique_notice())
                    headers = dict(JSON)
                    if key:
                        headers["Idempotency-Key"] = key
                    r = client.request("POST", n.submission_path(FORM), headers, body)
                    with results_lock:
                        results.append((key, body, r))
            finally:
                client.close()

        def leaser():
            client = Client(server, "internal", "kainuu-intake")
            try:
                while not stop.is_set() and time.monotonic() < deadline:
                    r = client.request("POST", f"/api/v1/queues/{KAINUU_QUEUE}/lease", JSON,
                                       json.dumps({"max": 5, "lease_seconds": 120}).encode())
                    if r.status != 200:
                        failures.append(("lease", r))
                        return
                    for item in r.json()["items"]:
                        ack = client.request("POST", f"/api/v1/items/{item['id']}/ack", JSON,
                                             json.dumps({"lease_token": item["lease"]["token"]}).encode())
                        if ack.status != 200:
                            failures.append(("ack", ack))
                            return
            finally:
                client.close()

        def auditor():
            client = Client(server, "internal", "auditor")
            try:
                while not stop.is_set() and time.monotonic() < deadline:
                    for target in ("/api/v1/audit/events?limit=50", "/api/v1/audit/checkpoint"):
                        r = client.request("GET", target)
                        if r.status != 200:
                            failures.append(("audit", r))
                            return
                    time.sleep(0.05)
            finally:
                client.close()

        with concurrent.futures.ThreadPoolExecutor(submitters + 3) as pool:
            background = [pool.submit(leaser), pool.submit(leaser), pool.submit(auditor)]
            for f in [pool.submit(submitter, i) for i in range(submitters)]:
                f.result()
            stop.set()
            for f in background:
                f.result()
        self.assertEqual(failures, [])
        self.assertEqual(len(results), submitters * per_submitter, "the storm ended at its deadline")

        stored_by_key = {}
        created = []
        for key, body, r in results:
            if key in contested_keys and r.status == 422:
                self.assertEqual(r.json().get("code"), "idempotency_key_reused", r)
                continue
            self.assertEqual(r.status, 201, r)
            doc = r.json()
            if key:
                stored_by_key.setdefault(key, set()).add(doc["id"])
            if r.header("idempotent-replayed") != "true":
                created.append(doc["id"])
            rows = n.query(server, "SELECT receipt, payload_sha256 FROM notices WHERE id = ?", (doc["id"],))
            self.assertEqual(len(rows), 1, f"notice {doc['id']} stored {len(rows)} times")
            self.assertEqual(rows[0][0], doc["receipt"])
            if key not in contested_keys:
                self.assertEqual(rows[0][1], n.sha256_hex(n.canonical(n.as_stored(json.loads(body)))))
        for key, ids in stored_by_key.items():
            self.assertEqual(len(ids), 1, f"key {key} answered with {len(ids)} notices")
            rows = n.query(server, "SELECT notice_id FROM idempotency_keys WHERE key = ?", (n.stored_idempotency_key(FORM, key),))
            self.assertEqual([r[0] for r in rows], list(ids), f"key {key}")
        self.assertEqual(len(created), len(set(created)), "a notice created twice")
        self.assertEqual(n.stored_notices(server), len(created), "every stored notice was answered 201 once")
        self.assertEqual(n.half_written_in(server), [])

        wait_for_checkpoint_covering_everything(self, server)
        self.assert_fresh_writes_work(server)
        self.assertNotIn("storage_transaction_failed", server.stderr_text())


class NotifySocket:
    """A systemd notification socket (sd_notify's protocol: one datagram per message) in a temporary folder."""

    def __init__(self, folder):
        self.path = os.path.join(folder, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)

    def messages(self, seconds):
        """Every message received during the next `seconds`."""
        out = []
        end = time.monotonic() + seconds
        while True:
            remaining = end - time.monotonic()
            if remaining <= 0:
                return out
            self.sock.settimeout(remaining)
            try:
                out.extend(self.sock.recv(4096).decode().splitlines())
            except socket.timeout:
                return out

    def close(self):
        self.sock.close()


class StorageStall(ServerTestCase):
    def test_a_locked_database_stops_readiness_and_the_watchdog_until_the_lock_is_gone(self):
        notify = NotifySocket(harness._tmpdir("huoli-notify-"))
        self.addCleanup(notify.close)
        # WatchdogSec=2: the server pets in rounds of 0.5 s.
        server = self.start_server(limits=NO_RATE_LIMIT, env={"NOTIFY_SOCKET": notify.path, "WATCHDOG_USEC": "2000000"})
        first = notify.messages(3.0)
        self.assertIn("READY=1", first)
        self.assertGreaterEqual(first.count("WATCHDOG=1"), 2, first)

        before = n.stored_notices(server)
        doc = unique_notice()
        locker = sqlite3.connect(n.db_path(server), isolation_level=None, timeout=10)
        try:
            locker.execute("BEGIN IMMEDIATE")  # e.g. a careless maintenance script
            client = Client(server)
            self.addCleanup(client.close)
            refused = client.submit(doc)  # the writer waits out its 5 s lock timeout, then gives up
            self.assert_problem(refused, 503)
            self.assertEqual(server.get("/readyz").status, 503)
            notify.messages(0.1)  # what was said before the lock is not the point
            stalled = notify.messages(2.5)
            self.assertNotIn("WATCHDOG=1", stalled, "the watchdog was told all is well while nothing commits")
        finally:
            locker.execute("ROLLBACK")
            locker.close()

        failures = [r for r in server.log_records() if r.get("event") == "storage_transaction_failed"]
        self.assertTrue(failures, server.stderr_tail())
        self.assertEqual(failures[0]["during"], "beginning a transaction")
        self.assertEqual(failures[0]["sqlite_code"] & 0xff, 5)  # SQLITE_BUSY
        self.assertEqual(failures[0]["sqlite_message"], "database is locked")
        for record in failures:
            self.assertEqual(set(record), {"event", "during", "sqlite_code", "sqlite_message"})
        self.assertNotIn(doc["child"]["last_name"], server.stderr_text())

        deadline = time.monotonic() + 10
        while server.get("/readyz").status != 200:
            self.assertLess(time.monotonic(), deadline, "readiness did not come back")
            time.sleep(0.1)
        self.assertIn("WATCHDOG=1", notify.messages(2.5))
        self.assertEqual(n.stored_notices(server), before, "the refused notice was not stored")
        self.assertEqual(client.submit(doc).status, 201)


if __name__ == "__main__":
    unittest.main()
