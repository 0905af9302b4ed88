#include "audit/event_query.hpp"

#include <SQLiteCpp/Statement.h>

namespace huoli::audit {

nlohmann::json event_filter::describe() const {
    nlohmann::json j = nlohmann::json::object();
    const std::pair<const char*, const std::optional<std::string>*> fields[] = {
        {"from", &from}, {"to", &to}, {"actor", &actor}, {"organisation", &organisation},
        {"action", &action}, {"object", &object}};
    for (const auto& [name, value] : fields) {
        if (*value) j[name] = **value;
    }
    if (subject) j["subject"] = true;  // which subject is in the event's data_subjects
    j["scope"] = scope_organisation ? *scope_organisation : "all";
    if (after > 0) j["after"] = after;
    j["limit"] = limit;
    return j;
}

result<event_page> query_events(SQLite::Database& db, const event_filter& f) {
    // Only fixed SQL fragments are concatenated; every value is bound.
    std::string sql = "SELECT e.seq, e.at, e.actor, e.action, e.object, e.legal_basis, e.outcome, e.data_subjects, "
                      "e.event FROM ";
    std::vector<std::string> values;
    if (f.subject) {
        // CROSS JOIN keeps audit_subjects the outer loop: its (subject, seq) key gives seq order.
        sql += "audit_subjects s CROSS JOIN audit_events e ON e.seq = s.seq WHERE s.subject = ? AND s.seq > ?";
        values.push_back(*f.subject);
    } else {
        // Without statistics SQLite may prefer walking seq order and filtering, which reads the whole
        // log for a rare value; the most selective filter's index is named explicitly.
        sql += "audit_events e";
        if (f.object) {
            sql += " INDEXED BY audit_events_by_object";
        } else if (f.actor) {
            sql += " INDEXED BY audit_events_by_actor";
        } else if (f.organisation) {
            sql += " INDEXED BY audit_events_by_organisation";
        }
        sql += " WHERE e.seq > ?";
    }
    const std::pair<const char*, const std::optional<std::string>*> conditions[] = {
        {" AND e.at >= ?", &f.from},
        {" AND e.at < ?", &f.to},
        {" AND e.actor = ?", &f.actor},
        {" AND coalesce(json_extract(e.event, '$.organisation'), json_extract(e.event, '$.principal.organisation')) = ?",
         &f.organisation},  // the expression of audit_events_by_organisation, written as the index has it
        {" AND e.action = ?", &f.action},
        {" AND e.object = ?", &f.object},
    };
    constexpr const char* organisation_of_event =
        "coalesce(json_extract(e.event, '$.organisation'), json_extract(e.event, '$.principal.organisation'))";
    std::vector<std::string> tail;
    for (const auto& [fragment, value] : conditions) {
        if (*value) {
            sql += fragment;
            tail.push_back(**value);
        }
    }
    if (f.scope_organisation) {
        sql += std::string(" AND (") + organisation_of_event +
               " = ? OR (e.action = 'transfer_in' AND json_extract(e.event, '$.details.to_organisation') = ?))";
        tail.push_back(*f.scope_organisation);
        tail.push_back(*f.scope_organisation);
    }
    sql += f.subject ? " ORDER BY s.seq LIMIT ?" : " ORDER BY e.seq LIMIT ?";
    try {
        SQLite::Statement q(db, sql);
        int i = 1;
        for (const auto& v : values) q.bind(i++, v);
        q.bind(i++, static_cast<std::int64_t>(f.after));
        for (const auto& v : tail) q.bind(i++, v);
        q.bind(i, static_cast<std::int64_t>(f.limit + 1));
        event_page page;
        while (q.executeStep()) {
            if (page.rows.size() == f.limit) {
                page.more = true;
                break;
            }
            event_row r;
            r.seq = q.getColumn(0).getInt64();
            r.at = q.getColumn(1).getString();
            r.actor = q.getColumn(2).getString();
            r.action = q.getColumn(3).getString();
            r.object = q.getColumn(4).getString();
            r.legal_basis = q.getColumn(5).getString();
            r.outcome = q.getColumn(6).getString();
            r.data_subjects = q.getColumn(7).getString();
            r.event = q.getColumn(8).getString();
            page.rows.push_back(std::move(r));
        }
        return page;
    } catch (const SQLite::Exception& e) {
        return error{"storage_unavailable", "querying audit events: SQLite error " + std::to_string(e.getErrorCode())};
    }
}

nlohmann::json to_json(const event_row& r) {
    auto subjects = nlohmann::json::parse(r.data_subjects, nullptr, false);
    return {{"seq", r.seq},
            {"leaf_index", r.seq - 1},
            {"at", r.at},
            {"actor", r.actor},
            {"action", r.action},
            {"object", r.object},
            {"legal_basis", r.legal_basis},
            {"outcome", r.outcome},
            {"data_subjects", subjects.is_discarded() ? nlohmann::json::array() : subjects},
            {"event", r.event}};
}

}  // namespace huoli::audit
