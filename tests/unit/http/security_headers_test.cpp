#include "http/security_headers.hpp"

#include <gtest/gtest.h>

#include "http/problem.hpp"

namespace huoli::http {
namespace {

TEST(security_headers, api_responses_are_never_stored) {
    auto r = not_found();
    apply_security_headers(r);
    EXPECT_EQ(*r.headers.get("Cache-Control"), "no-store");
    EXPECT_EQ(*r.headers.get("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(*r.headers.get("Referrer-Policy"), "no-referrer");
    EXPECT_NE(r.headers.get("Strict-Transport-Security")->find("max-age="), std::string_view::npos);
}

TEST(security_headers, csp_forbids_inline_code_and_framing) {
    response r;
    apply_security_headers(r);
    auto csp = std::string(*r.headers.get("Content-Security-Policy"));
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
}

TEST(security_headers, static_assets_revalidate_instead_of_no_store) {
    response r;
    r.cacheable = true;
    apply_security_headers(r);
    EXPECT_EQ(*r.headers.get("Cache-Control"), "no-cache");
}

TEST(problem, carries_type_status_and_three_languages) {
    auto r = too_many_requests(7);
    EXPECT_EQ(r.status, 429);
    EXPECT_EQ(*r.headers.get("Retry-After"), "7");
    auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["type"], "urn:huoli:problem:rate_limited");
    EXPECT_EQ(j["status"], 429);
    EXPECT_FALSE(j["message"]["fi"].get<std::string>().empty());
    EXPECT_FALSE(j["message"]["sv"].get<std::string>().empty());
    EXPECT_FALSE(j["message"]["en"].get<std::string>().empty());
}

}  // namespace
}  // namespace huoli::http
