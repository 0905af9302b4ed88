// What forms/valijson_properties.hpp must keep of valijson's `properties` check: members no
// subschema constrains are still accepted, and every member a real `additionalProperties`
// subschema constrains is still checked and reported (the JSON Schema Test Suite in
// conformance_test covers the rest of the keyword).
#include <gtest/gtest.h>

#include <valijson/schema.hpp>
#include <valijson/validation_results.hpp>

#include "forms/schema_compiler.hpp"

namespace huoli::forms::testing {
namespace {

using nlohmann::json;

bool valid(const json& schema, const json& document) { return run_schema(*compile_schema(schema, {}), document, nullptr); }

std::size_t error_count(const json& schema, const json& document) {
    valijson::ValidationResults results;
    run_schema(*compile_schema(schema, {}), document, &results);
    return results.numErrors();
}

const json many_members = {{"a", "x"}, {"b", 1}, {"c", json::object()}, {"d", json::array({1, 2})}, {"e", nullptr}};

TEST(valijson_properties, members_no_subschema_names_are_accepted_with_or_without_an_empty_additional_schema) {
    EXPECT_TRUE(valid({{"properties", {{"a", {{"type", "string"}}}}}}, many_members));
    EXPECT_TRUE(valid({{"properties", {{"a", {{"type", "string"}}}}}, {"additionalProperties", json::object()}},
                      many_members));
    EXPECT_TRUE(valid({{"properties", {{"a", {{"type", "string"}}}}}, {"additionalProperties", true}}, many_members));
    EXPECT_FALSE(valid({{"properties", {{"a", {{"type", "number"}}}}}}, many_members));  // named ones still checked
}

TEST(valijson_properties, a_real_additional_schema_still_checks_and_reports_every_other_member) {
    const json schema = {{"properties", {{"a", {{"type", "string"}}}}}, {"additionalProperties", {{"type", "number"}}}};
    EXPECT_FALSE(valid(schema, many_members));
    EXPECT_TRUE(valid(schema, {{"a", "x"}, {"b", 1}, {"c", 2.5}}));
    EXPECT_TRUE(valid(schema, {{"a", "x"}}));  // every member matched: nothing left to check
    EXPECT_FALSE(valid(schema, {{"a", 1}}));
    // b passes; c, d and e each fail their own check, and the object fails once more.
    EXPECT_EQ(error_count(schema, many_members), error_count(schema, {{"a", "x"}, {"c", "s"}, {"d", "t"}, {"e", "u"}}));
    EXPECT_GE(error_count(schema, many_members), 4u);
    EXPECT_FALSE(valid({{"additionalProperties", {{"not", json::object()}}}}, {{"z", 1}}));
}

TEST(valijson_properties, additional_properties_false_still_refuses_any_other_member) {
    const json schema = {{"properties", {{"a", {{"type", "string"}}}}}, {"additionalProperties", false}};
    EXPECT_TRUE(valid(schema, {{"a", "x"}}));
    EXPECT_FALSE(valid(schema, {{"a", "x"}, {"b", 1}}));
    EXPECT_GE(error_count(schema, {{"a", "x"}, {"b", 1}}), 1u);
}

TEST(valijson_properties, an_if_on_a_large_object_still_chooses_then_or_else) {
    json document = many_members;
    for (int i = 0; i < 40; ++i) document["m" + std::to_string(i)] = i;
    const json schema = {{"if", {{"properties", {{"a", {{"const", "x"}}}}}, {"required", {"a"}}}},
                         {"then", {{"required", {"m39"}}}},
                         {"else", {{"required", {"never"}}}}};
    EXPECT_TRUE(valid(schema, document));
    document.erase("m39");
    EXPECT_FALSE(valid(schema, document));
    document["a"] = "y";
    EXPECT_FALSE(valid(schema, document));  // else: "never" is missing
    document["never"] = true;
    EXPECT_TRUE(valid(schema, document));
}

}  // namespace
}  // namespace huoli::forms::testing
