#include "store/migrations.hpp"

#include <string>

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>

#include "core/utc_timestamp.hpp"
#include "store/connection.hpp"
#include "store/new_notice.hpp"

namespace huoli::store {
namespace {

// Version 1. Notes on choices the later queue and audit work rely on:
//  - Times are fixed-width UTC text (timestamp.hpp), so text order is time order.
//  - Child rows reference notices without ON DELETE CASCADE: deleting a notice that still has
//    a queue item or routing record is refused, and retention purges must say what they remove.
//  - queue_items copies `urgent` from its notice so one index serves leasing in order
//    (urgent first, then oldest; rowid, i.e. insertion order, breaks ties). fetched_at is the
//    first lease: the domain notes ask to store both enqueue and fetch time, because when an
//    electronic notice is "vireillä" (Act 13/2003 10 §) is unsettled.
//  - audit_events is append-only: triggers refuse UPDATE and DELETE.
//  - writer_probe is a one-row table the writer rewrites to test whether storage works again.
constexpr std::string_view migration_1 = R"sql(
CREATE TABLE notices (
  id              TEXT PRIMARY KEY NOT NULL,
  receipt         TEXT NOT NULL UNIQUE,
  form            TEXT NOT NULL,
  received_at     TEXT NOT NULL,
  payload         TEXT NOT NULL CHECK (json_valid(payload)),
  payload_sha256  TEXT NOT NULL,
  schema_sha256   TEXT NOT NULL,
  organisation_id TEXT NOT NULL,
  queue_id        TEXT NOT NULL,
  urgent          INTEGER NOT NULL CHECK (urgent IN (0, 1)),
  decision_due    TEXT NULL,
  assessment_due  TEXT NULL
);
CREATE INDEX notices_by_queue ON notices (queue_id, received_at);

CREATE TABLE routing_records (
  notice_id         TEXT PRIMARY KEY NOT NULL REFERENCES notices (id),
  rule              TEXT NOT NULL,
  municipality_code TEXT NULL,
  explanation       TEXT NOT NULL CHECK (json_valid(explanation)),
  table_sha256      TEXT NOT NULL,
  config_sha256     TEXT NOT NULL
);

CREATE TABLE queue_items (
  notice_id        TEXT PRIMARY KEY NOT NULL REFERENCES notices (id),
  queue_id         TEXT NOT NULL,
  state            TEXT NOT NULL CHECK (state IN ('available', 'leased', 'acknowledged')),
  urgent           INTEGER NOT NULL CHECK (urgent IN (0, 1)),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  lease_token      TEXT NULL,
  lease_expires_at TEXT NULL,
  available_since  TEXT NOT NULL,
  fetched_at       TEXT NULL,
  acknowledged_at  TEXT NULL,
  case_reference   TEXT NULL,
  flagged          INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
  CHECK (state <> 'leased' OR (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL)),
  CHECK (state <> 'acknowledged' OR acknowledged_at IS NOT NULL)
);
CREATE INDEX queue_items_leasing ON queue_items (queue_id, state, urgent DESC, available_since);
CREATE INDEX queue_items_lease_expiry ON queue_items (state, lease_expires_at);

CREATE TABLE audit_events (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  object        TEXT NOT NULL,
  legal_basis   TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  data_subjects TEXT NOT NULL CHECK (json_valid(data_subjects)),
  event         TEXT NOT NULL CHECK (json_valid(event))
);
CREATE INDEX audit_events_by_object ON audit_events (object);
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;

CREATE TABLE idempotency_keys (
  key         TEXT PRIMARY KEY NOT NULL,
  body_sha256 TEXT NOT NULL,
  notice_id   TEXT NOT NULL REFERENCES notices (id),
  response    TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE writer_probe (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  at TEXT NOT NULL
);
)sql";

// Version 2: the audit log's derived tables (server/audit/).
//  - audit_subjects indexes audit_events by data subject (a client's "who saw my data", Act
//    703/2023), filled by a trigger in the same transaction as the event, so nobody can forget it.
//  - audit_tree (one row: the Merkle tree's compact state), audit_tree_nodes (every leaf hash,
//    and the hash of every complete perfect subtree of 256 or more leaves, for O(log n) proofs)
//    and audit_checkpoints (signed tree heads) are written by the checkpointer alone.
//  - All of them can be recomputed from audit_events; `huolictl audit verify` checks them.
constexpr std::string_view migration_2 = R"sql(
CREATE TABLE audit_subjects (
  subject TEXT NOT NULL,
  seq     INTEGER NOT NULL,
  PRIMARY KEY (subject, seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO audit_subjects (subject, seq)
  SELECT j.value, e.seq FROM audit_events e, json_each(e.data_subjects) j WHERE j.type = 'text';
CREATE TRIGGER audit_events_subjects AFTER INSERT ON audit_events
BEGIN
  INSERT OR IGNORE INTO audit_subjects (subject, seq)
    SELECT value, NEW.seq FROM json_each(NEW.data_subjects) WHERE type = 'text';
END;
CREATE INDEX audit_events_by_actor ON audit_events (actor);
CREATE INDEX audit_events_by_organisation ON audit_events (coalesce(json_extract(event, '$.organisation'), json_extract(event, '$.principal.organisation')));

CREATE TABLE audit_tree (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  size       INTEGER NOT NULL CHECK (size >= 0),
  root       BLOB NOT NULL,
  state      BLOB NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE audit_tree_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE audit_checkpoints (
  size       INTEGER PRIMARY KEY NOT NULL,
  root       BLOB NOT NULL,
  note       TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
)sql";

// Version 3: notices_by_queue answered no query (queues are read through queue_items and its
// leasing index), yet cost every submission an index insert and a page write per batch.
constexpr std::string_view migration_3 = R"sql(
DROP INDEX IF EXISTS notices_by_queue;
)sql";

// Version 4: an unsigned tail found after a clean stop (server/audit/tail_check.hpp) is set aside,
// never signed. Its rows move to audit_rejected_events, tagged with the seq of the signed
// audit.tail_rejected event that records the move, so the signed sequence stays gapless (leaf i is
// still seq i + 1) and the auditor still has the rows. audit_events stays append-only for every
// signed row: a row may leave it only beyond the signed tree and only once its exact copy is kept.
constexpr std::string_view migration_4 = R"sql(
CREATE TABLE audit_rejected_events (
  rejected_by   INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  action        TEXT NOT NULL,
  object        TEXT NOT NULL,
  legal_basis   TEXT NOT NULL,
  outcome       TEXT NOT NULL,
  data_subjects TEXT NOT NULL,
  event         TEXT NOT NULL,
  PRIMARY KEY (rejected_by, seq)
);
CREATE TRIGGER audit_rejected_events_no_update BEFORE UPDATE ON audit_rejected_events
BEGIN SELECT RAISE(ABORT, 'audit_rejected_events is append-only'); END;
CREATE TRIGGER audit_rejected_events_no_delete BEFORE DELETE ON audit_rejected_events
BEGIN SELECT RAISE(ABORT, 'audit_rejected_events is append-only'); END;
DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN OLD.seq <= coalesce((SELECT size FROM audit_tree WHERE id = 1), 0)
  OR NOT EXISTS (SELECT 1 FROM audit_rejected_events r WHERE r.seq = OLD.seq AND r.event = OLD.event)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
)sql";

// Version 5: which identity codes in a notice are temporary ones (individual number 900-999),
// as JSON Pointers into the payload (a JSON array, NULL for none): the receiving county must not
// search the population register with them. Pointers only, never the codes.
constexpr std::string_view migration_5 = R"sql(
ALTER TABLE notices ADD COLUMN temporary_identity_codes TEXT NULL
  CHECK (temporary_identity_codes IS NULL OR json_valid(temporary_identity_codes));
)sql";

// Version 6: a child welfare notification about several children of a family (other_children
// with same_concern) is one case per child, because each child's matter runs on its own (LSL 26 §:
// each child's need is assessed and decided) and each goes to that child's own municipality
// (LSL 16 §). The notice is stored once: every case is a notices row with its own organisation,
// queue, deadlines, routing record, queue item and audit events, but only the first child's row
// holds the payload; the others hold the JSON text 'null' and point at it with content_of. Their
// own receipt column holds a code nobody was given (the column is UNIQUE); the notifier's receipt
// is in receipt. A notice about one child has no link row at all, so the common path writes
// nothing more. notice_content is the one place that says where a case's content and receipt are.
constexpr std::string_view migration_6 = R"sql(
CREATE TABLE notice_links (
  notice_id        TEXT PRIMARY KEY NOT NULL REFERENCES notices (id),
  group_id         TEXT NOT NULL,
  content_of       TEXT NOT NULL REFERENCES notices (id),
  receipt          TEXT NOT NULL,
  child_pointer    TEXT NOT NULL CHECK (child_pointer = '/child' OR child_pointer GLOB '/other_children/[0-9]*'),
  routed_with_main INTEGER NOT NULL CHECK (routed_with_main IN (0, 1))
);
CREATE INDEX notice_links_by_group ON notice_links (group_id);
CREATE VIEW notice_content AS
SELECT n.id AS notice_id, coalesce(c.payload, n.payload) AS payload, coalesce(l.receipt, n.receipt) AS receipt
FROM notices n LEFT JOIN notice_links l ON l.notice_id = n.id LEFT JOIN notices c ON c.id = l.content_of;
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
    static const std::vector<std::string_view> all{migration_1, migration_2, migration_3,
                                                   migration_4, migration_5, migration_6};
    return all;
}

result<int> schema_version(SQLite::Database& db) {
    try {
        db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                "version INTEGER PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)");
        return db.execAndGet("SELECT coalesce(max(version), 0) FROM schema_migrations").getInt();
    } catch (const SQLite::Exception& e) {
        return storage_error("reading schema version", e);
    }
}

status migrate(SQLite::Database& db) {
    auto current = schema_version(db);
    if (!current) return current.error();
    const int known = static_cast<int>(migrations().size());
    if (current.value() > known) {
        return error{schema_too_new, "database schema version " + std::to_string(current.value()) +
                                         " is newer than this build supports (" + std::to_string(known) +
                                         "); run a newer Huoli or restore a matching backup"};
    }
    for (int version = current.value() + 1; version <= known; ++version) {
        try {
            SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
            db.exec(std::string(migrations()[version - 1]));
            SQLite::Statement record(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)");
            record.bind(1, version);
            record.bind(2, utc_timestamp_now());
            record.exec();
            tx.commit();
        } catch (const SQLite::Exception& e) {
            return storage_error("applying schema migration " + std::to_string(version), e);
        }
    }
    return ok_status();
}

}  // namespace huoli::store
