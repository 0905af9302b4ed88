// When an unacknowledged notice is overdue, and the queue's policy knobs.
//
// Two clocks, both counted on Finnish working days (routing/working_days.hpp) from the Helsinki
// calendar date of receipt:
//  - acknowledgement: the receiving organisation's case system should have the notice by the end
//    of the `ack_within_working_days`-th working day after receipt (default 1: received on a
//    Friday, due by the end of Monday). Huoli's own service level, not a statutory limit.
//  - decision: LSL 26 § 5 mom, the notice's decision_due date has passed (Helsinki date).
// An urgent notice (immediate danger, or the notifier's urgent assessment) has its own window
// instead, `urgent_ack_within_hours` around the clock: urgency does not wait for Monday (LSL 26 §
// 1 mom: urgency is assessed at once).
// Only unacknowledged notices are overdue: after acknowledgement the case system owns the clock.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace huoli::queue {

struct policy {
    int ack_within_working_days = 1;
    int urgent_ack_within_hours = 4;
    int max_attempts = 5;
};

using time_point = std::chrono::system_clock::time_point;

// The first instant at which the acknowledgement is late: midnight (Helsinki) after the n-th
// working day after the receipt date.
time_point acknowledge_by(time_point received, int working_days);

bool is_acknowledgement_overdue(time_point received, time_point now, int working_days);

// The acknowledgement deadline of a notice under `rules`: hours for an urgent one, working days otherwise.
time_point acknowledge_by(time_point received, bool urgent, const policy& rules);
bool is_acknowledgement_overdue(time_point received, bool urgent, time_point now, const policy& rules);

// An urgent notice received strictly before the returned store timestamp is overdue at `now`.
std::string urgent_acknowledgement_overdue_before(time_point now, int hours);

// A notice received strictly before the returned store timestamp is acknowledgement-overdue at
// `now` (for SQL: `received_at < ?`). Agrees with is_acknowledgement_overdue for every instant.
std::string acknowledgement_overdue_before(time_point now, int working_days);

// "YYYY-MM-DD", the Helsinki date at `now`.
std::string helsinki_today(time_point now);

// decision_due ("YYYY-MM-DD") is before the Helsinki date at `now`.
bool is_decision_overdue(const std::optional<std::string>& decision_due, time_point now);

}  // namespace huoli::queue
