#include <gtest/gtest.h>

#include "core/utc_timestamp.hpp"
#include "queue/overdue.hpp"

namespace huoli::queue {
namespace {

time_point at(const std::string& s) {
    auto t = parse_utc_timestamp(s);
    EXPECT_TRUE(t) << s;
    return t.value_or(time_point{});
}

std::string text(time_point t) { return huoli::utc_timestamp(t); }

TEST(overdue, timestamps_round_trip_and_bad_ones_are_refused) {
    EXPECT_EQ(text(at("2025-03-04T09:15:02.123Z")), "2025-03-04T09:15:02.123Z");
    EXPECT_FALSE(parse_utc_timestamp("2025-03-04 09:15:02"));
    EXPECT_FALSE(parse_utc_timestamp("2025-02-30T09:15:02.123Z"));
}

TEST(overdue, notice_received_on_friday_is_due_by_the_end_of_monday) {
    // 2025-03-07 is a Friday; Helsinki is UTC+2 in March.
    EXPECT_EQ(text(acknowledge_by(at("2025-03-07T10:00:00.000Z"), 1)), "2025-03-10T22:00:00.000Z");
}

TEST(overdue, receipt_date_is_the_helsinki_date) {
    // 22:30 UTC on Thursday is already Friday 00:30 in Helsinki.
    EXPECT_EQ(text(acknowledge_by(at("2025-03-06T22:30:00.000Z"), 1)), "2025-03-10T22:00:00.000Z");
    EXPECT_EQ(text(acknowledge_by(at("2025-03-06T21:30:00.000Z"), 1)), "2025-03-07T22:00:00.000Z");
}

TEST(overdue, christmas_holidays_do_not_count_as_working_days) {
    // Tue 23.12.2025: 24th, 25th, 26th and the weekend are not working days; Monday 29th is.
    EXPECT_EQ(text(acknowledge_by(at("2025-12-23T08:00:00.000Z"), 1)), "2025-12-29T22:00:00.000Z");
}

TEST(overdue, summer_time_moves_local_midnight) {
    EXPECT_EQ(text(acknowledge_by(at("2025-06-02T09:00:00.000Z"), 1)), "2025-06-03T21:00:00.000Z");
    EXPECT_EQ(text(acknowledge_by(at("2025-06-02T09:00:00.000Z"), 2)), "2025-06-04T21:00:00.000Z");
}

TEST(overdue, acknowledgement_is_late_from_the_deadline_instant_on) {
    const auto received = at("2025-03-07T10:00:00.000Z");
    EXPECT_FALSE(is_acknowledgement_overdue(received, at("2025-03-10T21:59:59.999Z"), 1));
    EXPECT_TRUE(is_acknowledgement_overdue(received, at("2025-03-10T22:00:00.000Z"), 1));
}

TEST(overdue, an_urgent_notice_is_late_after_its_hours_around_the_clock) {
    policy rules;
    rules.urgent_ack_within_hours = 4;
    // Friday evening before a weekend: urgent is late on Friday night, not on Tuesday.
    const auto received = at("2025-03-07T17:30:00.000Z");
    EXPECT_EQ(text(acknowledge_by(received, true, rules)), "2025-03-07T21:30:00.000Z");
    EXPECT_EQ(text(acknowledge_by(received, false, rules)), text(acknowledge_by(received, 1)));
    EXPECT_FALSE(is_acknowledgement_overdue(received, true, at("2025-03-07T21:29:59.999Z"), rules));
    EXPECT_TRUE(is_acknowledgement_overdue(received, true, at("2025-03-07T21:30:00.000Z"), rules));
    EXPECT_FALSE(is_acknowledgement_overdue(received, false, at("2025-03-07T21:30:00.000Z"), rules));
}

TEST(overdue, urgent_sql_cutoff_agrees_with_the_predicate) {
    policy rules;
    for (int hours : {1, 4, 24}) {
        rules.urgent_ack_within_hours = hours;
        const time_point now = at("2026-03-29T00:30:00.000Z");  // across the change to summer time
        const std::string cutoff = urgent_acknowledgement_overdue_before(now, hours);
        for (int back_ms = 0; back_ms < 30 * 3600 * 1000; back_ms += 599'999) {
            for (int edge : {-1, 0, 1}) {
                const time_point received = now - std::chrono::hours(hours) + std::chrono::milliseconds(edge) -
                                            std::chrono::milliseconds(back_ms % 7) + std::chrono::milliseconds(back_ms);
                EXPECT_EQ(text(received) < cutoff, is_acknowledgement_overdue(received, true, now, rules))
                    << text(received) << " " << hours;
            }
        }
    }
}

// The SQL uses `received_at < cutoff`; it must agree with the predicate for every instant,
// including across Christmas and the change to summer time.
TEST(overdue, sql_cutoff_agrees_with_the_predicate) {
    for (const char* start : {"2025-12-15T00:00:00.000Z", "2026-03-20T00:00:00.000Z"}) {
        for (int n : {1, 2, 5}) {
            for (int h = 0; h < 24 * 25; h += 7) {
                const time_point now = at(start) + std::chrono::hours(h);
                const std::string cutoff = acknowledgement_overdue_before(now, n);
                for (int back = 0; back < 24 * 20; back += 5) {
                    const time_point received = now - std::chrono::hours(back) - std::chrono::minutes(back % 60);
                    EXPECT_EQ(text(received) < cutoff, is_acknowledgement_overdue(received, now, n))
                        << "now " << text(now) << " received " << text(received) << " n " << n;
                }
            }
        }
    }
}

TEST(overdue, decision_is_overdue_from_the_helsinki_day_after_decision_due) {
    const std::optional<std::string> due = "2025-03-13";
    EXPECT_FALSE(is_decision_overdue(due, at("2025-03-13T21:59:59.000Z")));
    EXPECT_TRUE(is_decision_overdue(due, at("2025-03-13T22:00:00.000Z")));
    EXPECT_FALSE(is_decision_overdue(std::nullopt, at("2030-01-01T00:00:00.000Z")))
        << "an anticipatory notification has no decision clock";
}

}  // namespace
}  // namespace huoli::queue
