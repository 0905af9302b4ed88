// Hostile bodies get a clear error and never crash (run this file under ASan too:
// -DHUOLI_SANITIZE=ON).
#include <gtest/gtest.h>

#include <valijson/schema.hpp>

#include "forms/custom_constraints.hpp"
#include "forms/schema_compiler.hpp"
#include "test_support.hpp"

namespace huoli::forms::testing {
namespace {

const char* cwn = "child-welfare-notification";

std::vector<field_error> refused(const std::string& body, const validation_context& ctx = context()) {
    auto outcome = shared_validator().validate(cwn, body, ctx);
    EXPECT_FALSE(outcome.ok());
    return outcome.ok() ? std::vector<field_error>{} : outcome.error();
}

validation_context generous_limits() {
    validation_context ctx = context();
    ctx.limits.max_bytes = 8u << 20;
    ctx.limits.max_string_bytes = 2u << 20;
    ctx.limits.max_array_items = 1'000'000;
    ctx.limits.max_total_values = 1'000'000;
    ctx.limits.max_depth = 1'000'000;
    return ctx;
}

nlohmann::json teacher_notice() { return valid_example(cwn, "valid-teacher-kajaani.json"); }

TEST(hostile_input, one_megabyte_string_is_refused_before_parsing_by_default) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = std::string(1 << 20, '1');
    EXPECT_TRUE(has_error(refused(notice.dump()), "", "body_too_large"));
}

TEST(hostile_input, one_megabyte_string_fails_every_pattern_without_reaching_the_regex) {
    auto notice = teacher_notice();
    const std::string huge(1 << 20, '1');
    notice["child"]["personal_identity_code"] = huge;
    notice["child"]["home_municipality"] = huge;
    notice["child"]["address"]["postal_code"] = huge;
    notice["notifier"]["business_id"] = huge;
    notice["child"]["language"] = std::string(1 << 20, 'a');
    auto errors = refused(notice.dump(), generous_limits());
    for (const char* pointer : {"/child/personal_identity_code", "/child/home_municipality", "/child/address/postal_code",
                                "/notifier/business_id", "/child/language"}) {
        EXPECT_TRUE(has_error(errors, pointer, "pattern")) << pointer << "\n" << describe(errors);
    }
}

TEST(hostile_input, subject_bound_protects_even_a_pattern_that_recurses_per_character) {
    // "^(1|2)*$" overflowed an 8 MiB stack at ~7 500 characters under ASan when given to
    // std::regex directly; through our keyword it is never given more than the bound.
    auto schema = compile_schema(nlohmann::json{{"type", "string"}, {"pattern", "^(1|2)*$"}}, {});
    EXPECT_TRUE(run_schema(*schema, std::string(max_pattern_subject_bytes, '1'), nullptr));
    EXPECT_FALSE(run_schema(*schema, std::string(max_pattern_subject_bytes + 1, '1'), nullptr));
    EXPECT_FALSE(run_schema(*schema, std::string(1 << 20, '1'), nullptr));
    // The same for property names (propertyNames) and for a date format.
    auto names = compile_schema(nlohmann::json::parse(R"({"propertyNames": {"pattern": "^(a|b)*$"}})"), {});
    EXPECT_FALSE(run_schema(*names, nlohmann::json{{std::string(1 << 20, 'a'), 1}}, nullptr));
    auto date = compile_schema(nlohmann::json{{"format", "date"}}, {});
    EXPECT_FALSE(run_schema(*date, std::string(1 << 20, '1'), nullptr));
}

TEST(hostile_input, ten_thousand_deep_nesting_is_too_deep_whatever_the_limits) {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    const std::string body = R"({"child": )" + deep + "}";
    EXPECT_TRUE(refused(body).at(0).code == "too_deep");
    EXPECT_TRUE(refused(body, generous_limits()).at(0).code == "too_deep");
}

TEST(hostile_input, hundred_thousand_item_array_is_refused) {
    std::string items;
    for (int i = 0; i < 100000; ++i) items += i ? ",1" : "1";
    const std::string body = R"({"other_children": [)" + items + "]}";
    EXPECT_EQ(refused(body).at(0).code, "too_many_items");
}

TEST(hostile_input, hundred_thousand_item_array_within_raised_limits_yields_bounded_errors) {
    std::string items;
    for (int i = 0; i < 100000; ++i) items += i ? ",1" : "1";
    auto notice = teacher_notice();
    notice["other_children"] = nlohmann::json::parse("[" + items + "]");
    auto errors = refused(notice.dump(), generous_limits());
    EXPECT_TRUE(has_error(errors, "/other_children", "max_items")) << describe(errors).substr(0, 500);
    EXPECT_LE(errors.size(), max_reported_errors);
}

TEST(hostile_input, invalid_utf8_is_refused) {
    EXPECT_EQ(refused("{\"form_language\": \"f\xC3\x28\"}").at(0).code, "invalid_utf8");
}

TEST(hostile_input, duplicate_keys_are_refused) {
    auto errors = refused(R"({"form_language": "fi", "form_language": "sv"})");
    EXPECT_EQ(errors.at(0).code, "duplicate_key");
    EXPECT_EQ(errors.at(0).pointer, "/form_language");
}

TEST(hostile_input, number_out_of_range_is_refused) {
    EXPECT_EQ(refused(R"({"pregnancy_week": 1e400})").at(0).code, "number_out_of_range");
}

TEST(hostile_input, a_body_that_is_not_an_object_is_refused) {
    EXPECT_EQ(refused("[]").at(0).code, "not_an_object");
    EXPECT_EQ(refused("").at(0).code, "invalid_json");
}

TEST(hostile_input, long_keys_are_refused_before_any_pattern_sees_them) {
    auto notice = teacher_notice();
    notice["child"][std::string(max_pattern_subject_bytes + 1, 'k')] = 1;
    auto errors = refused(notice.dump());
    EXPECT_TRUE(has_error(errors, "/child", "key_too_long")) << describe(errors);

    // Deeper down, the pointer names array indices and escapes '/' and '~' in keys.
    auto deep = teacher_notice();
    deep["guardians"] = nlohmann::json::array({nlohmann::json::object(), nlohmann::json::object()});
    deep["guardians"][1]["a/b~c"][std::string(max_pattern_subject_bytes + 1, 'k')] = 1;
    errors = refused(deep.dump());
    EXPECT_TRUE(has_error(errors, "/guardians/1/a~1b~0c", "key_too_long")) << describe(errors);
}

}  // namespace
}  // namespace huoli::forms::testing
