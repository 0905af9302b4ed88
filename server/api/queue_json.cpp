#include "api/queue_json.hpp"

#include "queue/cursor.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

json text_or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

json lease_json(const queue::lease_grant& l) { return {{"token", l.token}, {"expires_at", l.expires_at}}; }

json deadlines_json(const queue::item_deadlines& d) {
    json out{{"decision_due", text_or_null(d.decision_due)}, {"assessment_due", text_or_null(d.assessment_due)}};
    if (d.acknowledge_by) out["acknowledge_by"] = *d.acknowledge_by;
    return out;
}

json routing_json(const std::optional<queue::routing_view>& r) {
    if (!r) return nullptr;
    return {{"rule", r->rule},
            {"municipality_code", text_or_null(r->municipality_code)},
            {"explanation", r->explanation},
            {"table_sha256", r->table_sha256},
            {"config_sha256", r->config_sha256}};
}

json origin_json(const std::optional<queue::transfer_origin>& t) {
    if (!t) return nullptr;
    return {{"at", t->at},
            {"organisation", text_or_null(t->organisation)},
            {"queue", text_or_null(t->queue)},
            {"reason", text_or_null(t->reason)},
            {"legal_basis", t->legal_basis}};
}

json group_json(const std::optional<queue::group_view>& g) {
    if (!g) return nullptr;
    json cases = json::array();
    for (const auto& c : g->cases) cases.push_back({{"id", c.id}, {"child", c.child}});
    return {{"id", g->id},
            {"child", g->child},
            {"routed_with_main_child", g->routed_with_main_child},
            {"cases", std::move(cases)}};
}

json listing_item_json(const queue::listing_item& i) {
    return {{"id", i.id},
            {"receipt", i.receipt},
            {"form", i.form},
            {"received_at", i.received_at},
            {"urgent", i.urgent},
            {"state", queue::to_string(i.state)},
            {"attempts", i.attempts},
            {"flagged", i.flagged},
            {"decision_due", text_or_null(i.decision_due)},
            {"assessment_due", text_or_null(i.assessment_due)},
            {"acknowledge_by", text_or_null(i.acknowledge_by)},
            {"lease_expires_at", text_or_null(i.lease_expires_at)},
            {"overdue", {{"acknowledgement", i.acknowledgement_overdue}, {"decision", i.decision_overdue}}}};
}

}  // namespace

json to_json(const queue::item_view& v) {
    return {{"id", v.id},
            {"receipt", v.receipt},
            {"form", v.form},
            {"received_at", v.received_at},
            {"organisation", v.organisation},
            {"queue", v.queue},
            {"urgent", v.urgent},
            {"state", queue::to_string(v.state)},
            {"attempts", v.attempts},
            {"flagged", v.flagged},
            {"fetched_at", text_or_null(v.fetched_at)},
            {"acknowledged_at", text_or_null(v.acknowledged_at)},
            {"case_reference", text_or_null(v.case_reference)},
            {"deadlines", deadlines_json(v.deadlines)},
            {"routing", routing_json(v.routing)},
            {"transferred_from", origin_json(v.transferred_from)},
            {"group", group_json(v.group)},
            {"temporary_identity_codes", v.temporary_identity_codes},
            {"payload_sha256", v.payload_sha256},
            {"schema_sha256", v.schema_sha256},
            {"submission", v.submission}};
}

json to_json(const queue::lease_result& r) {
    json items = json::array();
    for (const auto& leased : r.items) {
        json item = to_json(leased.item);
        item["lease"] = lease_json(leased.lease);
        items.push_back(std::move(item));
    }
    return {{"items", std::move(items)}};
}

json to_json(const queue::listing_page& p) {
    json items = json::array();
    for (const auto& i : p.items) items.push_back(listing_item_json(i));
    return {{"items", std::move(items)}, {"next", p.next ? json(queue::encode_cursor(*p.next)) : json(nullptr)}};
}

json to_json(const std::vector<queue::queue_stats>& queues) {
    json out = json::array();
    for (const auto& q : queues) {
        const auto& oldest = q.oldest_unacknowledged_age_seconds;
        out.push_back({{"id", q.queue_id},
                       {"depth", q.depth},
                       {"available", q.available},
                       {"leased", q.leased},
                       {"flagged", q.flagged},
                       {"oldest_unacknowledged_age_seconds", oldest ? json(*oldest) : json(nullptr)},
                       {"overdue", q.overdue},
                       {"past_acknowledgement_window", q.acknowledgement_overdue},
                       {"urgent_past_acknowledgement_window", q.urgent_acknowledgement_overdue},
                       {"past_decision_due", q.decision_overdue}});
    }
    return {{"queues", std::move(out)}};
}

json to_json(const queue::ack_result& r) {
    return {{"id", r.id},
            {"state", queue::to_string(r.state)},
            {"acknowledged_at", r.acknowledged_at},
            {"case_reference", text_or_null(r.case_reference)},
            {"repeated", r.repeated}};
}

json to_json(const queue::extend_result& r) { return {{"id", r.id}, {"lease", lease_json(r.lease)}}; }

json to_json(const queue::release_result& r) {
    return {{"id", r.id},
            {"queue", r.queue},
            {"state", queue::to_string(r.state)},
            {"attempts", r.attempts},
            {"flagged", r.flagged}};
}

json to_json(const queue::transfer_result& r) {
    return {{"id", r.id},
            {"from_queue", r.from_queue},
            {"to_queue", r.to_queue},
            {"organisation", r.organisation},
            {"received_at", r.received_at},
            {"decision_due", text_or_null(r.decision_due)},
            {"assessment_due", text_or_null(r.assessment_due)}};
}

json to_json(const queue::reopen_result& r) {
    return {{"id", r.id}, {"queue", r.queue}, {"state", queue::to_string(r.state)}};
}

}  // namespace huoli::api
