#include "queue/overdue.hpp"

#include "core/utc_timestamp.hpp"
#include "routing/helsinki_time.hpp"
#include "routing/working_days.hpp"

namespace huoli::queue {
namespace {

using namespace std::chrono;

// Midnight at the start of local date `d`, as UTC. Summer time changes at 01:00 UTC, never
// near local midnight, so the offset two hours before UTC midnight is the one in force.
time_point start_of_local_day(year_month_day d) {
    const time_point utc_midnight = sys_days{d};
    return utc_midnight - routing::helsinki_utc_offset(utc_midnight - hours{2});
}

year_month_day next_day(year_month_day d) { return year_month_day{sys_days{d} + days{1}}; }

}  // namespace

time_point acknowledge_by(time_point received, int working_days) {
    const auto due = routing::add_working_days(routing::helsinki_local_date(received), working_days);
    return start_of_local_day(next_day(due));
}

bool is_acknowledgement_overdue(time_point received, time_point now, int working_days) {
    return now >= acknowledge_by(received, working_days);
}

std::string acknowledgement_overdue_before(time_point now, int working_days) {
    // Late iff add_working_days(D, n) < today for the receipt date D; that is monotone in D, so
    // find the last such D walking back from today (a few weeks at most, even over Christmas).
    const auto today = routing::helsinki_local_date(now);
    auto d = year_month_day{sys_days{today} - days{1}};
    for (int guard = 0; guard < 1000 && !(routing::add_working_days(d, working_days) < today); ++guard) {
        d = year_month_day{sys_days{d} - days{1}};
    }
    return huoli::utc_timestamp(start_of_local_day(next_day(d)));
}

time_point acknowledge_by(time_point received, bool urgent, const policy& rules) {
    return urgent ? received + std::chrono::hours(rules.urgent_ack_within_hours)
                  : acknowledge_by(received, rules.ack_within_working_days);
}

bool is_acknowledgement_overdue(time_point received, bool urgent, time_point now, const policy& rules) {
    return now >= acknowledge_by(received, urgent, rules);
}

std::string urgent_acknowledgement_overdue_before(time_point now, int hours) {
    // Overdue iff received + hours <= now, i.e. received <= now - hours; the store's timestamps
    // have millisecond precision, so "strictly before now - hours + 1 ms".
    return huoli::utc_timestamp(now - std::chrono::hours(hours) + std::chrono::milliseconds(1));
}

std::string helsinki_today(time_point now) { return routing::iso_date(routing::helsinki_local_date(now)); }

bool is_decision_overdue(const std::optional<std::string>& decision_due, time_point now) {
    return decision_due && *decision_due < helsinki_today(now);
}

}  // namespace huoli::queue
