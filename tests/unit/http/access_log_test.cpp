#include "http/access_log.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace huoli::http {
namespace {

TEST(access_log, line_has_the_documented_fields_only) {
    access_entry e;
    e.time = std::chrono::system_clock::time_point(std::chrono::milliseconds(1764000000123));
    e.listener = "internal";
    e.method = "POST";
    e.route = "/api/v1/items/{id}/ack";
    e.status = 200;
    e.duration_ms = 1.5;
    e.bytes = 42;
    e.principal = "kainuu-intake";
    auto j = nlohmann::json::parse(format_access_log(e));
    EXPECT_EQ(j["time"], "2025-11-24T16:00:00.123Z");
    EXPECT_EQ(j["route"], "/api/v1/items/{id}/ack");
    EXPECT_EQ(j["principal"], "kainuu-intake");
    EXPECT_EQ(j.size(), 8u);
}

TEST(access_log, public_requests_have_null_principal) {
    access_entry e;
    e.method = "GET";
    e.route = "/healthz";
    auto j = nlohmann::json::parse(format_access_log(e));
    EXPECT_TRUE(j["principal"].is_null());
}

}  // namespace
}  // namespace huoli::http
