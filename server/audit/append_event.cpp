#include "audit/append_event.hpp"

#include <SQLiteCpp/Statement.h>

namespace huoli::audit {

std::int64_t append_event(SQLite::Database& db, const event& e) {
    SQLite::Statement insert(db,
                             "INSERT INTO audit_events (at, actor, action, object, legal_basis, outcome, "
                             "data_subjects, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, e.at);
    insert.bind(2, e.actor);
    insert.bind(3, e.action);
    insert.bind(4, e.object);
    insert.bind(5, e.legal_basis);
    insert.bind(6, e.outcome);
    insert.bind(7, (e.data_subjects.is_array() ? e.data_subjects : nlohmann::json::array()).dump());
    insert.bind(8, canonical_json(e));
    insert.exec();
    return db.getLastInsertRowid();
}

result<nlohmann::json> append_event_job(SQLite::Database& db, const event& e) {
    return nlohmann::json{{"seq", append_event(db, e)}};
}

}  // namespace huoli::audit
