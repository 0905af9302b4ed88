#include "identifiers/phone.hpp"

#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

namespace huoli::identifiers {
namespace {

std::string e164(std::string_view input) {
    auto r = normalise_phone(input);
    EXPECT_TRUE(r.ok()) << input;
    return r.ok() ? r.value() : std::string();
}

void expect_rejected(std::string_view input) {
    auto r = normalise_phone(input);
    ASSERT_FALSE(r.ok()) << input << " -> " << r.value();
    EXPECT_EQ(r.error().code, "format_fi_phone");
    if (!input.empty()) {
        EXPECT_EQ(r.error().detail.find(std::string(input)), std::string::npos);
    }
}

TEST(normalise_phone, turns_national_mobile_number_into_e164) {
    EXPECT_EQ(e164("040 123 4567"), "+358401234567");
    EXPECT_EQ(e164("040-1234567"), "+358401234567");
    EXPECT_EQ(e164("0401234567"), "+358401234567");
}

TEST(normalise_phone, accepts_international_forms_of_a_finnish_number) {
    EXPECT_EQ(e164("+358 40 123 4567"), "+358401234567");
    EXPECT_EQ(e164("+358401234567"), "+358401234567");
    EXPECT_EQ(e164("00358 40 123 4567"), "+358401234567");
}

TEST(normalise_phone, accepts_helsinki_landline_with_area_code) {
    EXPECT_EQ(e164("09 310 1691"), "+35893101691");
    EXPECT_EQ(e164("(09) 310 1691"), "+35893101691");
}

TEST(normalise_phone, accepts_valid_foreign_numbers) {
    EXPECT_EQ(e164("+46 8 123 456 78"), "+46812345678");  // Stockholm
}

TEST(normalise_phone, rejects_numbers_too_short_for_their_range) {
    expect_rejected("04012");
    expect_rejected("040123");
    expect_rejected("09 12");
}

TEST(normalise_phone, accepts_the_shortest_mobile_numbers_the_metadata_allows) {
    // FI mobile numbers 04x may have 6 to 10 digits after the trunk 0 (libphonenumber
    // metadata); 040 1234 is therefore a valid, if old-style, number.
    EXPECT_EQ(e164("0401234"), "+358401234");
}

TEST(normalise_phone, rejects_letters_anywhere) {
    expect_rejected("abc");
    expect_rejected("040 123 4567a");
    expect_rejected("+358401234567 ext 12");
    expect_rejected("040 CALL ME");
}

TEST(normalise_phone, rejects_empty_overlong_and_service_numbers) {
    expect_rejected("");
    expect_rejected("   ");
    expect_rejected("+358");
    expect_rejected("040 1234567 040 1234567 040 1234567 040 1234567");
    expect_rejected("112");  // emergency number, not a contact number
    expect_rejected("+999 123 456");
}

TEST(normalise_phone, does_not_print_anything_for_bad_input) {
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    (void)normalise_phone("+0 123");
    (void)normalise_phone("++++");
    EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

// What libphonenumber itself answers for the number exactly as typed: normalise_phone gives it the
// digits without their separators (phone.cpp says why), and must answer the same.
std::optional<std::string> library_answer(const std::string& typed) {
    using i18n::phonenumbers::PhoneNumberUtil;
    static PhoneNumberUtil* const util = [] {
        PhoneNumberUtil* u = PhoneNumberUtil::GetInstance();
        u->SetLogger(new i18n::phonenumbers::NullLogger());
        return u;
    }();
    i18n::phonenumbers::PhoneNumber number;
    if (util->Parse(typed, "FI", &number) != PhoneNumberUtil::NO_PARSING_ERROR) return std::nullopt;
    if (number.has_extension() || !util->IsValidNumber(number)) return std::nullopt;
    std::string e164;
    util->Format(number, PhoneNumberUtil::E164, &e164);
    return e164;
}

TEST(normalise_phone, answers_as_the_library_does_for_the_number_as_typed) {
    // Beginnings people type, Finnish and foreign, with and without trunk and international
    // prefixes, then digits with separators sprinkled between them.
    const std::vector<std::string> beginnings = {
        "",     "0",      "040",    "050 ",  "045-",   "09",    "(09) ",  "02",       "013",   "018 ",
        "0800", "0100",   "020",    "+358",  "+358 ",  "00358", "00358 ", "+358 (0)", "+35818", "358",
        "+46",  "+46 8 ", "+47",    "+1 ",   "+44 20", "+",     "00",     "(",        "+(358)", "0 40"};
    const std::string separators = " -./()";
    std::mt19937 random(20261130);
    int valid = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string typed = beginnings[random() % beginnings.size()];
        const int digits = 2 + static_cast<int>(random() % 10);
        for (int d = 0; d < digits; ++d) {
            if (random() % 4 == 0) typed += separators[random() % separators.size()];
            typed += static_cast<char>('0' + random() % 10);
        }
        if (random() % 8 == 0) typed += separators[random() % separators.size()];
        const auto expected = library_answer(typed);
        const auto got = normalise_phone(typed);
        ASSERT_EQ(got.ok(), expected.has_value()) << '"' << typed << '"';
        if (expected) {
            ASSERT_EQ(got.value(), *expected) << '"' << typed << '"';
            ++valid;
        }
    }
    EXPECT_GT(valid, 2000) << "too few valid numbers among the generated ones to say much";
}

}  // namespace
}  // namespace huoli::identifiers
