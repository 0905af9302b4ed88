// The start-up check of the audit log's unsigned tail: no event is signed that the server did not
// write (Act 703/2023 asks for a log of who processed whose data that can be trusted; a forged
// "helsinki-intake read this notice" must not become part of the signed history).
//
// A clean stop writes server.stop and then a final checkpoint that covers it, so after a clean
// stop the newest signed event is that server.stop and nothing follows it. Rows after it were
// written while the server was not running: the checkpointer refuses to start, or (configured
// "record") sets them aside unsigned with set_aside_tail(). After a crash the last signed event is
// not a server.stop and an unsigned tail is the server's own writes that no checkpoint covered
// yet; those are signed as before. What this check cannot see is in server/audit/README.md.
//
// All functions run on the checkpointer's connection; set_aside_tail inside its write
// transaction. They let SQLite's exceptions propagate (start-up code).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

#include "audit/append_event.hpp"

namespace huoli::audit {

// The events after the signed tree: min/max seq and how many rows (a forger need not keep seq
// gapless, so count may differ from last - first + 1).
struct unsigned_tail {
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    std::uint64_t count = 0;
};

std::optional<unsigned_tail> find_unsigned_tail(SQLite::Database& db, std::uint64_t signed_size);

// True when the newest signed event (seq == signed_size, already checked against its signed leaf
// by the caller) is the system's server.stop: the previous run ended cleanly.
bool ended_with_signed_stop(SQLite::Database& db, std::uint64_t signed_size);

// Moves the tail into audit_rejected_events (tagged with the seq its record will get, signed_size
// + 1), removes it and its data-subject index rows from audit_events, rewinds the seq counter to
// signed_size, and appends the audit.tail_rejected event that names the range, returning its seq.
// The caller signs that event in the same transaction, so the rows are never signed and the
// rejection is.
std::int64_t set_aside_tail(SQLite::Database& db, std::uint64_t signed_size, const unsigned_tail& tail,
                            const std::string& now);

// The audit.tail_rejected event: first/last seq, count, where the rows are kept, and the SHA-256
// of their leaf hashes in seq order (so the kept copies can be checked against the signed record).
// Seq numbers and hashes only: the rows themselves may name data subjects.
event tail_rejected_event(const unsigned_tail& tail, const std::string& leaves_sha256, const std::string& now);

}  // namespace huoli::audit
