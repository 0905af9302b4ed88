#include "identifiers/phone.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace huoli::identifiers
