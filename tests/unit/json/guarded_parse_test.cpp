// Each limit and rule of parse_guarded, on small documents.
#include "json/guarded_parse.hpp"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace huoli::json {
namespace {

parse_error error_of(std::string_view body, const parse_limits& limits = {}) {
    auto r = parse_guarded(body, limits);
    EXPECT_FALSE(r.ok()) << "accepted: " << body.substr(0, 80);
    return r.ok() ? parse_error{"(accepted)", "", 0} : r.error();
}

TEST(parse_guarded, accepts_a_well_formed_object) {
    auto r = parse_guarded(R"({"child":{"name":"Aino","age":7},"tags":[1,true,null,"x",2.5]})");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()["child"]["name"], "Aino");
    EXPECT_EQ(r.value()["tags"].size(), 5u);
    EXPECT_EQ(r.value()["tags"][4], 2.5);
}

TEST(parse_guarded, accepts_documents_exactly_at_every_limit) {
    const std::string body = R"({"a":"abcd","b":{"c":[1,2,3]}})";
    parse_limits l;
    l.max_bytes = body.size();
    l.max_depth = 3;           // root > b > c
    l.max_string_bytes = 4;    // "abcd"
    l.max_object_members = 2;  // a, b
    l.max_array_items = 3;     // 1, 2, 3
    l.max_total_values = 7;    // root, "abcd", b, c, 1, 2, 3
    EXPECT_TRUE(parse_guarded(body, l).ok());
}

TEST(parse_guarded, rejects_body_over_max_bytes_before_parsing) {
    parse_limits l;
    l.max_bytes = 10;
    auto e = error_of(R"({"a":"1234"})", l);  // 12 bytes
    EXPECT_EQ(e.code, "body_too_large");
    EXPECT_EQ(e.pointer, "");
}

TEST(parse_guarded, rejects_nesting_deeper_than_max_depth) {
    parse_limits l;
    l.max_depth = 3;
    EXPECT_TRUE(parse_guarded(R"({"a":{"b":[]}})", l).ok());
    auto e = error_of(R"({"a":{"b":[{}]}})", l);
    EXPECT_EQ(e.code, "too_deep");
    EXPECT_EQ(e.pointer, "/a/b/0");
}

TEST(parse_guarded, rejects_string_longer_than_max_string_bytes_with_its_pointer) {
    parse_limits l;
    l.max_string_bytes = 9;
    auto e = error_of(R"({"guardians":[{},{},{},{"name":"Annikki-Maria"}]})", l);
    EXPECT_EQ(e.code, "string_too_long");
    EXPECT_EQ(e.pointer, "/guardians/3/name");
}

TEST(parse_guarded, counts_string_limit_in_utf8_bytes_not_characters) {
    parse_limits l;
    l.max_string_bytes = 5;
    EXPECT_TRUE(parse_guarded("{\"a\":\"\xC3\xA4\xC3\xA4\"}", l).ok());  // "ää" = 4 bytes
    EXPECT_EQ(error_of("{\"a\":\"\xC3\xA4\xC3\xA4\xC3\xA4\"}", l).code, "string_too_long");
}

TEST(parse_guarded, applies_string_limit_to_keys) {
    parse_limits l;
    l.max_string_bytes = 3;
    auto e = error_of(R"({"x":{"long-key":1}})", l);
    EXPECT_EQ(e.code, "string_too_long");
    EXPECT_EQ(e.pointer, "/x");  // the over-long key itself is not echoed
}

TEST(parse_guarded, rejects_object_with_more_than_max_members) {
    parse_limits l;
    l.max_object_members = 2;
    auto e = error_of(R"({"o":{"a":1,"b":2,"c":3}})", l);
    EXPECT_EQ(e.code, "too_many_members");
    EXPECT_EQ(e.pointer, "/o/c");
}

TEST(parse_guarded, rejects_array_with_more_than_max_items) {
    parse_limits l;
    l.max_array_items = 2;
    auto e = error_of(R"({"a":[1,2,3]})", l);
    EXPECT_EQ(e.code, "too_many_items");
    EXPECT_EQ(e.pointer, "/a/2");
}

TEST(parse_guarded, rejects_more_than_max_total_values) {
    parse_limits l;
    l.max_total_values = 4;  // root + a + 2 items
    EXPECT_TRUE(parse_guarded(R"({"a":[1,2]})", l).ok());
    auto e = error_of(R"({"a":[1,2],"b":3})", l);
    EXPECT_EQ(e.code, "too_many_values");
    EXPECT_EQ(e.pointer, "/b");
}

TEST(parse_guarded, rejects_duplicate_key_at_top_level) {
    auto e = error_of(R"({"a":1,"b":2,"a":3})");
    EXPECT_EQ(e.code, "duplicate_key");
    EXPECT_EQ(e.pointer, "/a");
}

