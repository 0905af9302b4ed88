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

json nullable(const SQLite::Column& c) { return c.isNull() ? json(nullptr) : json(c.getString()); }

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

json full_item(SQLite::Database& db, const std::string& notice_id, const policy& rules) {
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
    if (!q.executeStep()) return json();
    const std::string received_at = q.getColumn(2).getString();
    json deadlines{{"decision_due", nullable(q.getColumn(8))}, {"assessment_due", nullable(q.getColumn(9))}};
    if (auto received = parse_utc_timestamp(received_at)) {
        deadlines["acknowledge_by"] = huoli::utc_timestamp(acknowledge_by(*received, q.getColumn(7).getInt() != 0, rules));
    }
    json routing = nullptr;
    if (!q.getColumn(17).isNull()) {
        routing = {{"rule", q.getColumn(17).getString()},
                   {"municipality_code", nullable(q.getColumn(18))},
                   {"explanation", json::parse(q.getColumn(19).getString())},
                   {"table_sha256", q.getColumn(20).getString()},
                   {"config_sha256", q.getColumn(21).getString()}};
    }
    // Where a transferred notice came from and why (LSL 25 d §): the newest transfer_in event.
    json transferred_from = nullptr;
    SQLite::Statement t(db,
                        "SELECT at, json_extract(event, '$.details.from_organisation'), "
                        "json_extract(event, '$.details.from_queue'), json_extract(event, '$.details.reason'), "
                        "legal_basis FROM audit_events WHERE object = ? AND action = 'transfer_in' "
                        "ORDER BY seq DESC LIMIT 1");
    t.bind(1, notice_id);
    if (t.executeStep()) {
        transferred_from = {{"at", t.getColumn(0).getString()}, {"organisation", nullable(t.getColumn(1))},
                            {"queue", nullable(t.getColumn(2))}, {"reason", nullable(t.getColumn(3))},
                            {"legal_basis", t.getColumn(4).getString()}};
    }
    // One case of a notice about several children (LSL 26 § runs per child): which child this
    // case is, whether it only followed the notified child's route, and the other cases' ids, so
    // the county sees the whole family even when the others went to another county.
    json group = nullptr;
    if (!q.getColumn(23).isNull()) {
        const std::string group_id = q.getColumn(23).getString();
        json cases = json::array();
        SQLite::Statement members(db,
                                  "SELECT notice_id, child_pointer FROM notice_links WHERE group_id = ? "
                                  "ORDER BY notice_id = content_of DESC, rowid");
        members.bind(1, group_id);
        while (members.executeStep()) {
            cases.push_back({{"id", members.getColumn(0).getString()}, {"child", members.getColumn(1).getString()}});
        }
        group = {{"id", group_id},
                 {"child", q.getColumn(24).getString()},
                 {"routed_with_main_child", q.getColumn(25).getInt() != 0},
                 {"cases", std::move(cases)}};
    }
    return {
        {"id", notice_id},
        {"receipt", q.getColumn(0).getString()},
        {"form", q.getColumn(1).getString()},
        {"received_at", received_at},
        {"organisation", q.getColumn(6).getString()},
        {"queue", q.getColumn(10).getString()},
        {"urgent", q.getColumn(7).getInt() != 0},
        {"state", q.getColumn(11).getString()},
        {"attempts", q.getColumn(12).getInt()},
        {"flagged", q.getColumn(13).getInt() != 0},
        {"fetched_at", nullable(q.getColumn(14))},
        {"acknowledged_at", nullable(q.getColumn(15))},
        {"case_reference", nullable(q.getColumn(16))},
        {"deadlines", deadlines},
        {"routing", routing},
        {"transferred_from", transferred_from},
        {"group", group},
        // A temporary identity code (individual number 900-999) identifies nobody in the
        // population register: the case worker must not search it there.
        {"temporary_identity_codes",
         q.getColumn(22).isNull() ? json::array() : json::parse(q.getColumn(22).getString())},
        {"payload_sha256", q.getColumn(4).getString()},
        {"schema_sha256", q.getColumn(5).getString()},
        {"submission", json::parse(q.getColumn(3).getString())},
    };
}

}  // namespace huoli::queue
