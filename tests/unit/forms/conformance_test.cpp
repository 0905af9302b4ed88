// The official JSON-Schema-Test-Suite (draft-07, required cases only) through the same
// valijson configuration the server uses (compile_schema / run_schema). Known gaps of
// valijson 1.0 and deliberate deviations are listed, each with its reason, in
// conformance_skips.json; any other failure fails this test.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>

#include <valijson/schema.hpp>

#include "forms/schema_compiler.hpp"
#include "test_support.hpp"

namespace huoli::forms::testing {
namespace {

const std::filesystem::path suite = "/usr/share/json-schema-test-suite";
constexpr std::string_view remote_base = "http://localhost:1234/";

// Key: "<file>/<group description>/<test description>"; a key without the test part
// skips the whole group.
std::map<std::string, std::string> load_skips() {
    auto doc = nlohmann::json::parse(read_text(source_dir() / "tests/unit/forms/conformance_skips.json"));
    std::map<std::string, std::string> skips;
    for (const auto& s : doc.at("skips")) {
        std::string key = s.at("file").get<std::string>() + "/" + s.at("group").get<std::string>();
        if (s.contains("test")) key += "/" + s.at("test").get<std::string>();
        std::string reason = s.at("reason").get<std::string>();
        EXPECT_FALSE(reason.empty()) << key << " has no reason";
        skips.emplace(key, reason);
    }
    return skips;
}

std::optional<nlohmann::json> fetch_remote(const std::string& uri) {
    if (uri.compare(0, remote_base.size(), remote_base) != 0) return std::nullopt;
    auto path = suite / "remotes" / uri.substr(remote_base.size());
    if (!std::filesystem::exists(path)) return std::nullopt;
    return nlohmann::json::parse(read_text(path));
}

TEST(json_schema_test_suite, draft7_required_cases_pass_except_documented_skips) {
    const auto dir = suite / "tests/draft7";
    if (!std::filesystem::exists(dir)) GTEST_SKIP() << "json-schema-test-suite is not installed";
    const auto skips = load_skips();
    std::set<std::string> skips_used;
    int passed = 0, failed = 0, skipped = 0;

    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        for (const auto& group : nlohmann::json::parse(read_text(file))) {
            const std::string group_key = file.filename().string() + "/" + group.at("description").get<std::string>();
            std::unique_ptr<valijson::Schema> schema;
            std::string compile_error;
            try {
                schema = compile_schema(group.at("schema"), fetch_remote);
            } catch (const std::exception& e) {
                compile_error = e.what();
            }
            for (const auto& test : group.at("tests")) {
                const std::string key = group_key + "/" + test.at("description").get<std::string>();
                auto skip = skips.find(key);
                if (skip == skips.end()) skip = skips.find(group_key);
                if (skip != skips.end()) {
                    ++skipped;
                    skips_used.insert(skip->first);
                    continue;
                }
                bool ok = false;
                if (schema) {
                    try {
                        ok = run_schema(*schema, test.at("data"), nullptr) == test.at("valid").get<bool>();
                    } catch (const std::exception& e) {
                        compile_error = std::string("validation threw: ") + e.what();
                    }
                }
                if (ok) {
                    ++passed;
                } else {
                    ++failed;
                    ADD_FAILURE() << key << (compile_error.empty() ? "" : " (" + compile_error + ")");
                }
            }
        }
    }
    for (const auto& [key, reason] : skips) {
        EXPECT_TRUE(skips_used.count(key)) << "skip entry matches no case: " << key;
    }
    std::cout << "JSON-Schema-Test-Suite draft7 (required): " << passed << " passed, " << failed << " failed, "
              << skipped << " skipped\n";
}

}  // namespace
}  // namespace huoli::forms::testing