TEST(parse_guarded, rejects_duplicate_key_in_nested_object) {
    auto e = error_of(R"({"children":[{"name":"x"},{"name":"y","name":"z"}]})");
    EXPECT_EQ(e.code, "duplicate_key");
    EXPECT_EQ(e.pointer, "/children/1/name");
}

TEST(parse_guarded, detects_duplicates_written_with_different_escapes) {
    auto e = error_of(R"({"a":1,"\u0061":2})");
    EXPECT_EQ(e.code, "duplicate_key");
    EXPECT_EQ(e.pointer, "/a");
}

TEST(parse_guarded, does_not_let_the_input_text_choose_the_error_code) {
    // An unterminated string quoting nlohmann's own UTF-8 message is still plain bad JSON.
    EXPECT_EQ(error_of(R"({"a":"ill-formed UTF-8 surrogate U+)").code, "invalid_json");
}

TEST(parse_guarded, allows_same_key_in_sibling_objects) {
    EXPECT_TRUE(parse_guarded(R"({"a":{"k":1},"b":{"k":1}})").ok());
}

TEST(parse_guarded, escapes_tilde_and_slash_in_pointer) {
    auto e = error_of(R"({"a/b":{"c~d":1,"c~d":2}})");
    EXPECT_EQ(e.code, "duplicate_key");
    EXPECT_EQ(e.pointer, "/a~1b/c~0d");
}

TEST(parse_guarded, names_the_empty_key_as_a_lone_slash) {
    parse_limits l;
    l.max_string_bytes = 1;
    EXPECT_EQ(error_of(R"({"":"ab"})", l).pointer, "/");
}

TEST(parse_guarded, rejects_top_level_values_that_are_not_objects) {
    for (const char* body : {"[]", "[1,2]", "1", "\"s\"", "null", "true"}) {
        auto e = error_of(body);
        EXPECT_EQ(e.code, "not_an_object") << body;
        EXPECT_EQ(e.pointer, "") << body;
    }
}

TEST(parse_guarded, rejects_empty_and_whitespace_bodies_as_invalid_json) {
    EXPECT_EQ(error_of("").code, "invalid_json");
    EXPECT_EQ(error_of("  \n").code, "invalid_json");
}

TEST(parse_guarded, rejects_trailing_data_after_the_object) {
    auto e = error_of(R"({"a":1} x)");
    EXPECT_EQ(e.code, "invalid_json");
    EXPECT_EQ(e.byte_offset, 8u);
    EXPECT_EQ(error_of(R"({"a":1}{})").code, "invalid_json");
}

// nlohmann's lexer takes a NUL byte for the end of input, which would let anything after
// it through unparsed.
TEST(parse_guarded, rejects_raw_nul_bytes_anywhere) {
    using namespace std::string_view_literals;
    auto e = error_of("{\"a\":1}\0{\"b\":2}"sv);
    EXPECT_EQ(e.code, "invalid_json");
    EXPECT_EQ(e.byte_offset, 7u);
    EXPECT_EQ(error_of("{}\0"sv).code, "invalid_json");
    EXPECT_EQ(error_of("{\"a\":\"x\0y\"}"sv).code, "invalid_json");
    EXPECT_TRUE(parse_guarded(R"({"a":"x\u0000y"})").ok());  // escaped NUL is fine
}

TEST(parse_guarded, rejects_syntax_errors_with_offset_and_pointer) {
    auto e = error_of(R"({"a":{"b":tru}})");
    EXPECT_EQ(e.code, "invalid_json");
    EXPECT_EQ(e.pointer, "/a/b");
    EXPECT_GE(e.byte_offset, 10u);
    EXPECT_LE(e.byte_offset, 14u);
    EXPECT_EQ(error_of(R"({"a":1,})").code, "invalid_json");
    EXPECT_EQ(error_of(R"({'a':1})").code, "invalid_json");
    EXPECT_EQ(error_of("{\"a\":1 /* c */}").code, "invalid_json");
}

TEST(parse_guarded, reports_offset_of_a_limit_violation_near_the_offending_token) {
    parse_limits l;
    l.max_array_items = 2;
    const std::string body = R"({"a":[10,20,30,40]})";
    auto e = error_of(body, l);
    // "30" starts at offset 12; nlohmann has read it and possibly one more byte.
    EXPECT_GE(e.byte_offset, 14u);
    EXPECT_LE(e.byte_offset, 15u);
}

TEST(parse_guarded, accepts_integers_up_to_two_to_the_53) {
    auto r = parse_guarded(R"({"p":9007199254740992,"n":-9007199254740992})");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()["p"].get<std::int64_t>(), 9007199254740992);
    EXPECT_EQ(r.value()["n"].get<std::int64_t>(), -9007199254740992);
}

