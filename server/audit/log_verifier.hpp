// Full verification of the audit log, as `huolictl audit verify` runs it: trust nothing but
// the vkey. Recomputes every leaf and the tree from the events, checks every checkpoint's
// signature and that each signed root is the recomputed root at its size (so the checkpoints
// are heads of one append-only history), checks consecutive checkpoints' consistency proofs,
// checks the columns and the data-subject index against the event bytes, and names the first
// bad event.
//
// Naming the spot: a failing root only says "somewhere before this size". From a database the
// verifier also reads the stored leaf hashes (audit_tree_nodes); when they recompute a signed
// root they are authentic, and comparing them with the recomputed leaves names the event and
// what happened to it (edited, deleted, inserted, reordered). From an NDJSON export, or when
// the stored hashes were altered too, it names the gap in seq or the range between checkpoints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "audit/checkpoint.hpp"
#include "audit/note_key.hpp"
#include "core/result.hpp"

namespace huoli::audit {

struct finding {
    std::int64_t seq = 0;  // the event concerned; 0 when the finding is about no single event
    // edited, deleted, inserted, reordered, columns_edited, malformed_event, bad_checkpoint,
    // inconsistent_checkpoints, events_missing, first_bad_in_range, index_altered,
    // rejected_rows_altered. One gap in seq is one "deleted" finding naming the missing range.
    std::string kind;
    std::string detail;
};

struct verify_report {
    std::uint64_t events = 0;
    std::uint64_t checkpoints = 0;    // that verified
    std::uint64_t signed_size = 0;    // the largest verified checkpoint's size
    std::vector<finding> problems;    // ordered by seq; problems.front() is the first bad spot
    std::vector<std::string> warnings;  // unsigned tail, tails set aside at start-up
    bool ok() const { return problems.empty(); }
    std::string summary() const;      // human-readable, one line per finding
};

// `db_file` is a copy of the database (opened read-only). Errors only when it cannot be read.
result<verify_report> verify_database(const std::filesystem::path& db_file, const verifier& v);

// An NDJSON export (GET /api/v1/audit/events with Accept: application/x-ndjson, every page,
// from the start): one object per line with at least "seq" and "event"; the other columns are
// checked against the event when present. `notes` are signed checkpoints (GET .../checkpoint).
verify_report verify_export(std::istream& ndjson, const std::vector<std::string>& notes, const verifier& v);

// `huolictl receipt verify`: the receipt's submission event, proved to be in the log under
// the newest signed checkpoint that covers it.
struct receipt_result {
    std::string notice_id;
    std::int64_t seq = 0;
    std::uint64_t leaf_index = 0;
    checkpoint signed_head;
    std::vector<hash> proof;
    bool payload_matches = false;  // the stored notice is the content the event committed to
};

// Errors: "not_found" (no such receipt or seq), "not_yet_signed" (no checkpoint covers the
// event yet: retry after the checkpoint interval), "bad_checkpoint", "proof_failed",
// "storage_unavailable".
result<receipt_result> verify_receipt(SQLite::Database& db, const verifier& v, const std::string& receipt,
                                      std::int64_t seq);

}  // namespace huoli::audit
