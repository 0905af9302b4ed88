#include "http/query.hpp"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace huoli::http {
namespace {

using nlohmann::json;

query_error error_of(std::string_view query, std::initializer_list<std::string_view> allowed,
                     const query_limits& limits = {}) {
    auto q = parse_query(query, allowed, limits);
    EXPECT_FALSE(q) << query;
    return q ? query_error{query_problem::invalid_value, "(parsed)"} : q.error();
}

TEST(parse_query, splits_and_decodes_name_value_pairs) {
    auto q = parse_query("state=leased&limit=50&after=a%20b", {"state", "after", "limit"});
    ASSERT_TRUE(q);
    EXPECT_EQ(q.value().size(), 3u);
    EXPECT_EQ(*q.value().get("state"), "leased");
    EXPECT_EQ(*q.value().get("limit"), "50");
    EXPECT_EQ(*q.value().get("after"), "a b");
}

TEST(parse_query, an_empty_query_has_no_parameters) {
    auto q = parse_query("", {"limit"});
    ASSERT_TRUE(q);
    EXPECT_EQ(q.value().size(), 0u);
    EXPECT_FALSE(q.value().has("limit"));
}

TEST(parse_query, skips_empty_pairs) {
    auto q = parse_query("&limit=5&&state=x&", {"limit", "state"});
    ASSERT_TRUE(q);
    EXPECT_EQ(q.value().size(), 2u);
    EXPECT_TRUE(parse_query("&&&", {}));
}

TEST(parse_query, a_name_without_equals_sign_has_the_empty_value) {
    auto q = parse_query("state&limit=", {"state", "limit"});
    ASSERT_TRUE(q);
    EXPECT_EQ(*q.value().get("state"), "");
    EXPECT_EQ(*q.value().get("limit"), "");
}

TEST(parse_query, a_value_keeps_every_equals_sign_after_the_first) {
    auto q = parse_query("after=a=b=", {"after"});
    ASSERT_TRUE(q);
    EXPECT_EQ(*q.value().get("after"), "a=b=");
}

TEST(parse_query, keeps_plus_as_a_plus_not_a_space) {
    // An identity code of someone born in the 1800s: '+' is its century sign.
    auto q = parse_query("subject=010180+123A&actor=a%2Bb", {"subject", "actor"});
    ASSERT_TRUE(q);
    EXPECT_EQ(*q.value().get("subject"), "010180+123A");
    EXPECT_EQ(*q.value().get("actor"), "a+b");
}

TEST(parse_query, decodes_names_too) {
    auto q = parse_query("%6Cimit=5", {"limit"});
    ASSERT_TRUE(q);
    EXPECT_EQ(*q.value().get("limit"), "5");
}

TEST(parse_query, accepts_utf8_values) {
    auto q = parse_query("actor=%C3%A4iti&action=%E2%82%AC", {"actor", "action"});
    ASSERT_TRUE(q);
    EXPECT_EQ(*q.value().get("actor"), "\xc3\xa4iti");
    EXPECT_EQ(*q.value().get("action"), "\xe2\x82\xac");
}

TEST(parse_query, refuses_a_malformed_escape_naming_the_parameter) {
    for (const char* query : {"limit=%", "limit=%4", "limit=%zz", "limit=5%"}) {
        auto e = error_of(query, {"limit"});
        EXPECT_EQ(e.problem, query_problem::malformed_escape) << query;
        EXPECT_EQ(e.parameter, "limit") << query;
    }
}

TEST(parse_query, refuses_a_malformed_escape_in_a_name_without_naming_it) {
    auto e = error_of("lim%t=5", {"limit"});
    EXPECT_EQ(e.problem, query_problem::malformed_escape);
    EXPECT_EQ(e.parameter, "");
}

TEST(parse_query, refuses_invalid_utf8_after_decoding) {
    for (const char* value : {"%FF", "%C3", "%C0%AF", "%ED%A0%80", "%F4%90%80%80", "\xff"}) {
        auto e = error_of(std::string("actor=") + value, {"actor"});
        EXPECT_EQ(e.problem, query_problem::invalid_utf8) << value;
        EXPECT_EQ(e.parameter, "actor") << value;
    }
    EXPECT_EQ(error_of("%FF=1", {"actor"}).problem, query_problem::invalid_utf8);
}

TEST(parse_query, refuses_control_characters_c0_del_and_c1) {
    for (const char* value : {"%00", "a%0Ab", "%0D%0A", "%09", "%1F", "%7F", "%C2%80", "%C2%9F", "\x01"}) {
        auto e = error_of(std::string("actor=") + value, {"actor"});
        EXPECT_EQ(e.problem, query_problem::control_character) << value;
        EXPECT_EQ(e.parameter, "actor") << value;
    }
    // Just outside the C1 block, and an ordinary space, are text.
    EXPECT_TRUE(parse_query("actor=%C2%A0%20x", {"actor"}));
    EXPECT_EQ(error_of("act%00or=1", {"actor"}).problem, query_problem::control_character);
}

TEST(parse_query, refuses_a_repeated_parameter) {
    auto e = error_of("limit=1&state=x&limit=2", {"limit", "state"});
    EXPECT_EQ(e.problem, query_problem::repeated_parameter);
    EXPECT_EQ(e.parameter, "limit");
    // Also when the repeat is spelled differently.
    EXPECT_EQ(error_of("limit=1&%6Cimit=1", {"limit"}).problem, query_problem::repeated_parameter);
    EXPECT_EQ(error_of("limit&limit", {"limit"}).problem, query_problem::repeated_parameter);
}

TEST(parse_query, refuses_an_unknown_parameter_without_echoing_its_name) {
    for (const char* query : {"hetu=010101-123N", "010101-123N", "=5", "Limit=5", "limit =5", "limit=5&x"}) {
        auto e = error_of(query, {"limit"});
        EXPECT_EQ(e.problem, query_problem::unknown_parameter) << query;
        EXPECT_EQ(e.parameter, "") << query;
    }
}

TEST(parse_query, with_no_allowed_names_refuses_any_parameter) {
    EXPECT_EQ(error_of("a=1", {}).problem, query_problem::unknown_parameter);
}

TEST(parse_query, stops_at_the_first_problem) {
    EXPECT_EQ(error_of("x=1&limit=%zz", {"limit"}).problem, query_problem::unknown_parameter);
    EXPECT_EQ(error_of("limit=%zz&x=1", {"limit"}).problem, query_problem::malformed_escape);
}

TEST(parse_query, refuses_a_query_longer_than_max_bytes) {
    const query_limits limits{.max_bytes = 16, .max_parameters = 16};
    EXPECT_TRUE(parse_query("after=" + std::string(10, 'a'), {"after"}, limits));  // exactly 16
    auto e = error_of("after=" + std::string(11, 'a'), {"after"}, limits);
    EXPECT_EQ(e.problem, query_problem::too_long);
    EXPECT_EQ(e.parameter, "");
    EXPECT_EQ(e.limit, 16u);
}

TEST(parse_query, the_default_length_limit_is_2048_bytes) {
    EXPECT_EQ(query_limits{}.max_bytes, 2048u);
    EXPECT_TRUE(parse_query("after=" + std::string(2042, 'a'), {"after"}));
    EXPECT_EQ(error_of("after=" + std::string(2043, 'a'), {"after"}).problem, query_problem::too_long);
    // Checked before anything is decoded: a long malformed query is too long, not malformed.
    EXPECT_EQ(error_of(std::string(3000, '%'), {"after"}).problem, query_problem::too_long);
}

TEST(parse_query, refuses_more_than_max_parameters_pairs) {
    const query_limits limits{.max_bytes = 2048, .max_parameters = 2};
    EXPECT_TRUE(parse_query("a=1&&b=2&", {"a", "b", "c"}, limits));  // empty pairs do not count
    auto e = error_of("a=1&b=2&c=3", {"a", "b", "c"}, limits);
    EXPECT_EQ(e.problem, query_problem::too_many_parameters);
    EXPECT_EQ(e.parameter, "");
    EXPECT_EQ(e.limit, 2u);
}

// A route that would take seventeen parameters, "a" to "q".
result<query_params, query_error> parse_a_to_q(std::string_view query) {
    return parse_query(query, {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"});
}

TEST(parse_query, the_default_parameter_limit_is_16) {
    EXPECT_EQ(query_limits{}.max_parameters, 16u);
    std::string query;
    for (char name = 'a'; name < 'a' + 16; ++name) query += std::string("&") + name + "=1";
    EXPECT_TRUE(parse_a_to_q(query));
    auto seventeen = parse_a_to_q(query + "&q=1");
    ASSERT_FALSE(seventeen);
    EXPECT_EQ(seventeen.error().problem, query_problem::too_many_parameters);
}

TEST(parse_query, counts_pairs_before_looking_at_their_names) {
    const query_limits limits{.max_bytes = 2048, .max_parameters = 1};
    EXPECT_EQ(error_of("a=1&a=1", {"a"}, limits).problem, query_problem::too_many_parameters);
}

TEST(parse_query, names_a_parameter_only_by_the_callers_string) {
    // The allowed name may outlive the query: the error holds its own copy.
    std::string allowed = "limit";
    query_error e = error_of("limit=%", {allowed});
    allowed.assign("XXXXX");
    EXPECT_EQ(e.parameter, "limit");
}

TEST(query_problem, every_problem_has_a_stable_code) {
    EXPECT_STREQ(to_string(query_problem::too_long), "too_long");
    EXPECT_STREQ(to_string(query_problem::too_many_parameters), "too_many_parameters");
    EXPECT_STREQ(to_string(query_problem::malformed_escape), "malformed_escape");
    EXPECT_STREQ(to_string(query_problem::invalid_utf8), "invalid_utf8");
    EXPECT_STREQ(to_string(query_problem::control_character), "control_character");
    EXPECT_STREQ(to_string(query_problem::unknown_parameter), "unknown_parameter");
    EXPECT_STREQ(to_string(query_problem::repeated_parameter), "repeated_parameter");
    EXPECT_STREQ(to_string(query_problem::invalid_value), "invalid_value");
    EXPECT_STREQ(to_string(query_problem::out_of_range), "out_of_range");
}

TEST(invalid_query, is_a_400_problem_naming_the_parameter_in_three_languages) {
    const response r = invalid_query({query_problem::invalid_value, "limit"});
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(*r.headers.get("Content-Type"), "application/problem+json");
    const json body = json::parse(r.body);
    EXPECT_EQ(body["type"], "urn:huoli:problem:invalid_query");
    EXPECT_EQ(body["code"], "invalid_query");
    EXPECT_EQ(body["title"], "Bad Request");
    EXPECT_EQ(body["status"], 400);
    EXPECT_EQ(body["parameter"], "limit");
    EXPECT_EQ(body["message"]["fi"], "Kyselyparametri limit on virheellinen.");
    EXPECT_EQ(body["message"]["sv"], "Frågeparametern limit är ogiltig.");
    EXPECT_EQ(body["message"]["en"], "The query parameter limit is invalid.");
    ASSERT_EQ(body["errors"].size(), 1u);
    EXPECT_EQ(body["errors"][0]["parameter"], "limit");
    EXPECT_EQ(body["errors"][0]["code"], "invalid_value");
    EXPECT_EQ(body["errors"][0]["message"], body["message"]);
}

TEST(invalid_query, an_unnamed_problem_has_a_null_parameter) {
    const json body = json::parse(invalid_query({query_problem::unknown_parameter, ""}).body);
    EXPECT_TRUE(body["parameter"].is_null());
    EXPECT_TRUE(body["errors"][0]["parameter"].is_null());
    EXPECT_EQ(body["errors"][0]["code"], "unknown_parameter");
}

TEST(invalid_query, states_the_limit_that_was_exceeded) {
    const json body = json::parse(invalid_query({query_problem::too_long, "", 2048}).body);
    EXPECT_NE(body["message"]["en"].get<std::string>().find("2048"), std::string::npos);
    EXPECT_NE(body["message"]["fi"].get<std::string>().find("2048"), std::string::npos);
    EXPECT_NE(body["message"]["sv"].get<std::string>().find("2048"), std::string::npos);
}

TEST(invalid_query, every_problem_has_a_message_in_each_language) {
    for (auto p : {query_problem::too_long, query_problem::too_many_parameters, query_problem::malformed_escape,
                   query_problem::invalid_utf8, query_problem::control_character, query_problem::unknown_parameter,
                   query_problem::repeated_parameter, query_problem::invalid_value, query_problem::out_of_range}) {
        for (const char* name : {"", "limit"}) {
            const json body = json::parse(invalid_query({p, name, 16}).body);
            for (const char* lang : {"fi", "sv", "en"}) {
                EXPECT_FALSE(body["message"][lang].get<std::string>().empty()) << to_string(p) << " " << lang;
            }
        }
    }
}

TEST(invalid_query, never_carries_what_the_client_sent) {
    const std::string hetu = "010101-123N";
    auto q = parse_query("subject=" + hetu + "%&" + hetu + "=1", {"subject"});
    ASSERT_FALSE(q);
    EXPECT_EQ(invalid_query(q.error()).body.find(hetu), std::string::npos);
    auto unknown = parse_query(hetu + "=1", {"subject"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(invalid_query(unknown.error()).body.find(hetu), std::string::npos);
}

}  // namespace
}  // namespace huoli::http
