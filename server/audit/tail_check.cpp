#include "audit/tail_check.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "audit/hash.hpp"
#include "json/digest.hpp"

namespace huoli::audit {

std::optional<unsigned_tail> find_unsigned_tail(SQLite::Database& db, std::uint64_t signed_size) {
    SQLite::Statement q(db, "SELECT min(seq), max(seq), count(*) FROM audit_events WHERE seq > ?");
    q.bind(1, static_cast<std::int64_t>(signed_size));
    if (!q.executeStep() || q.getColumn(2).getInt64() == 0) return std::nullopt;
    return unsigned_tail{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                         static_cast<std::uint64_t>(q.getColumn(2).getInt64())};
}

bool ended_with_signed_stop(SQLite::Database& db, std::uint64_t signed_size) {
    if (signed_size == 0) return false;
    SQLite::Statement q(db, "SELECT event FROM audit_events WHERE seq = ?");
    q.bind(1, static_cast<std::int64_t>(signed_size));
    if (!q.executeStep()) return false;
    const auto ev = nlohmann::json::parse(q.getColumn(0).getString(), nullptr, false);
    return ev.is_object() && ev.value("actor", "") == "system" && ev.value("action", "") == "server.stop";
}

event tail_rejected_event(const unsigned_tail& tail, const std::string& leaves_sha256, const std::string& now) {
    event e;
    e.at = now;
    e.actor = "system";
    e.action = "audit.tail_rejected";
    e.object = "-";
    e.outcome = "rejected";
    e.details = {{"first_seq", tail.first_seq},
                 {"last_seq", tail.last_seq},
                 {"count", tail.count},
                 {"kept_in", "audit_rejected_events"},
                 {"leaf_hashes_sha256", leaves_sha256}};
    return e;
}

std::int64_t set_aside_tail(SQLite::Database& db, std::uint64_t signed_size, const unsigned_tail& tail,
                            const std::string& now) {
    const auto after = static_cast<std::int64_t>(signed_size);
    const std::int64_t record_seq = after + 1;
    std::string leaves;
    {
        SQLite::Statement rows(db, "SELECT event FROM audit_events WHERE seq > ? ORDER BY seq");
        rows.bind(1, after);
        while (rows.executeStep()) {
            const hash h = leaf_hash(rows.getColumn(0).getString());
            leaves.append(reinterpret_cast<const char*>(h.data()), h.size());
        }
    }
    SQLite::Statement keep(db,
                           "INSERT INTO audit_rejected_events (rejected_by, seq, at, actor, action, object, legal_basis, "
                           "outcome, data_subjects, event) SELECT ?, seq, at, actor, action, object, legal_basis, "
                           "outcome, data_subjects, event FROM audit_events WHERE seq > ?");
    keep.bind(1, record_seq);
    keep.bind(2, after);
    keep.exec();
    for (const char* sql : {"DELETE FROM audit_subjects WHERE seq > ?", "DELETE FROM audit_events WHERE seq > ?"}) {
        SQLite::Statement remove(db, sql);
        remove.bind(1, after);
        remove.exec();
    }
    // AUTOINCREMENT would otherwise continue after the forged rows and leave a gap in the signed sequence.
    SQLite::Statement rewind(db, "UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_events'");
    rewind.bind(1, after);
    rewind.exec();
    const std::int64_t seq = append_event(db, tail_rejected_event(tail, json::sha256_hex(leaves), now));
    if (seq != record_seq) throw std::runtime_error("audit log: the tail_rejected event got seq " + std::to_string(seq));
    return seq;
}

}  // namespace huoli::audit
