#include "json/utf8.hpp"

#include <string>

#include <gtest/gtest.h>

namespace huoli::json {
namespace {

TEST(is_valid_utf8, accepts_ascii_and_boundary_code_points) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8(std::string("\0", 1)));
    EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080
    EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));          // U+07FF
    EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF, last before surrogates
    EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000, first after surrogates
    EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
    EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
    EXPECT_TRUE(is_valid_utf8("Hyvink\xC3\xA4\xC3\xA4"));
}

TEST(is_valid_utf8, rejects_overlong_encodings) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));
}

TEST(is_valid_utf8, rejects_encoded_surrogates) {
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair
}

TEST(is_valid_utf8, rejects_stray_and_missing_continuation_bytes) {
    EXPECT_FALSE(is_valid_utf8("\x80"));
    EXPECT_FALSE(is_valid_utf8("a\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xC3"));
    EXPECT_FALSE(is_valid_utf8("\xC3 "));
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98\x28"));
}

TEST(is_valid_utf8, rejects_bytes_never_used_in_utf8) {
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xFE"));
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(is_valid_utf8, finds_a_bad_byte_or_accepts_a_good_character_at_any_offset_in_ascii_text) {
    // ASCII is checked eight bytes at a time; what follows must be looked at wherever it starts.
    for (std::size_t at = 0; at <= 24; ++at) {
        const std::string before(at, 'a');
        const std::string after(24 - at, 'b');
        EXPECT_TRUE(is_valid_utf8(before + "\xE2\x82\xAC" + after)) << at;
        EXPECT_FALSE(is_valid_utf8(before + "\xFF" + after)) << at;
        EXPECT_FALSE(is_valid_utf8(before + "\xE2\x82")) << at;  // cut short at the very end
        EXPECT_FALSE(is_valid_utf8(before + "\x80" + after)) << at;
    }
}

}  // namespace
}  // namespace huoli::json
