// The pure half of a submission: a validated notice becomes the rows to store (routed by the table
// in force on the day of receipt, dated by LSL 26 §, canonical, one case per child the concern is
// about), or the router's refusal with the field it points at. No I/O and no clock: the caller
// passes the moment of receipt. submission_routes.cpp is the orchestration around it (idempotency,
// validation, the store, the answer).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "forms/validator.hpp"
#include "routing/municipality_table.hpp"
#include "routing/queue_config.hpp"
#include "routing/route.hpp"
#include "store/new_notice.hpp"

namespace huoli::api {

struct submission_input {
    const std::string& form;
    const std::string& schema_sha256;
    const forms::validated_notice& validated;
    std::chrono::system_clock::time_point received;
    const routing::municipality_table& table;  // in force on the Helsinki day of `received`
    const routing::queue_config& queues;
};

// What the 201 says besides the ids the store creates.
struct receipt_template {
    std::string form;
    std::string received_at;
    nlohmann::json recipient;  // {"id", "name": {"fi", "sv", "en"}}
    std::optional<std::string> decision_due;
    std::optional<std::string> assessment_due;
    // [{"child", "recipient", "routed_with_main_child"}], in the order of notice.linked_cases.
    nlohmann::json other_children = nlohmann::json::array();
};

struct prepared_submission {
    store::new_notice notice;  // without idempotency key, body hash or make_response
    receipt_template receipt;
    std::vector<std::string> queues;  // every queue that receives a case, once (for long polls)
};

// The router refused (Åland, an organisation not served, or a fault): `pointer` is the field the
// form shows it at, the notified child's or another child's own.
struct routing_refusal {
    routing::routing_error error;
    std::string pointer;
    // Åland and organisations not served are the notifier's to act on (a 422); anything else is a
    // server fault (validation has already checked every municipality code).
    bool notifier_can_act() const;
};

result<prepared_submission, routing_refusal> prepare_submission(const submission_input& in);

// The 201's body once the store has given the notice its ids.
std::string created_body(const receipt_template& r, const store::stored_identity& id);

}  // namespace huoli::api
