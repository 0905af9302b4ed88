#include <gtest/gtest.h>

#include <fstream>

#include <valijson/schema.hpp>

#include "forms/custom_constraints.hpp"
#include "forms/schema_compiler.hpp"
#include "test_support.hpp"

namespace huoli::forms::testing {
namespace {

TEST(schema_compiler, accepts_the_bounded_patterns_of_our_schemas) {
    for (const char* p : {"^[0-9]{6}[-+YXWVUABCDEF][0-9]{3}[0-9A-FHJ-NPR-Y]$", "^[0-9]{3}$", "^[0-9]{5}$",
                          "^[0-9]{7}-[0-9]$", "^[a-z]{2}$", "^(?:fi|sv)-[A-Z]{2}$", "^a\\+b$"}) {
        EXPECT_NO_THROW(require_bounded_pattern(p)) << p;
    }
}

TEST(schema_compiler, refuses_patterns_whose_recursion_grows_with_the_input) {
    for (const char* p : {"^a+$", "^a*$", "^a{2,}$", "^(ab){3}$", "^(?=a)b$", "^[0-9]{65}$", "^[a-z]{30}[a-z]{35}$",
                          "^[a-z"}) {
        EXPECT_THROW(require_bounded_pattern(p), std::runtime_error) << p;
    }
}

TEST(schema_compiler, rewrites_keywords_only_at_schema_positions) {
    auto prepared = prepare_schema(nlohmann::json::parse(R"({
        "properties": {"pattern": {"type": "string", "pattern": "^x$", "format": "date", "maxLength": 5,
                                   "minLength": 1}},
        "enum": [{"pattern": "kept", "format": "kept"}],
        "additionalProperties": false,
        "items": [{"additionalProperties": {"pattern": "^y$"}}]
    })"));
    EXPECT_TRUE(prepared["properties"].contains("pattern"));
    EXPECT_EQ(prepared["properties"]["pattern"][std::string(pattern_keyword)], "^x$");
    EXPECT_EQ(prepared["properties"]["pattern"][std::string(format_keyword)], "date");
    EXPECT_FALSE(prepared["properties"]["pattern"].contains("format"));
    EXPECT_EQ(prepared["properties"]["pattern"][std::string(max_length_keyword)], 5);
    EXPECT_EQ(prepared["properties"]["pattern"][std::string(min_length_keyword)], 1);
    EXPECT_FALSE(prepared["properties"]["pattern"].contains("maxLength"));
    EXPECT_EQ(prepared["enum"][0]["pattern"], "kept");
    EXPECT_EQ(prepared["additionalProperties"][std::string(forbidden_keyword)], true);
    EXPECT_EQ(prepared["items"][0]["additionalProperties"][std::string(pattern_keyword)], "^y$");
}

TEST(schema_compiler, counts_string_length_in_code_points_whatever_the_byte_length_suggests) {
    // The length keywords decide by byte length where that settles it, and count otherwise.
    const auto valid = [](const char* schema, const std::string& text) {
        auto compiled = compile_schema(nlohmann::json::parse(schema), {});
        return run_schema(*compiled, nlohmann::json(text), nullptr);
    };
    const char* at_most_3 = R"({"maxLength": 3})";
    EXPECT_TRUE(valid(at_most_3, "abc"));
    EXPECT_FALSE(valid(at_most_3, "abcd"));
    EXPECT_TRUE(valid(at_most_3, "\xC3\xA4\xC3\xA4\xC3\xA4"));            // ääää is 6 bytes, 3 code points
    EXPECT_FALSE(valid(at_most_3, "\xC3\xA4\xC3\xA4\xC3\xA4\xC3\xA4"));  // 4 code points
    EXPECT_TRUE(valid(at_most_3, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80x"));  // 9 bytes, 3 code points
    const char* at_least_3 = R"({"minLength": 3.0})";
    EXPECT_FALSE(valid(at_least_3, "ab"));
    EXPECT_FALSE(valid(at_least_3, "\xC3\xA4\xC3\xA4"));  // 4 bytes, 2 code points
    EXPECT_FALSE(valid(at_least_3, "\xF0\x9F\x98\x80\xF0\x9F\x98\x80"));  // 8 bytes, 2 code points
    EXPECT_TRUE(valid(at_least_3, "\xE2\x82\xAC\xE2\x82\xAC\xE2\x82\xAC"));  // 9 bytes, 3 code points
    EXPECT_TRUE(valid(at_least_3, "abcdefghijklm"));
    EXPECT_TRUE(valid(at_least_3, "abc"));
    EXPECT_THROW(compile_schema(nlohmann::json::parse(R"({"maxLength": -1})"), {}), std::runtime_error);
    EXPECT_THROW(compile_schema(nlohmann::json::parse(R"({"minLength": 1.5})"), {}), std::runtime_error);
}

// A scratch schema directory with the real files, to break one thing at a time.
class broken_schema_dir : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() /
               ("huoli_forms_" + std::to_string(::getpid()) + "_" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(dir_);
        for (const char* f : {"common.schema.json", "child-welfare-notification.schema.json", "translations.json"}) {
            std::filesystem::copy_file(source_dir() / "schema" / f, dir_ / f,
                                       std::filesystem::copy_options::overwrite_existing);
        }
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    void write(const std::string& name, const nlohmann::json& j) { std::ofstream(dir_ / name) << j.dump(); }
    nlohmann::json read(const std::string& name) { return nlohmann::json::parse(read_text(dir_ / name)); }
    std::string load_error() {
        try {
            (void)schema_registry::load(dir_);
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "";
    }
    std::filesystem::path dir_;
};

TEST_F(broken_schema_dir, loads_when_nothing_is_broken) {
    EXPECT_EQ(load_error(), "");
}

TEST_F(broken_schema_dir, names_a_missing_common_schema) {
    std::filesystem::remove(dir_ / "common.schema.json");
    EXPECT_NE(load_error().find("common.schema.json"), std::string::npos);
}

TEST_F(broken_schema_dir, refuses_an_unbounded_pattern_and_names_the_file) {
    auto common = read("common.schema.json");
    common["definitions"]["postal_code"]["pattern"] = "^[0-9]+$";
    write("common.schema.json", common);
    auto error = load_error();
    EXPECT_NE(error.find("common.schema.json"), std::string::npos) << error;
    EXPECT_NE(error.find("unbounded"), std::string::npos) << error;
}

TEST_F(broken_schema_dir, refuses_local_definitions_in_a_form) {
    auto form = read("child-welfare-notification.schema.json");
    form["definitions"] = {{"x", {{"type", "string"}}}};
    write("child-welfare-notification.schema.json", form);
    EXPECT_NE(load_error().find("child-welfare-notification.schema.json"), std::string::npos);
}

TEST_F(broken_schema_dir, refuses_a_reference_to_an_unknown_file) {
    auto form = read("child-welfare-notification.schema.json");
    form["properties"]["form_language"] = {{"$ref", "other.schema.json#/definitions/x"}};
    write("child-welfare-notification.schema.json", form);
    EXPECT_NE(load_error().find("child-welfare-notification.schema.json"), std::string::npos);
}

TEST_F(broken_schema_dir, refuses_a_schema_without_version) {
    auto form = read("child-welfare-notification.schema.json");
    form.erase("x-version");
    write("child-welfare-notification.schema.json", form);
    EXPECT_NE(load_error().find("x-version"), std::string::npos);
}

TEST_F(broken_schema_dir, refuses_translations_without_a_language) {
    auto t = read("translations.json");
    t["errors"]["required"].erase("sv");
    write("translations.json", t);
    EXPECT_NE(load_error().find("translations.json"), std::string::npos);
}

}  // namespace
}  // namespace huoli::forms::testing
