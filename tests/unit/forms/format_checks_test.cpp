#include <gtest/gtest.h>

#include "forms/format_checks.hpp"

namespace huoli::forms {
namespace {

using namespace std::chrono;

TEST(format_checks, parses_real_calendar_dates_only) {
    EXPECT_EQ(parse_date("2024-02-29"), year_month_day{year{2024} / 2 / 29});
    EXPECT_FALSE(parse_date("2023-02-29"));
    EXPECT_FALSE(parse_date("2024-13-01"));
    EXPECT_FALSE(parse_date("2024-1-01"));
    EXPECT_FALSE(parse_date("2024-01-01T00:00:00Z"));
    EXPECT_FALSE(parse_date("２０２４-01-01"));
}

TEST(format_checks, accepts_ordinary_email_addresses) {
    EXPECT_TRUE(plausible_email("leena.heikkinen@example.com"));
    EXPECT_TRUE(plausible_email("first+tag@sub.kajaani.fi"));
    EXPECT_TRUE(plausible_email("matti@äänekoski.fi"));
}

TEST(format_checks, rejects_malformed_email_addresses) {
    for (const char* bad : {"", "no-at-sign", "a@b", "a@@b.fi", "a b@c.fi", "@c.fi", "a@.fi", "a@c..fi", ".a@c.fi",
                            "a@-c.fi", "a@c.f1", "\"q\"@c.fi", "a@c.fi."}) {
        EXPECT_FALSE(plausible_email(bad)) << bad;
    }
}

TEST(format_checks, normalises_finnish_and_international_phone_numbers) {
    EXPECT_EQ(normalise_phone_number("040 123 4567"), "+358401234567");
    EXPECT_EQ(normalise_phone_number("+358 40 123 4567"), "+358401234567");
    EXPECT_EQ(normalise_phone_number("00358 40 1234567"), "+358401234567");
    EXPECT_FALSE(normalise_phone_number("soita koululle"));
    EXPECT_FALSE(normalise_phone_number("12"));
}

TEST(format_checks, maps_identity_code_failures_to_their_codes) {
    const std::function<bool(std::string_view)> none;
    EXPECT_EQ(check_format("fi-hetu", "131052-308T", none), "");
    EXPECT_EQ(check_format("fi-hetu", "131052-308U", none), "format_fi_hetu_checksum");
    EXPECT_EQ(check_format("fi-hetu", "310252-308T", none), "format_fi_hetu_date");
    EXPECT_EQ(check_format("fi-hetu", "13105-308T", none), "format_fi_hetu");
}

TEST(format_checks, asks_the_table_whether_a_municipality_exists) {
    std::function<bool(std::string_view)> only_kajaani = [](std::string_view c) { return c == "205"; };
    EXPECT_EQ(check_format("fi-municipality", "205", only_kajaani), "");
    EXPECT_EQ(check_format("fi-municipality", "999", only_kajaani), "format_fi_municipality");
    EXPECT_EQ(check_format("fi-municipality", "999", {}), "");
    EXPECT_EQ(check_format("fi-municipality", "99", {}), "format_fi_municipality");
}

TEST(format_checks, ignores_formats_it_does_not_know) {
    EXPECT_EQ(check_format("uri", "not a uri", {}), "");
}

}  // namespace
}  // namespace huoli::forms
