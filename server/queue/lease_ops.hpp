// Leasing: the expiry sweep and handing out available notices. Run inside a write job (see
// operation.hpp); with the single writer, select-then-update is atomic, so two lease calls can
// never receive the same notice.
#pragma once

#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "queue/item_view.hpp"
#include "queue/operation.hpp"

namespace huoli::queue {

// Every lease that ran out by `now` (in all queues) goes back to available with attempts + 1,
// flagged once attempts reach max_attempts (item_state.hpp after_expiry). Returns how many.
// Lazy: called at the start of every queue write, so no background thread is needed and a
// lease outlives a restart until its expiry.
int expire_leases(SQLite::Database& db, const std::string& now, int max_attempts);

struct lease_request {
    std::string queue_id;
    int max = 10;            // 1..100
    int lease_seconds = 300; // 10..3600
};

// A lease handed out: its token (lease_token.hpp) and when it ends.
struct lease_grant {
    std::string token;
    std::string expires_at;  // store timestamp
};

struct leased_item {
    item_view item;  // as full_item reads it, after the lease
    lease_grant lease;
};

struct lease_result {
    std::vector<leased_item> items;  // empty when nothing was available
};

// Leases up to r.max available notices of the queue, urgent first, then oldest (received_at;
// insertion order breaks ties), each with a fresh 128-bit token and one "lease" audit event.
// Error not_found when the caller may not use the queue.
result<lease_result> lease(SQLite::Database& db, const operation_context& ctx, const lease_request& r);

}  // namespace huoli::queue
