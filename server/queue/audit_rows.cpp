#include "queue/audit_rows.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/timestamp.hpp"

namespace huoli::queue {

operation_context make_context(auth::principal who, time_point now, policy rules) {
    return {std::move(who), now, store::utc_timestamp(now), rules};
}

std::int64_t write_audit(SQLite::Database& db, const operation_context& ctx, const audit_action& a) {
    std::string legal_basis = "unknown";
    nlohmann::json data_subjects = nlohmann::json::array();
    SQLite::Statement origin(db,
                             "SELECT legal_basis, data_subjects FROM audit_events "
                             "WHERE object = ? AND action = 'submit' ORDER BY seq LIMIT 1");
    origin.bind(1, a.notice_id);
    if (origin.executeStep()) {
        legal_basis = origin.getColumn(0).getString();
        data_subjects = nlohmann::json::parse(origin.getColumn(1).getString());
    }
    if (a.legal_basis) legal_basis = *a.legal_basis;
    // The shape of server/audit/event.hpp's canonical_json (the Merkle leaf): core fields,
    // the actor's organisation and certificate, and queue specifics under "details".
    nlohmann::json details = a.details;
    details["queue_id"] = a.queue_id;
    details["principal"] = ctx.who.id;
    const nlohmann::json event{
        {"at", ctx.now_text},
        {"actor", ctx.who.id},
        {"action", a.action},
        {"object", a.notice_id},
        {"legal_basis", legal_basis},
        {"outcome", a.outcome},
        {"data_subjects", data_subjects},
        {"organisation", ctx.who.organisation},
        {"fingerprint", ctx.who.fingerprint},
        {"details", details},
    };

    SQLite::Statement insert(db,
                             "INSERT INTO audit_events (at, actor, action, object, legal_basis, outcome, "
                             "data_subjects, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, ctx.now_text);
    insert.bind(2, ctx.who.id);
    insert.bind(3, a.action);
    insert.bind(4, a.notice_id);
    insert.bind(5, legal_basis);
    insert.bind(6, a.outcome);
    insert.bind(7, data_subjects.dump());
    insert.bind(8, event.dump());
    insert.exec();
    return db.getLastInsertRowid();
}

}  // namespace huoli::queue
