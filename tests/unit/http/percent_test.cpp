#include "http/percent.hpp"

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

using namespace std::string_literals;

TEST(percent_decode_octets, decodes_escapes_of_either_case_and_keeps_everything_else) {
    EXPECT_EQ(*percent_decode_octets("%2e%2E"), "..");
    EXPECT_EQ(*percent_decode_octets("a%20b%C3%A4"), "a b\xc3\xa4");
    EXPECT_EQ(*percent_decode_octets(""), "");
}

TEST(percent_decode_octets, keeps_plus_as_a_plus) {
    // RFC 3986: '+' is data; an identity code of the 1800s has one as its century sign.
    EXPECT_EQ(*percent_decode_octets("010180+123A"), "010180+123A");
    EXPECT_EQ(*percent_decode_octets("%2B"), "+");
}

TEST(percent_decode_octets, refuses_a_percent_without_two_hex_digits) {
    for (const char* s : {"%", "%2", "a%", "%zz", "%g0", "%0g", "%%41", "ab%4"}) {
        EXPECT_FALSE(percent_decode_octets(s)) << s;
    }
}

TEST(percent_decode_octets, passes_an_encoded_nul_to_the_caller) {
    EXPECT_EQ(*percent_decode_octets("a%00b"), "a\0b"s);
}

TEST(percent_decode, rejects_malformed_escapes_and_encoded_nul) {
    EXPECT_EQ(*percent_decode("%2e%2E"), "..");
    EXPECT_FALSE(percent_decode("%2"));
    EXPECT_FALSE(percent_decode("%zz"));
    EXPECT_FALSE(percent_decode("a%00b"));
}

}  // namespace
}  // namespace huoli::http
