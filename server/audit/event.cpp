#include "audit/event.hpp"

#include <SQLiteCpp/Statement.h>

namespace huoli::audit {

std::string canonical_json(const event& e) {
    nlohmann::json j{
        {"at", e.at},
        {"actor", e.actor},
        {"action", e.action},
        {"object", e.object},
        {"legal_basis", e.legal_basis},
        {"outcome", e.outcome},
        {"data_subjects", e.data_subjects.is_array() ? e.data_subjects : nlohmann::json::array()},
    };
    if (!e.organisation.empty()) j["organisation"] = e.organisation;
    if (!e.fingerprint.empty()) j["fingerprint"] = e.fingerprint;
    if (e.details.is_object() && !e.details.empty()) j["details"] = e.details;
    return j.dump();  // nlohmann's object keys are sorted: the same event always has the same bytes
}

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
