// What every queue write operation is given, and the error codes it may return.
//
// Operations (lease_ops.hpp, item_ops.hpp) run on the store's writer connection inside a write
// job (store::run_write), so each one is atomic, serialised with every other write, and writes
// its audit events in the same transaction as its change. They throw SQLite::Exception when
// SQLite fails; the writer turns that into storage_unavailable.
#pragma once

#include <string>

#include "auth/principal.hpp"
#include "queue/overdue.hpp"

namespace huoli::queue {

struct operation_context {
    auth::principal who;
    time_point now;
    std::string now_text;  // huoli::utc_timestamp(now)
    policy rules;
};

operation_context make_context(auth::principal who, time_point now, policy rules);

// error::code values. not_found covers "exists but belongs to someone else" on purpose.
inline constexpr const char* not_found = "not_found";
inline constexpr const char* lease_not_held = "lease_not_held";
inline constexpr const char* lease_expired = "lease_expired";
inline constexpr const char* already_acknowledged = "already_acknowledged";
inline constexpr const char* same_queue = "same_queue";
// Transfer of an acknowledged notice: it is in the case system (reopen it first, admin only).
inline constexpr const char* acknowledged_not_transferable = "acknowledged_not_transferable";
// Reopen of a notice that is not acknowledged.
inline constexpr const char* not_acknowledged = "not_acknowledged";

}  // namespace huoli::queue
