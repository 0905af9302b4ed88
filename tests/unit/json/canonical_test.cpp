#include "json/canonical.hpp"

#include <random>
#include <string>

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

// Random documents whose strings mix plain text, every control character, quotes, backslashes,
// DEL, multi-byte UTF-8 and (sometimes) invalid bytes, with every kind of number.
nlohmann::json random_value(std::mt19937& rng, int depth) {
    const auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const auto random_string = [&] {
        static const std::string pieces[] = {"a",  "Ää", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", "\"", "\\", "/",
                                             "\x7F", " ",  "tekstiä ",     "\xFF",            "\xC3"};
        std::string s;
        for (int i = pick(12); i > 0; --i) {
            if (pick(4) == 0) {
                s += static_cast<char>(pick(0x20));  // a control character
            } else {
                s += pieces[pick(pick(10) == 0 ? 12 : 10)];  // invalid UTF-8 only now and then
            }
        }
        return s;
    };
    switch (depth > 3 ? 2 + pick(6) : pick(8)) {
        case 0: {
            nlohmann::json o = nlohmann::json::object();
            for (int i = pick(5); i > 0; --i) o[random_string()] = random_value(rng, depth + 1);
            return o;
        }
        case 1: {
            nlohmann::json a = nlohmann::json::array();
            for (int i = pick(5); i > 0; --i) a.push_back(random_value(rng, depth + 1));
            return a;
        }
        case 2: return random_string();
        case 3: return static_cast<std::int64_t>(rng()) * (pick(2) ? -1 : 1) * static_cast<std::int64_t>(rng() % 100000);
        case 4: return static_cast<std::uint64_t>(rng()) << 32 | rng();
        case 5: return static_cast<double>(static_cast<int>(rng() % 2000000) - 1000000) / 7.0;
        case 6: return pick(2) == 0;
        default: return nullptr;
    }
}

TEST(canonical, gives_exactly_the_bytes_of_nlohmann_dump) {
    // Hashes of stored notices were taken over dump()'s output; the hand-written serialiser must
    // not change a single byte of it.
    std::mt19937 rng(20261129);
    for (int i = 0; i < 3000; ++i) {
        const nlohmann::json doc = random_value(rng, 0);
        ASSERT_EQ(canonical(doc), doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)) << i;
    }
}

}  // namespace
}  // namespace huoli::json
