#include "http/problem.hpp"
#include "http/problems.hpp"

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

using nlohmann::json;

json translations() {
    std::ifstream in(std::string(HUOLI_SOURCE_DIR) + "/schema/translations.json");
    std::stringstream buf;
    buf << in.rdbuf();
    return json::parse(buf.str());
}

std::set<std::string> placeholders_in(const std::string& text) {
    std::set<std::string> out;
    const std::regex re("\\{([a-z_]+)\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
        out.insert((*it)[1]);
    }
    return out;
}

TEST(problems, every_code_has_its_message_in_fi_sv_and_en) {
    const auto missing = missing_texts();
    std::string list;
    for (const auto& code : missing) list += " " + code;
    EXPECT_TRUE(missing.empty()) << "schema/translations.json \"problems\" lacks:" << list;
}

TEST(problems, the_table_follows_the_enum_and_names_each_code_once) {
    std::set<std::string_view> names;
    for (const auto& t : all_problem_types()) {
        EXPECT_TRUE(names.insert(t.name).second) << t.name;
        EXPECT_EQ(&type_of(t.code), &t);
        EXPECT_EQ(find_problem(t.name), t.code);
        EXPECT_TRUE(t.status >= 400 && t.status <= 599) << t.name;
        EXPECT_FALSE(t.title.empty()) << t.name;
    }
    EXPECT_FALSE(find_problem("no_such_problem"));
}

// The compiled-in texts are the file's: a message in the file for a code the table lacks is a
// wording nobody can see, and a stale build would show old wording.
TEST(problems, the_compiled_texts_are_the_translation_files_and_cover_only_known_codes) {
    const json doc = translations();
    for (const auto& [code, text] : doc.at("problems").items()) {
        if (code == "$comment") continue;
        const auto known = find_problem(code);
        ASSERT_TRUE(known) << "translations.json problems has " << code << ", which server/http/problems.cpp lacks";
        const localized m = problem_message(*known);
        EXPECT_EQ(m.fi, text.at("fi").get<std::string>()) << code;
        EXPECT_EQ(m.sv, text.at("sv").get<std::string>()) << code;
        EXPECT_EQ(m.en, text.at("en").get<std::string>()) << code;
    }
}

// Each "{name}" a message holds is one its producer fills in, in every language alike.
TEST(problems, placeholders_are_the_ones_their_producers_fill) {
    const std::map<std::string, std::set<std::string>> filled{
        {"body_too_large", {"limit"}}, {"unsupported_media_type", {"expected"}}, {"organisation_not_served", {"organisation"}}};
    const json doc = translations();
    for (const auto& t : all_problem_types()) {
        const std::string name(t.name);
        const json* text = doc.at("problems").contains(name) ? &doc.at("problems").at(name)
                           : doc.at("errors").contains(name) ? &doc.at("errors").at(name)
                                                             : nullptr;
        if (!text) continue;
        const auto expected = filled.count(name) ? filled.at(name) : std::set<std::string>{};
        for (const char* lang : {"fi", "sv", "en"}) {
            EXPECT_EQ(placeholders_in(text->at(lang).get<std::string>()), expected) << name << " " << lang;
        }
    }
    for (const auto& [code, text] : doc.at("query_errors").items()) {
        if (code == "$comment") continue;
        for (const char* lang : {"fi", "sv", "en"}) {
            for (const auto& p : placeholders_in(text.at(lang).get<std::string>())) {
                EXPECT_TRUE(p == "parameter" || p == "limit") << code << " " << lang << " {" << p << "}";
            }
        }
    }
}

TEST(problems, a_problem_is_problem_json_with_its_status_code_and_texts) {
    const response r = problem(problem_code::lease_expired);
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.problem_code, "lease_expired");
    EXPECT_EQ(*r.headers.get("Content-Type"), "application/problem+json");
    const json body = json::parse(r.body);
    EXPECT_EQ(body["type"], "urn:huoli:problem:lease_expired");
    EXPECT_EQ(body["code"], "lease_expired");
    EXPECT_EQ(body["title"], "Conflict");
    EXPECT_EQ(body["status"], 409);
    EXPECT_EQ(body["message"]["en"], "The lease has expired.");
    EXPECT_EQ(body["message"]["fi"], "Varaus on vanhentunut.");
}

TEST(problems, the_limit_is_filled_into_every_language) {
    const json body = json::parse(payload_too_large(262144).body);
    EXPECT_EQ(body["status"], 413);
    EXPECT_EQ(body["limit_bytes"], 262144);
    for (const char* lang : {"fi", "sv", "en"}) {
        const auto m = body["message"][lang].get<std::string>();
        EXPECT_NE(m.find("262144"), std::string::npos) << lang;
        EXPECT_EQ(m.find('{'), std::string::npos) << lang;
    }
}

TEST(problems, fill_replaces_every_occurrence_and_leaves_others) {
    EXPECT_EQ(fill("{a} and {a}, {b}", {{"a", "x"}}), "x and x, {b}");
    EXPECT_EQ(fill("{a}", {{"a", "{a}"}}), "{a}");  // a value holding the placeholder is not filled again
}

TEST(problems, error_entries_have_one_shape) {
    const json list = errors_json({{error_entry::located_by::pointer, "/to_queue", "unknown_queue",
                                    problem_message(problem_code::unknown_queue)},
                                   {error_entry::located_by::parameter, std::nullopt, "unknown_parameter",
                                    query_error_message("unknown_parameter", true, {})}});
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0], (json{{"pointer", "/to_queue"},
                             {"code", "unknown_queue"},
                             {"message", {{"fi", "Kohdejonoa ei ole."}, {"sv", "Målkön finns inte."},
                                          {"en", "There is no such target queue."}}}}));
    EXPECT_TRUE(list[1]["parameter"].is_null());
    EXPECT_FALSE(list[1].contains("pointer"));
    for (const char* lang : {"fi", "sv", "en"}) EXPECT_FALSE(list[1]["message"][lang].get<std::string>().empty());
}

TEST(problems, request_member_codes_have_their_own_texts) {
    const json doc = translations();
    for (const char* code : {"unknown_member", "required", "not_an_integer", "out_of_range", "not_a_string", "bad_length",
                             "not_allowed"}) {
        ASSERT_TRUE(doc.at("request_errors").contains(code)) << code;
        EXPECT_EQ(request_error_message(code).en, doc.at("request_errors").at(code).at("en").get<std::string>()) << code;
    }
}

}  // namespace
}  // namespace huoli::http
