// Documents an attacker would send, under the default limits: each must be refused
// quickly, without deep recursion, and with the right code.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "json/guarded_parse.hpp"

namespace huoli::json {
namespace {

parse_error error_of(std::string_view body, const parse_limits& limits = {}) {
    auto r = parse_guarded(body, limits);
    EXPECT_FALSE(r.ok());
    return r.ok() ? parse_error{"(accepted)", "", 0} : r.error();
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

TEST(hostile_documents, refuses_one_megabyte_string_as_too_large_body) {
    const std::string body = "{\"a\":\"" + std::string(1 << 20, 'x') + "\"}";
    EXPECT_EQ(error_of(body).code, "body_too_large");
}

TEST(hostile_documents, refuses_one_megabyte_string_by_length_when_body_limit_allows_it) {
    const std::string body = "{\"a\":\"" + std::string(1 << 20, 'x') + "\"}";
    parse_limits l;
    l.max_bytes = 2 << 20;
    auto e = error_of(body, l);
    EXPECT_EQ(e.code, "string_too_long");
    EXPECT_EQ(e.pointer, "/a");
}

TEST(hostile_documents, refuses_ten_thousand_nested_arrays_inside_the_object) {
    const std::string body = "{\"a\":" + repeat("[", 10000) + repeat("]", 10000) + "}";
    auto e = error_of(body);
    EXPECT_EQ(e.code, "too_deep");
    EXPECT_EQ(e.pointer, "/a" + repeat("/0", 31));  // the 33rd container
}

TEST(hostile_documents, refuses_ten_thousand_nested_arrays_at_top_level) {
    const std::string body = repeat("[", 10000) + repeat("]", 10000);
    EXPECT_EQ(error_of(body).code, "not_an_object");
}

TEST(hostile_documents, refuses_unterminated_deep_nesting_without_recursing) {
    // 200 000 openings, never closed, fits under a raised body limit.
    parse_limits l;
    l.max_bytes = 1 << 20;
    l.max_depth = 1000000;  // let depth through to prove the parser itself is iterative
    l.max_total_values = 1000000;
    const std::string body = "{\"a\":" + repeat("[", 200000);
    EXPECT_EQ(error_of(body, l).code, "invalid_json");
}

TEST(hostile_documents, refuses_ten_thousand_nested_objects) {
    const std::string body = repeat("{\"a\":", 10000) + "1" + repeat("}", 10000);
    auto e = error_of(body);
    EXPECT_EQ(e.code, "too_deep");
    EXPECT_EQ(e.pointer, repeat("/a", 32));
}

TEST(hostile_documents, stops_a_hundred_thousand_item_array_at_item_201) {
    parse_limits l;
    l.max_bytes = 1 << 20;
    const std::string body = "{\"a\":[" + repeat("1,", 99999) + "1]}";
    const auto start = std::chrono::steady_clock::now();
    auto e = error_of(body, l);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_EQ(e.code, "too_many_items");
    EXPECT_EQ(e.pointer, "/a/200");
    // Item 201 ends at byte 6 + 2*200 + 1; the parser has not looked much further.
    EXPECT_LT(e.byte_offset, 410u);
    EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(hostile_documents, refuses_many_small_arrays_by_total_values) {
    // 150 arrays of 150 items: each within limits, together 22 651 values.
    std::string body = "{";
    for (int i = 0; i < 150; ++i) {
        if (i) body += ',';
        body += "\"k" + std::to_string(i) + "\":[" + repeat("0,", 149) + "0]";
    }
    body += '}';
    EXPECT_EQ(error_of(body).code, "too_many_values");
}

TEST(hostile_documents, refuses_big_numbers_and_nan) {
    EXPECT_EQ(error_of(R"({"n":1e400})").code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":-1e400})").code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":9007199254740993})").code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":NaN})").code, "invalid_json");
}

TEST(hostile_documents, refuses_duplicate_keys_at_top_and_nested) {
    EXPECT_EQ(error_of(R"({"role":"a","role":"admin"})").code, "duplicate_key");
    auto e = error_of(R"({"x":[{"role":"a","role":"admin"}]})");
    EXPECT_EQ(e.code, "duplicate_key");
    EXPECT_EQ(e.pointer, "/x/0/role");
}

TEST(hostile_documents, refuses_trailing_garbage_empty_body_and_top_level_array) {
    EXPECT_EQ(error_of(std::string_view("{}\0", 3)).code, "invalid_json");
    EXPECT_EQ(error_of("{} {}").code, "invalid_json");
    EXPECT_EQ(error_of("").code, "invalid_json");
    EXPECT_EQ(error_of("[{}]").code, "not_an_object");
}

// Invalid UTF-8, in string values and in keys. nlohmann's lexer catches these itself;
// the test holds whichever layer does it to the same answer.
struct bad_utf8 {
    const char* name;
    std::string bytes;
};

const bad_utf8 bad_utf8_cases[] = {
    {"overlong_slash_2_bytes", "\xC0\xAF"},
    {"overlong_nul_2_bytes", "\xC0\x80"},
    {"overlong_3_bytes", "\xE0\x80\xAF"},
    {"overlong_4_bytes", "\xF0\x80\x80\xAF"},
    {"surrogate_d800_encoded", "\xED\xA0\x80"},
    {"surrogate_dfff_encoded", "\xED\xBF\xBF"},
    {"lone_continuation", "\x80"},
    {"lone_continuation_after_ascii", "a\xBF" "b"},
    {"truncated_2_byte", "\xC3"},
    {"truncated_3_byte", "\xE2\x82"},
    {"truncated_4_byte", "\xF0\x9F\x98"},
    {"above_10ffff", "\xF4\x90\x80\x80"},
    {"byte_ff", "\xFF"},
    {"byte_f5", "\xF5\x80\x80\x80"},
};

TEST(hostile_documents, refuses_invalid_utf8_in_string_values) {
    for (const auto& c : bad_utf8_cases) {
        const std::string body = "{\"a\":{\"b\":\"x" + c.bytes + "y\"}}";
        auto e = error_of(body);
        EXPECT_EQ(e.code, "invalid_utf8") << c.name;
        EXPECT_EQ(e.pointer, "/a/b") << c.name;
    }
}

TEST(hostile_documents, refuses_invalid_utf8_in_keys) {
    for (const auto& c : bad_utf8_cases) {
        const std::string body = "{\"a\":{\"k" + c.bytes + "\":1}}";
        EXPECT_EQ(error_of(body).code, "invalid_utf8") << c.name;
    }
}

TEST(hostile_documents, refuses_escaped_lone_surrogates) {
    EXPECT_EQ(error_of(R"({"a":"\ud800"})").code, "invalid_utf8");
    EXPECT_EQ(error_of(R"({"a":"\udc00x"})").code, "invalid_utf8");
    EXPECT_EQ(error_of(R"({"\ud800":1})").code, "invalid_utf8");
}

TEST(hostile_documents, accepts_valid_multibyte_text_and_escaped_pairs) {
    auto r = parse_guarded("{\"n\":\"\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80\",\"e\":\"\\ud83d\\ude00\"}");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()["e"], "\xF0\x9F\x98\x80");
}

TEST(hostile_documents, refuses_invalid_utf8_outside_strings) {
    EXPECT_EQ(error_of("{\"a\":1\xC0\x80}").code, "invalid_json");
}

}  // namespace
}  // namespace huoli::json
