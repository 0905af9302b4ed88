// The server's half of the shared routing cases (tests/shared/routing_cases.json): a form's fields
// through routing_inputs_of, route() and pointer_of_rule, as submission_routes.cpp uses them. The
// forms' picker runs the same file in tests/browser/forms.test.mjs.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/notice_fields.hpp"
#include "routing/queue_config.hpp"
#include "routing/reference_data.hpp"
#include "routing/route.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

const routing::municipality_table& table_of_2026() {
    static const routing::reference_data data = [] {
        auto d = routing::reference_data::load(std::filesystem::path(HUOLI_SOURCE_DIR) / "server/routing/data");
        if (!d) throw std::runtime_error(d.error().detail);
        return std::move(d).value();
    }();
    using namespace std::chrono;
    return *data.in_force_on(2026y / June / 1);
}

json cases() {
    std::ifstream in(std::filesystem::path(HUOLI_SOURCE_DIR) / "tests/shared/routing_cases.json");
    return json::parse(in).at("cases");
}

TEST(routing_cases, the_server_routes_every_shared_case_as_the_table_says) {
    const auto queues = routing::queue_config::parse(json::object(), table_of_2026());
    const json all = cases();
    ASSERT_GE(all.size(), 10u);
    for (const auto& c : all) {
        SCOPED_TRACE(c.at("name").get<std::string>());
        const std::string form = c.at("form");
        const json& expect = c.at("expect");
        auto r = routing::route(routing_inputs_of(form, c.at("doc")), table_of_2026(), queues);
        std::string rule, organisation;
        if (expect.contains("refused")) {
            ASSERT_FALSE(r);
            EXPECT_EQ(r.error().code, expect.at("refused").get<std::string>());
            rule = r.error().rule;
            organisation = r.error().organisation_id;
        } else {
            ASSERT_TRUE(r) << r.error().code;
            rule = r.value().rule;
            organisation = r.value().organisation_id;
        }
        EXPECT_EQ(rule, expect.at("rule").get<std::string>());
        EXPECT_EQ(organisation, expect.at("organisation").get<std::string>());
        // With no municipality known no field decided; a refusal would point at the home
        // municipality (submission_routes.cpp), but LSL 17 § never refuses with the official table.
        const json pointer = rule == "lsl17_helsinki" ? json(nullptr) : json(pointer_of_rule(form, rule));
        EXPECT_EQ(pointer, expect.at("pointer"));
    }
}

}  // namespace
}  // namespace huoli::api