TEST(parse_guarded, rejects_integers_beyond_two_to_the_53) {
    EXPECT_EQ(error_of(R"({"n":9007199254740993})").code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":-9007199254740993})").code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":18446744073709551615})").code, "number_out_of_range");
    // Too big even for uint64: nlohmann reads it as a double, still refused.
    auto e = error_of(R"({"x":{"n":123456789012345678901234567890}})");
    EXPECT_EQ(e.code, "number_out_of_range");
    EXPECT_EQ(e.pointer, "/x/n");
}

TEST(parse_guarded, rejects_numbers_that_overflow_double) {
    auto e = error_of(R"({"n":1e400})");
    EXPECT_EQ(e.code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":-1e400})").code, "number_out_of_range");
    EXPECT_EQ(error_of(R"({"n":[1.5e99999]})").code, "number_out_of_range");
}

TEST(parse_guarded, accepts_finite_floats_and_underflow_to_zero) {
    auto r = parse_guarded(R"({"a":1e300,"b":-2.5e-3,"c":1e-400})");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value()["c"].get<double>(), 0.0);
}

TEST(parse_guarded, rejects_nan_and_infinity_literals) {
    EXPECT_EQ(error_of(R"({"n":NaN})").code, "invalid_json");
    EXPECT_EQ(error_of(R"({"n":Infinity})").code, "invalid_json");
    EXPECT_EQ(error_of(R"({"n":-Infinity})").code, "invalid_json");
}

TEST(parse_guarded, does_not_throw_on_any_error) {
    for (const char* body : {"{", "}", "{\"a\"", "{\"a\":", "\xFF", "{\"a\":\"\xFF\"}", "[[[[[", "{\"a\":1e999}"}) {
        EXPECT_NO_THROW((void)parse_guarded(body)) << body;
    }
}

// Valid documents are read by RapidJSON and only refusals by nlohmann (which alone reports
// errors), so whatever parse_guarded accepts must be exactly what nlohmann reads from the same
// bytes. Checked on seeds with every JSON feature and on thousands of mutants of them: broken
// escapes and surrogates, raw control bytes, invalid UTF-8, numbers at and past every edge.
TEST(parse_guarded, accepts_only_what_nlohmann_reads_and_reads_it_the_same) {
    const std::vector<std::string> seeds = {
        R"({"a":"Äiti \u00e4 \ud83d\ude00 \" \\ \/ \b\f\n\r\t \u0000","b":[1,-0,0.5,-2.5e-3,1E2,9007199254740992],"c":{"d":null,"e":true,"f":false}})",
        R"( { "child" : { "name" : "Aino" , "tags" : [ [ ] , { } , "" ] } , "n" : -9007199254740992 } )",
        "{\"t\":\"\xE2\x82\xAC \xF0\x9F\x98\x80 \xC3\xA4\",\"u\":1.7976931348623157e308,\"v\":5e-324}",
    };
    const std::vector<std::string> pieces = {
        "\"", "\\", "{", "}", "[", "]", ",", ":", "0", "-", "e", ".", "u", " ", "\x01", "\x1F", "\x7F",
        "\x80", "\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\\u0000", "\\ud800", "\\udc00",
        "\\ud83d\\ude00", "\\uZZZZ", "1e400", "1e-400", "-0", "1E2", "123456789012345678901234",
        "9007199254740993", "-9007199254740993", "00", "01", "1.", ".5", "+1", "NaN", "true", "nul", "\t", "\n"};
    std::mt19937 rng(1129);
    int accepted = 0;
    for (int i = 0; i < 6000; ++i) {
        std::string body = seeds[rng() % seeds.size()];
        for (int m = 1 + static_cast<int>(rng() % 3); m > 0; --m) {
            const std::size_t at = rng() % (body.size() + 1);
            const std::string& piece = pieces[rng() % pieces.size()];
            switch (rng() % 3) {
                case 0: body.insert(at, piece); break;
                case 1: body.replace(at, std::min<std::size_t>(piece.size(), body.size() - at), piece); break;
                default: body.erase(at, std::min<std::size_t>(1 + rng() % 3, body.size() - at));
            }
        }
        if (i < static_cast<int>(seeds.size())) body = seeds[static_cast<std::size_t>(i)];
        auto r = parse_guarded(body);
        if (!r.ok()) continue;
        ++accepted;
        nlohmann::json reference;
        ASSERT_NO_THROW(reference = nlohmann::json::parse(body)) << body;
        ASSERT_EQ(r.value().dump(), reference.dump()) << body;
        ASSERT_EQ(r.value(), reference) << body;
    }
    EXPECT_GE(accepted, 100);  // the mutants must not all be refused, or nothing was compared
}

}  // namespace
}  // namespace huoli::json
