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

#include "core/result.hpp"
#include "queue/item_view.hpp"
#include "queue/lease_ops.hpp"
#include "queue/operation.hpp"

namespace huoli::queue {

struct ack_result {
    std::string id;
    item_state state = item_state::acknowledged;
    std::string acknowledged_at;  // the first acknowledgement's, also when repeated
    std::optional<std::string> case_reference;
    bool repeated = false;  // acknowledged before with this token; nothing changed
};
result<ack_result> acknowledge(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                               const std::string& token, const std::optional<std::string>& case_reference);

// The lease now ends lease_seconds from now.
struct extend_result {
    std::string id;
    lease_grant lease;
};
result<extend_result> extend(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                             const std::string& token, int lease_seconds);

// Handed back at once (counts as an attempt): available in `queue` again.
struct release_result {
    std::string id;
    std::string queue;
    item_state state = item_state::available;
    int attempts = 0;
    bool flagged = false;
};
result<release_result> release(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                               const std::string& token);

// Moves an unacknowledged notice to `to_queue` of `to_organisation` (LSL 25 d §: the county that
// holds it passes it on): it becomes available there with attempts 0 and no lease; received_at
// and deadlines are kept. An acknowledged one is refused (acknowledged_not_transferable): it is
// in a case system, and only an admin's reopen() brings it back. Two audit events in the same
// transaction, transfer_out (source queue) and transfer_in (target queue), both naming both and
// `legal_basis`. The caller has checked that the target queue takes this kind of notice.
struct transfer_result {
    std::string id;
    std::string from_queue;
    std::string to_queue;
    std::string organisation;  // the receiving one
    std::string received_at;
    std::optional<std::string> decision_due;
    std::optional<std::string> assessment_due;
};
result<transfer_result> transfer(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                                 const std::string& to_queue, const std::string& to_organisation,
                                 const std::string& reason, const std::string& legal_basis);

// An admin of the holding organisation puts an acknowledged notice back in its queue (its case
// system lost it, or it was acknowledged in error): available again, acknowledgement and case
// reference cleared, one "reopen" audit event that keeps what they were. not_found for another
// organisation's notice, not_acknowledged for one that is not acknowledged.
struct reopen_result {
    std::string id;
    std::string queue;
    item_state state = item_state::available;
};
result<reopen_result> reopen(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                             const std::string& reason);

// full_item (item_rows.hpp), with a "read" audit event.
result<item_view> read_item(SQLite::Database& db, const operation_context& ctx, const std::string& id);

// Read-only: whether `id` is an item `who` may touch now (exists, in one of its queues, of its
// organisation). For answering a stranger's id without a write transaction.
bool owns_item(SQLite::Database& db, const auth::principal& who, const std::string& id);

}  // namespace huoli::queue
