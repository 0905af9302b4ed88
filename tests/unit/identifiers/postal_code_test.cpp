#include "identifiers/postal_code.hpp"

#include <gtest/gtest.h>

namespace huoli::identifiers {
namespace {

TEST(valid_postal_code, accepts_five_digits_with_leading_zeros) {
    EXPECT_TRUE(valid_postal_code("00100"));  // Helsinki
    EXPECT_TRUE(valid_postal_code("22100"));  // Mariehamn
    EXPECT_TRUE(valid_postal_code("99999"));
}

TEST(valid_postal_code, rejects_other_lengths_and_non_digits) {
    for (const char* code : {"", "0010", "001000", "0010a", " 0010", "00 100", "FI-00100", "１２３４５"}) {
        EXPECT_FALSE(valid_postal_code(code)) << code;
    }
}

}  // namespace
}  // namespace huoli::identifiers
