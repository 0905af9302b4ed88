// Operations on one leased or owned notice. Run inside a write job (operation.hpp); each starts
// with the expiry sweep, answers not_found when the caller does not own the notice (whatever
// its state, so ids are never confirmed), and writes one audit event per change.
//
// Token rules (item_state.hpp): acknowledge accepts the item's last lease token, even after the
// lease expired, as long as nobody has leased the item again; repeating it with the same token
// answers the first acknowledgement again. extend and release need a live lease.
// Errors: not_found, lease_not_held, lease_expired, already_acknowledged, same_queue (transfer).
#pragma once

#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "queue/operation.hpp"

namespace huoli::queue {

// {"id", "state": "acknowledged", "acknowledged_at", "case_reference", "repeated"}.
result<nlohmann::json> acknowledge(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                                   const std::string& token, const std::optional<std::string>& case_reference);

// {"id", "lease": {"token", "expires_at"}}: the lease now ends lease_seconds from now.
result<nlohmann::json> extend(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                              const std::string& token, int lease_seconds);

// {"id", "queue", "state": "available", "attempts", "flagged"}: handed back at once (counts as an attempt).
result<nlohmann::json> release(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                               const std::string& token);

// Moves the notice to `to_queue` of `to_organisation`, in any state: it becomes available there
// with attempts 0 and no lease; received_at and deadlines are kept. Two audit events in the same
// transaction, transfer_out (source queue) and transfer_in (target queue), both naming both.
// {"id", "from_queue", "to_queue", "organisation", "received_at", "decision_due", "assessment_due"}.
result<nlohmann::json> transfer(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                                const std::string& to_queue, const std::string& to_organisation,
                                const std::string& reason);

// full_item, with a "read" audit event.
result<nlohmann::json> read_item(SQLite::Database& db, const operation_context& ctx, const std::string& id);

// Read-only: whether `id` is an item `who` may touch now (exists, in one of its queues, of its
// organisation). For answering a stranger's id without a write transaction.
bool owns_item(SQLite::Database& db, const auth::principal& who, const std::string& id);

}  // namespace huoli::queue
