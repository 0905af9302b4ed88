#include "identifiers/hetu.hpp"

#include <string>

#include <gtest/gtest.h>

namespace huoli::identifiers {
namespace {

using namespace std::chrono;

constexpr std::string_view check_characters = "0123456789ABCDEFHJKLMNPRSTUVWXY";

// Builds a code with the correct check character, independently of check_hetu, to
// test date and century rules without hand-computing every check character.
std::string with_check(std::string_view ddmmyy, char sign, std::string_view nnn) {
    const long n = std::stol(std::string(ddmmyy) + std::string(nnn));
    return std::string(ddmmyy) + sign + std::string(nnn) + check_characters[n % 31];
}

TEST(check_hetu, accepts_known_valid_code_and_returns_birth_date) {
    const auto r = check_hetu("131052-308T");
    EXPECT_TRUE(r.valid);
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.birth_date, year_month_day{year{1952} / October / 13});
    EXPECT_FALSE(r.temporary);
}

TEST(check_hetu, accepts_dvv_temporary_example_with_old_and_new_century_sign) {
    for (const char* code : {"100190-999P", "100190Y999P"}) {
        const auto r = check_hetu(code);
        EXPECT_TRUE(r.valid) << code;
        EXPECT_TRUE(r.temporary) << code;
        EXPECT_EQ(r.birth_date, year_month_day{year{1990} / January / 10}) << code;
    }
}

TEST(check_hetu, rejects_hetu_with_wrong_check_character) {
    const auto r = check_hetu("010190-999K");  // published on the web; correct is W
    EXPECT_FALSE(r.valid);
    EXPECT_EQ(r.error, "checksum");
    EXPECT_TRUE(check_hetu("010190-999W").valid);
    EXPECT_EQ(check_hetu("131052-308U").error, "checksum");
}

TEST(check_hetu, maps_every_century_sign_to_its_century) {
    const std::pair<char, int> signs[] = {
        {'+', 1800}, {'-', 1900}, {'Y', 1900}, {'X', 1900}, {'W', 1900}, {'V', 1900}, {'U', 1900},
        {'A', 2000}, {'B', 2000}, {'C', 2000}, {'D', 2000}, {'E', 2000}, {'F', 2000}};
    for (auto [sign, century] : signs) {
        const auto code = with_check("150699", sign, "123");
        const auto r = check_hetu(code);
        EXPECT_TRUE(r.valid) << code;
        EXPECT_EQ(r.birth_date, year_month_day{year{century + 99} / June / 15}) << code;
    }
}

TEST(check_hetu, rejects_unknown_and_lower_case_century_signs) {
    for (char sign : {'a', 'y', 'G', 'Z', '*', ' ', '/'}) {
        EXPECT_EQ(check_hetu(with_check("150699", sign, "123")).error, "format") << sign;
    }
}

TEST(check_hetu, check_character_ignores_the_century_sign) {
    EXPECT_EQ(with_check("100190", '-', "999").back(), 'P');
    EXPECT_TRUE(check_hetu("100190A999P").valid);
}

TEST(check_hetu, accepts_leap_day_only_in_leap_years_of_the_implied_century) {
    EXPECT_TRUE(check_hetu(with_check("290200", 'A', "123")).valid);   // 2000 is leap
    EXPECT_EQ(check_hetu(with_check("290201", 'A', "123")).error, "date");
    EXPECT_TRUE(check_hetu(with_check("290296", '-', "123")).valid);   // 1996
    EXPECT_EQ(check_hetu(with_check("290200", '-', "123")).error, "date");  // 1900 is not leap
    EXPECT_EQ(check_hetu(with_check("290200", '+', "123")).error, "date");  // 1800 is not leap
    const auto r = check_hetu(with_check("290200", 'A', "123"));
    EXPECT_EQ(r.birth_date, year_month_day{year{2000} / February / 29});
}

TEST(check_hetu, rejects_days_that_do_not_exist) {
    EXPECT_EQ(check_hetu(with_check("310460", '-', "123")).error, "date");  // April 31
    EXPECT_EQ(check_hetu(with_check("000160", '-', "123")).error, "date");
    EXPECT_EQ(check_hetu(with_check("011360", '-', "123")).error, "date");
    EXPECT_EQ(check_hetu(with_check("010060", '-', "123")).error, "date");
    EXPECT_EQ(check_hetu(with_check("320160", '-', "123")).error, "date");
    EXPECT_TRUE(check_hetu(with_check("311260", '-', "123")).valid);
}

TEST(check_hetu, rejects_individual_numbers_000_and_001_as_never_issued) {
    EXPECT_EQ(check_hetu(with_check("131052", '-', "000")).error, "format");
    EXPECT_EQ(check_hetu(with_check("131052", '-', "001")).error, "format");
    EXPECT_TRUE(check_hetu(with_check("131052", '-', "002")).valid);
}

TEST(check_hetu, flags_individual_numbers_900_to_999_as_temporary) {
    EXPECT_FALSE(check_hetu(with_check("131052", '-', "899")).temporary);
    EXPECT_TRUE(check_hetu(with_check("131052", '-', "900")).temporary);
    EXPECT_TRUE(check_hetu(with_check("131052", '-', "999")).temporary);
}

TEST(check_hetu, rejects_malformed_input_as_format) {
    for (const char* code : {"", "131052-308", "131052-308TT", "131052308T", " 131052-308T",
                             "131052-308T ", "13105a-308T", "131052-3O8T", "131052-308t",
                             "131052-308G", "131052-308I", "131052-308O", "131052-308Q",
                             "131052-308Z", "131052-308-"}) {
        const auto r = check_hetu(code);
        EXPECT_FALSE(r.valid) << code;
        EXPECT_EQ(r.error, "format") << code;
    }
}

TEST(check_hetu, rejects_lower_case_check_letter) {
    EXPECT_EQ(check_hetu("100190-999p").error, "format");
}

}  // namespace
}  // namespace huoli::identifiers
