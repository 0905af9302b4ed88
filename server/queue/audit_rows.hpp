// Audit events for queue actions, written in the caller's transaction.
//
// Each event names the principal (id, organisation, certificate SHA-256), the action, the
// notice (object), the queue, and copies the legal basis and data subjects from the notice's
// submission event, so "who has handled my data" is answerable without reading content.
// Nothing from the notice's content is ever written here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "queue/operation.hpp"

namespace huoli::queue {

struct audit_action {
    std::string action;     // lease, read, acknowledge, extend, release, transfer_out, transfer_in
    std::string notice_id;
    std::string queue_id;
    std::string outcome;    // e.g. leased, acknowledged, repeated
    nlohmann::json details = nlohmann::json::object();  // the event's "details" (no content!)
    // The event's legal basis when it is not the submission's (a transfer, a reopening).
    std::optional<std::string> legal_basis;
};

// Returns the event's seq. Throws SQLite::Exception.
std::int64_t write_audit(SQLite::Database& db, const operation_context& ctx, const audit_action& a);

}  // namespace huoli::queue
