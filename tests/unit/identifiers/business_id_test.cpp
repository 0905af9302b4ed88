#include "identifiers/business_id.hpp"

#include <string>

#include <gtest/gtest.h>

namespace huoli::identifiers {
namespace {

TEST(valid_business_id, accepts_id_whose_weighted_sum_leaves_remainder_zero) {
    EXPECT_TRUE(valid_business_id("1572860-0"));  // sum 220
}

TEST(valid_business_id, accepts_ids_with_check_digit_eleven_minus_remainder) {
    EXPECT_TRUE(valid_business_id("0112038-9"));  // Nokia Oyj: sum 57, r 2, check 9
    EXPECT_TRUE(valid_business_id("0000001-9"));  // sum 2, r 2, check 9
}

TEST(valid_business_id, rejects_wrong_check_digit) {
    EXPECT_FALSE(valid_business_id("1572860-1"));
    EXPECT_FALSE(valid_business_id("0112038-8"));
}

TEST(valid_business_id, rejects_every_id_whose_remainder_is_one) {
    // 8000000: 7*8 = 56 = 5*11 + 1. No check digit can make it valid.
    for (char c = '0'; c <= '9'; ++c) {
        EXPECT_FALSE(valid_business_id(std::string("8000000-") + c)) << c;
    }
}

TEST(valid_business_id, requires_seven_digits_hyphen_and_check_digit) {
    for (const char* id : {"", "157286-0", "01572860-0", "15728600", "1572860_0", "1572860-",
                           "1572860-00", "157286a-0", "1572860-a", " 1572860-0", "FI15728600"}) {
        EXPECT_FALSE(valid_business_id(id)) << id;
    }
}

}  // namespace
}  // namespace huoli::identifiers
