#include "routing/working_days.hpp"

#include <gtest/gtest.h>

namespace huoli::routing {
namespace {

using namespace std::chrono;

constexpr year_month_day ymd(int y, unsigned m, unsigned d) { return year_month_day{year{y}, month{m}, day{d}}; }

// Domain README D.1, "Computed dates" (2025 checked against viikkokalenteri.com).
struct movable_holidays {
    int year;
    year_month_day good_friday, easter, easter_monday, ascension, whit_sunday, midsummer_eve, all_saints;
};
const movable_holidays d1_table[] = {
    {2025, ymd(2025, 4, 18), ymd(2025, 4, 20), ymd(2025, 4, 21), ymd(2025, 5, 29), ymd(2025, 6, 8), ymd(2025, 6, 20), ymd(2025, 11, 1)},
    {2026, ymd(2026, 4, 3), ymd(2026, 4, 5), ymd(2026, 4, 6), ymd(2026, 5, 14), ymd(2026, 5, 24), ymd(2026, 6, 19), ymd(2026, 10, 31)},
    {2027, ymd(2027, 3, 26), ymd(2027, 3, 28), ymd(2027, 3, 29), ymd(2027, 5, 6), ymd(2027, 5, 16), ymd(2027, 6, 25), ymd(2027, 11, 6)},
    {2028, ymd(2028, 4, 14), ymd(2028, 4, 16), ymd(2028, 4, 17), ymd(2028, 5, 25), ymd(2028, 6, 4), ymd(2028, 6, 23), ymd(2028, 11, 4)},
    {2029, ymd(2029, 3, 30), ymd(2029, 4, 1), ymd(2029, 4, 2), ymd(2029, 5, 10), ymd(2029, 5, 20), ymd(2029, 6, 22), ymd(2029, 11, 3)},
    {2030, ymd(2030, 4, 19), ymd(2030, 4, 21), ymd(2030, 4, 22), ymd(2030, 5, 30), ymd(2030, 6, 9), ymd(2030, 6, 21), ymd(2030, 11, 2)},
};

TEST(working_days, computes_easter_as_in_the_domain_table_2025_to_2030) {
    for (const auto& row : d1_table) EXPECT_EQ(easter_sunday(year{row.year}), row.easter) << row.year;
}

TEST(working_days, computes_easter_for_known_edge_years) {
    EXPECT_EQ(easter_sunday(year{2285}), ymd(2285, 3, 22));  // earliest possible date
    EXPECT_EQ(easter_sunday(year{2038}), ymd(2038, 4, 25));  // latest possible date
    EXPECT_EQ(easter_sunday(year{2019}), ymd(2019, 4, 21));
}

TEST(working_days, treats_every_movable_holiday_of_the_domain_table_as_non_working) {
    for (const auto& r : d1_table) {
        for (const auto& d : {r.good_friday, r.easter, r.easter_monday, r.ascension, r.whit_sunday, r.midsummer_eve,
                              year_month_day{sys_days{r.midsummer_eve} + days{1}}, r.all_saints}) {
            EXPECT_FALSE(is_working_day(d)) << r.year << "-" << unsigned(d.month()) << "-" << unsigned(d.day());
        }
        // The Thursday before Good Friday and before Midsummer Eve are ordinary working days.
        EXPECT_TRUE(is_working_day(year_month_day{sys_days{r.good_friday} - days{1}})) << r.year;
        EXPECT_TRUE(is_working_day(year_month_day{sys_days{r.midsummer_eve} - days{1}})) << r.year;
    }
}

TEST(working_days, treats_fixed_holidays_as_non_working) {
    // 2026: New Year Thu, Epiphany Tue, May Day Fri, Independence Day Sun, Christmas Eve Thu … St Stephen's Sat.
    for (const auto& d : {ymd(2026, 1, 1), ymd(2026, 1, 6), ymd(2026, 5, 1), ymd(2027, 12, 6), ymd(2026, 12, 24),
                          ymd(2026, 12, 25), ymd(2025, 12, 26)}) {
        EXPECT_FALSE(is_working_day(d)) << unsigned(d.month()) << "-" << unsigned(d.day());
    }
}

TEST(working_days, counts_ordinary_weekdays_but_not_weekends) {
    EXPECT_TRUE(is_working_day(ymd(2026, 3, 10)));   // Tuesday
    EXPECT_TRUE(is_working_day(ymd(2025, 12, 31)));  // New Year's Eve is an ordinary day
    EXPECT_FALSE(is_working_day(ymd(2026, 3, 14)));  // Saturday
    EXPECT_FALSE(is_working_day(ymd(2026, 3, 15)));  // Sunday
}

TEST(decision_due, is_thursday_of_the_next_week_for_a_tuesday_receipt) {
    EXPECT_EQ(decision_due(ymd(2026, 3, 10)), ymd(2026, 3, 19));  // THL's own example
}

TEST(decision_due, skips_christmas_new_year_and_epiphany) {
    EXPECT_EQ(decision_due(ymd(2025, 12, 22)), ymd(2026, 1, 7));  // domain README D.2
    EXPECT_EQ(decision_due(ymd(2026, 12, 25)), ymd(2027, 1, 7));  // received on Christmas Day
    EXPECT_EQ(decision_due(ymd(2026, 12, 30)), ymd(2027, 1, 12));
}

TEST(decision_due, skips_easter) {
    // Wed 1.4.2026: Thu 2 (1), Good Friday, Easter Monday, Tue 7 (2) … Tue 14 (7).
    EXPECT_EQ(decision_due(ymd(2026, 4, 1)), ymd(2026, 4, 14));
}

TEST(decision_due, skips_may_day_and_ascension_day) {
    EXPECT_EQ(decision_due(ymd(2026, 4, 29)), ymd(2026, 5, 11));
    EXPECT_EQ(decision_due(ymd(2026, 5, 12)), ymd(2026, 5, 22));
}

TEST(decision_due, skips_midsummer_eve) {
    EXPECT_EQ(decision_due(ymd(2026, 6, 17)), ymd(2026, 6, 29));
}

TEST(decision_due, is_unaffected_by_all_saints_day_which_is_always_a_saturday) {
    EXPECT_EQ(decision_due(ymd(2026, 10, 29)), ymd(2026, 11, 9));
}

TEST(decision_due, skips_independence_day) {
    EXPECT_EQ(decision_due(ymd(2027, 12, 3)), ymd(2027, 12, 15));  // 6.12.2027 is a Monday
}

TEST(decision_due, counts_from_the_next_working_day_after_a_weekend_receipt) {
    EXPECT_EQ(decision_due(ymd(2026, 3, 14)), ymd(2026, 3, 24));
}

TEST(add_working_days, returns_the_start_for_zero_and_counts_backwards_for_negative) {
    EXPECT_EQ(add_working_days(ymd(2026, 3, 14), 0), ymd(2026, 3, 14));
    EXPECT_EQ(add_working_days(ymd(2026, 1, 7), -7), ymd(2025, 12, 22));
    EXPECT_EQ(add_working_days(ymd(2026, 3, 13), 1), ymd(2026, 3, 16));
}

TEST(assessment_due, is_the_same_day_three_months_later) {
    EXPECT_EQ(assessment_due(ymd(2026, 1, 15)), ymd(2026, 4, 15));
    EXPECT_EQ(assessment_due(ymd(2027, 11, 29)), ymd(2028, 2, 29));  // leap year has the day
}

TEST(assessment_due, is_the_last_day_of_a_shorter_month) {
    EXPECT_EQ(assessment_due(ymd(2026, 8, 31)), ymd(2026, 11, 30));  // a Monday
    EXPECT_EQ(assessment_due(ymd(2025, 11, 30)), ymd(2026, 3, 2));   // 28.2.2026 is a Saturday → Monday
}

TEST(assessment_due, moves_forward_past_easter_and_christmas) {
    EXPECT_EQ(assessment_due(ymd(2026, 1, 3)), ymd(2026, 4, 7));      // 3.4.2026 Good Friday
    EXPECT_EQ(assessment_due(ymd(2026, 9, 24)), ymd(2026, 12, 28));   // 24.12.2026 Christmas Eve
    EXPECT_EQ(assessment_due(ymd(2025, 10, 1)), ymd(2026, 1, 2));     // 1.1.2026 New Year's Day
}

TEST(iso_date, pads_month_and_day) {
    using namespace std::chrono;
    EXPECT_EQ(iso_date(year_month_day{year{2026}, January, day{7}}), "2026-01-07");
    EXPECT_EQ(iso_date(year_month_day{year{2025}, December, day{22}}), "2025-12-22");
}

}  // namespace
}  // namespace huoli::routing
