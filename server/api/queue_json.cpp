#include "api/queue_json.hpp"

#include "queue/cursor.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

json text_or_null(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

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

}  // namespace huoli::api
