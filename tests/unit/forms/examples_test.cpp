// Every example document in schema/examples passes or fails exactly as
// schema/examples/expectations.json says: the expected pointer and code are among the
// errors, and valid examples yield none.
#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.hpp"

namespace huoli::forms::testing {
namespace {

std::vector<std::string> example_names() {
    std::vector<std::string> names;
    for (const auto& form_dir : std::filesystem::directory_iterator(source_dir() / "schema/examples")) {
        if (!form_dir.is_directory()) continue;
        for (const auto& file : std::filesystem::directory_iterator(form_dir.path())) {
            names.push_back(form_dir.path().filename().string() + "/" + file.path().filename().string());
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

const nlohmann::json& expectations() {
    static const nlohmann::json e =
        nlohmann::json::parse(read_text(source_dir() / "schema/examples/expectations.json")).at("examples");
    return e;
}

class example_document : public ::testing::TestWithParam<std::string> {};

TEST_P(example_document, validates_as_expectations_json_says) {
    const std::string& name = GetParam();
    ASSERT_TRUE(expectations().contains(name)) << name << " has no entry in expectations.json";
    const auto& expected = expectations().at(name);
    const std::string form_id = name.substr(0, name.find('/'));
    auto outcome = shared_validator().validate(form_id, read_text(source_dir() / "schema/examples" / name), context());
    if (expected.at("valid").get<bool>()) {
        EXPECT_TRUE(outcome.ok()) << name << " was refused:\n" << (outcome ? "" : describe(outcome.error()));
        return;
    }
    ASSERT_FALSE(outcome.ok()) << name << " was accepted";
    const auto pointer = expected.at("pointer").get<std::string>();
    const auto code = expected.at("code").get<std::string>();
    EXPECT_TRUE(has_error(outcome.error(), pointer, code))
        << name << ": expected " << pointer << " " << code << ", got\n" << describe(outcome.error());
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
    std::string n = info.param;
    for (char& c : n) {
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    return n;
}

INSTANTIATE_TEST_SUITE_P(schema_examples, example_document, ::testing::ValuesIn(example_names()), test_name);

TEST(example_expectations, every_expectation_names_an_existing_example) {
    auto names = example_names();
    for (const auto& [name, expected] : expectations().items()) {
        EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    }
    EXPECT_GE(names.size(), 3u);
}

}  // namespace
}  // namespace huoli::forms::testing
