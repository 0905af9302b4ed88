#include "queue/item_rows.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/utc_timestamp.hpp"

namespace huoli::queue {
namespace {

using nlohmann::json;

std::optional<std::string> optional_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

// Where a transferred notice came from and why (LSL 25 d §): the newest transfer_in event.
std::optional<transfer_origin> transferred_from(SQLite::Database& db, const std::string& notice_id) {
    SQLite::Statement t(db,
                        "SELECT at, json_extract(event, '$.details.from_organisation'), "
                        "json_extract(event, '$.details.from_queue'), json_extract(event, '$.details.reason'), "
                        "legal_basis FROM audit_events WHERE object = ? AND action = 'transfer_in' "
                        "ORDER BY seq DESC LIMIT 1");
    t.bind(1, notice_id);
    if (!t.executeStep()) return std::nullopt;
    return transfer_origin{t.getColumn(0).getString(), optional_text(t.getColumn(1)), optional_text(t.getColumn(2)),
                           optional_text(t.getColumn(3)), t.getColumn(4).getString()};
}

// One case of a notice about several children (LSL 26 § runs per child): which child this
// case is, whether it only followed the notified child's route, and the other cases' ids, so
// the county sees the whole family even when the others went to another county.
group_view group_of(SQLite::Database& db, std::string group_id, std::string child, bool routed_with_main) {
    group_view g{std::move(group_id), std::move(child), routed_with_main, {}};
    SQLite::Statement members(db,
                              "SELECT notice_id, child_pointer FROM notice_links WHERE group_id = ? "
                              "ORDER BY notice_id = content_of DESC, rowid");
    members.bind(1, g.id);
    while (members.executeStep()) {
        g.cases.push_back({members.getColumn(0).getString(), members.getColumn(1).getString()});
    }
    return g;
}

}  // namespace

std::optional<item_row> load_item(SQLite::Database& db, const std::string& notice_id) {
    SQLite::Statement q(db,
                        "SELECT q.queue_id, n.organisation_id, q.state, q.attempts, q.flagged, q.lease_token, "
                        "q.lease_expires_at FROM queue_items q JOIN notices n ON n.id = q.notice_id "
                        "WHERE q.notice_id = ?");
    q.bind(1, notice_id);
    if (!q.executeStep()) return std::nullopt;
    item_row row;
    row.notice_id = notice_id;
    row.queue_id = q.getColumn(0).getString();
    row.organisation_id = q.getColumn(1).getString();
    row.state.state = parse_state(q.getColumn(2).getString()).value_or(item_state::available);
    row.state.attempts = q.getColumn(3).getInt();
    row.state.flagged = q.getColumn(4).getInt() != 0;
    row.state.lease_token = optional_text(q.getColumn(5));
    row.state.lease_expires_at = optional_text(q.getColumn(6));
    return row;
}

std::optional<item_view> full_item(SQLite::Database& db, const std::string& notice_id, const policy& rules) {
    SQLite::Statement q(db,
                        "SELECT c.receipt, n.form, n.received_at, c.payload, n.payload_sha256, n.schema_sha256, "
                        "n.organisation_id, n.urgent, n.decision_due, n.assessment_due, q.queue_id, q.state, "
                        "q.attempts, q.flagged, q.fetched_at, q.acknowledged_at, q.case_reference, r.rule, "
                        "r.municipality_code, r.explanation, r.table_sha256, r.config_sha256, "
                        "n.temporary_identity_codes, l.group_id, l.child_pointer, l.routed_with_main "
                        "FROM notices n JOIN queue_items q ON q.notice_id = n.id "
                        "JOIN notice_content c ON c.notice_id = n.id LEFT JOIN notice_links l ON l.notice_id = n.id "
                        "LEFT JOIN routing_records r ON r.notice_id = n.id WHERE n.id = ?");
    q.bind(1, notice_id);
    if (!q.executeStep()) return std::nullopt;
    item_view v;
    v.id = notice_id;
    v.receipt = q.getColumn(0).getString();
    v.form = q.getColumn(1).getString();
    v.received_at = q.getColumn(2).getString();
    v.organisation = q.getColumn(6).getString();
    v.queue = q.getColumn(10).getString();
    v.urgent = q.getColumn(7).getInt() != 0;
    v.state = parse_state(q.getColumn(11).getString()).value_or(item_state::available);
    v.attempts = q.getColumn(12).getInt();
    v.flagged = q.getColumn(13).getInt() != 0;
    v.fetched_at = optional_text(q.getColumn(14));
    v.acknowledged_at = optional_text(q.getColumn(15));
    v.case_reference = optional_text(q.getColumn(16));
    v.deadlines.decision_due = optional_text(q.getColumn(8));
    v.deadlines.assessment_due = optional_text(q.getColumn(9));
    if (auto received = parse_utc_timestamp(v.received_at)) {
        v.deadlines.acknowledge_by = huoli::utc_timestamp(acknowledge_by(*received, v.urgent, rules));
    }
    if (!q.getColumn(17).isNull()) {
        v.routing = routing_view{q.getColumn(17).getString(), optional_text(q.getColumn(18)),
                                 json::parse(q.getColumn(19).getString()), q.getColumn(20).getString(),
                                 q.getColumn(21).getString()};
    }
    v.transferred_from = transferred_from(db, notice_id);
    if (!q.getColumn(23).isNull()) {
        v.group = group_of(db, q.getColumn(23).getString(), q.getColumn(24).getString(), q.getColumn(25).getInt() != 0);
    }
    if (!q.getColumn(22).isNull()) {
        v.temporary_identity_codes = json::parse(q.getColumn(22).getString()).get<std::vector<std::string>>();
    }
    v.payload_sha256 = q.getColumn(4).getString();
    v.schema_sha256 = q.getColumn(5).getString();
    v.submission = json::parse(q.getColumn(3).getString());
    return v;
}

}  // namespace huoli::queue
