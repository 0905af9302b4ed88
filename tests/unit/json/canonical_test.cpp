#include "json/canonical.hpp"

#include <gtest/gtest.h>

#include "json/digest.hpp"
#include "json/guarded_parse.hpp"

namespace huoli::json {
namespace {

nlohmann::json parse(std::string_view body) {
    auto r = parse_guarded(body);
    EXPECT_TRUE(r.ok());
    return r.ok() ? r.value() : nlohmann::json();
}

TEST(canonical, sorts_keys_and_drops_whitespace) {
    EXPECT_EQ(canonical(parse(R"( { "b" : [ 1 , 2 ] , "a" : { "d" : null , "c" : true } } )")),
              R"({"a":{"c":true,"d":null},"b":[1,2]})");
}

TEST(canonical, is_the_same_for_differently_ordered_equal_documents) {
    const auto x = canonical(parse(R"({"z":1,"y":{"b":"x","a":[3,2,1]}})"));
    const auto y = canonical(parse(R"({"y":{"a":[3,2,1],"b":"x"},"z":1})"));
    EXPECT_EQ(x, y);
    EXPECT_EQ(sha256_hex(x), sha256_hex(y));
}

TEST(canonical, keeps_utf8_unescaped_and_escapes_only_controls_quote_and_backslash) {
    EXPECT_EQ(canonical(parse("{\"k\":\"\\u00e4\\/\\\"\\\\\\n\\u0001\xE2\x82\xAC\"}")),
              "{\"k\":\"\xC3\xA4/\\\"\\\\\\n\\u0001\xE2\x82\xAC\"}");
}

TEST(canonical, orders_keys_by_code_point) {
    // "Z" (U+005A) < "a" (U+0061) < "ä" (U+00E4) < "€" (U+20AC)
    EXPECT_EQ(canonical(parse("{\"\xE2\x82\xAC\":1,\"\xC3\xA4\":2,\"a\":3,\"Z\":4}")),
              "{\"Z\":4,\"a\":3,\"\xC3\xA4\":2,\"\xE2\x82\xAC\":1}");
}

TEST(canonical, prints_integers_as_integers) {
    EXPECT_EQ(canonical(parse(R"({"a":-0,"b":9007199254740992,"c":10})")),
              R"({"a":0,"b":9007199254740992,"c":10})");
}

TEST(canonical, does_not_throw_on_invalid_utf8_built_outside_the_parser) {
    nlohmann::json j = {{"a", std::string("\xFF")}};
    EXPECT_NO_THROW((void)canonical(j));
    EXPECT_EQ(canonical(j), "{\"a\":\"\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace huoli::json
