// Writes one audit event (audit/event.hpp) into audit_events on the store's connection.
#pragma once

#include <cstdint>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "audit/event.hpp"
#include "core/result.hpp"

namespace huoli::audit {

// Inserts `e` on `db` inside the caller's transaction and returns its seq. Lets SQLite's
// exceptions propagate (the store's writer tells constraint from storage failures).
std::int64_t append_event(SQLite::Database& db, const event& e);

// append_event shaped as a store::store::run_write job: the result is {"seq": N}.
result<nlohmann::json> append_event_job(SQLite::Database& db, const event& e);

}  // namespace huoli::audit
