// One notice as its owning organisation receives it (read_item, lease): the submission, the
// routing record, the deadlines, the queue state. Plain data; api/queue_json.hpp makes the API's
// JSON of it. The lease token is not part of it: only a lease hands one out (leased_item).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue/item_state.hpp"

namespace huoli::queue {

struct item_deadlines {
    // "YYYY-MM-DD", routing/working_days.hpp (LSL 26 § 5 mom); nullopt when the notice starts
    // no statutory clock.
    std::optional<std::string> decision_due;
    std::optional<std::string> assessment_due;
    // overdue.hpp acknowledge_by under the queue's policy; nullopt if received_at cannot be read.
    std::optional<std::string> acknowledge_by;
};

// How the notice was routed (routing/route.hpp), as stored with it.
struct routing_view {
    std::string rule;
    std::optional<std::string> municipality_code;
    nlohmann::json explanation;  // the routing chain's explanation, as stored
    std::string table_sha256;
    std::string config_sha256;
};

// Where a transferred notice came from and why (LSL 25 d §): its newest transfer_in event.
struct transfer_origin {
    std::string at;
    std::optional<std::string> organisation;
    std::optional<std::string> queue;
    std::optional<std::string> reason;
    std::string legal_basis;
};

// One case of a notice about several children (LSL 26 § runs per child).
struct group_case {
    std::string id;
    std::string child;  // JSON Pointer into the submission: "/child", "/other_children/0"...
};

struct group_view {
    std::string id;
    std::string child;  // which child this case is
    bool routed_with_main_child = false;  // only followed the notified child's route
    std::vector<group_case> cases;  // every case of the notice, the notified child's first
};

struct item_view {
    std::string id;
    std::string receipt;
    std::string form;
    std::string received_at;
    std::string organisation;
    std::string queue;
    bool urgent = false;
    item_state state = item_state::available;
    int attempts = 0;
    bool flagged = false;
    std::optional<std::string> fetched_at;
    std::optional<std::string> acknowledged_at;
    std::optional<std::string> case_reference;
    item_deadlines deadlines;
    std::optional<routing_view> routing;
    std::optional<transfer_origin> transferred_from;
    std::optional<group_view> group;
    // A temporary identity code (individual number 900-999) identifies nobody in the population
    // register: the case worker must not search it there.
    std::vector<std::string> temporary_identity_codes;
    std::string payload_sha256;
    std::string schema_sha256;
    nlohmann::json submission;  // the stored submission document
};

}  // namespace huoli::queue
