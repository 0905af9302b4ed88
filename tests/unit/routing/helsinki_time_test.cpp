#include "routing/helsinki_time.hpp"

#include <gtest/gtest.h>

#include "routing/working_days.hpp"

namespace huoli::routing {
namespace {

using namespace std::chrono;

system_clock::time_point utc(int y, unsigned mo, unsigned d, int h, int mi, int s = 0) {
    return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s};
}

constexpr year_month_day ymd(int y, unsigned m, unsigned d) { return year_month_day{year{y}, month{m}, day{d}}; }

TEST(helsinki_time, switches_to_summer_time_at_01_utc_on_the_last_sunday_of_march) {
    EXPECT_EQ(helsinki_utc_offset(utc(2026, 3, 29, 0, 59, 59)), hours{2});
    EXPECT_EQ(helsinki_utc_offset(utc(2026, 3, 29, 1, 0)), hours{3});
    EXPECT_EQ(helsinki_utc_offset(utc(2026, 3, 22, 1, 0)), hours{2});  // the Sunday before
}

TEST(helsinki_time, switches_back_at_01_utc_on_the_last_sunday_of_october) {
    EXPECT_EQ(helsinki_utc_offset(utc(2026, 10, 25, 0, 59, 59)), hours{3});
    EXPECT_EQ(helsinki_utc_offset(utc(2026, 10, 25, 1, 0)), hours{2});
    EXPECT_EQ(helsinki_utc_offset(utc(2025, 10, 26, 0, 30)), hours{3});
    EXPECT_EQ(helsinki_utc_offset(utc(2025, 10, 26, 1, 30)), hours{2});
}

TEST(helsinki_time, puts_late_new_years_eve_utc_on_new_years_day) {
    EXPECT_EQ(helsinki_local_date(utc(2025, 12, 31, 22, 30)), ymd(2026, 1, 1));
    EXPECT_EQ(helsinki_local_date(utc(2025, 12, 31, 21, 59, 59)), ymd(2025, 12, 31));
}

TEST(helsinki_time, adds_three_hours_in_summer) {
    EXPECT_EQ(helsinki_local_date(utc(2026, 6, 18, 21, 0)), ymd(2026, 6, 19));
    EXPECT_EQ(helsinki_local_date(utc(2026, 6, 18, 20, 59, 59)), ymd(2026, 6, 18));
}

TEST(helsinki_time, dates_a_receipt_before_its_deadline_is_computed) {
    // Sent on Sunday evening UTC, it is Monday 22.12.2025 in Helsinki: due Wednesday 7.1.2026.
    EXPECT_EQ(decision_due(helsinki_local_date(utc(2025, 12, 21, 22, 30))), ymd(2026, 1, 7));
}

}  // namespace
}  // namespace huoli::routing
