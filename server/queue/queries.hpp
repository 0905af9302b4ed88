// Read-only views of the queues for dashboards and metrics, on a reader connection (never the
// writer). They report the effective state at `now` (item_state.hpp effective()): a lease that
// has run out counts as available even before a writer has swept it. No personal data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "queue/cursor.hpp"
#include "queue/item_state.hpp"
#include "queue/overdue.hpp"

namespace huoli::queue {

struct queue_stats {
    std::string queue_id;
    std::int64_t depth = 0;  // unacknowledged: available + leased
    std::int64_t available = 0;
    std::int64_t leased = 0;
    std::int64_t flagged = 0;  // unacknowledged and flagged for attention
    std::optional<double> oldest_unacknowledged_age_seconds;
    std::int64_t overdue = 0;                  // either clock below
    std::int64_t acknowledgement_overdue = 0;  // overdue.hpp, urgent and not
    std::int64_t urgent_acknowledgement_overdue = 0;  // of which urgent
    std::int64_t decision_overdue = 0;         // unacknowledged and past decision_due
};

// One entry per queue id, in the given order (zeros for an empty queue). Error
// storage_unavailable when SQLite fails.
result<std::vector<queue_stats>> stats(SQLite::Database& db, const std::vector<std::string>& queues, time_point now,
                                       const policy& rules);

struct listing_request {
    std::string queue_id;
    std::optional<item_state> state;  // effective state; nullopt: all
    std::optional<cursor> after;
    int limit = 50;  // 1..200
};

// One item of a listing: metadata only, never the notice's content.
struct listing_item {
    std::string id;
    std::string receipt;
    std::string form;
    std::string received_at;
    bool urgent = false;
    item_state state = item_state::available;  // effective at `now`
    int attempts = 0;
    bool flagged = false;
    std::optional<std::string> decision_due;
    std::optional<std::string> assessment_due;
    std::optional<std::string> acknowledge_by;    // nullopt if received_at cannot be read
    std::optional<std::string> lease_expires_at;  // while leased
    // Overdue at `now` (overdue.hpp); never once acknowledged.
    bool acknowledgement_overdue = false;
    bool decision_overdue = false;
};

struct listing_page {
    std::vector<listing_item> items;  // oldest first (available_since, then id)
    std::optional<cursor> next;       // where the next page starts; nullopt on the last page
};

result<listing_page> list_items(SQLite::Database& db, const listing_request& r, time_point now, const policy& rules);

// Stored notices by form (all time, from the database, so it survives restarts).
result<std::vector<std::pair<std::string, std::int64_t>>> stored_by_form(SQLite::Database& db);

}  // namespace huoli::queue
