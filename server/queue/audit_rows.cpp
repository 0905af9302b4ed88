#include "queue/audit_rows.hpp"

#include <SQLiteCpp/Statement.h>

#include "audit/event.hpp"
#include "core/utc_timestamp.hpp"

namespace huoli::queue {

operation_context make_context(auth::principal who, time_point now, policy rules) {
    return {std::move(who), now, huoli::utc_timestamp(now), rules};
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
    audit::event e;
    e.at = ctx.now_text;
    e.actor = ctx.who.id;
    e.action = a.action;
    e.object = a.notice_id;
    e.legal_basis = legal_basis;
    e.outcome = a.outcome;
    e.data_subjects = data_subjects;
    e.organisation = ctx.who.organisation;
    e.fingerprint = ctx.who.fingerprint;
    // The actor's organisation and certificate, and queue specifics under "details".
    e.details = a.details;
    e.details["queue_id"] = a.queue_id;
    e.details["principal"] = ctx.who.id;
    const std::string event = audit::canonical_json(e);

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
    insert.bind(8, event);
    insert.exec();
    return db.getLastInsertRowid();
}

}  // namespace huoli::queue
