#include "api/reference_routes.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace huoli::api {
namespace {

TEST(pick_language, honours_order_and_q_values) {
    EXPECT_EQ(pick_language(""), "fi");
    EXPECT_EQ(pick_language("sv-FI,sv;q=0.9,en;q=0.5"), "sv");
    EXPECT_EQ(pick_language("de-DE,en;q=0.8,fi;q=0.9"), "fi");
    EXPECT_EQ(pick_language("en-GB"), "en");
    EXPECT_EQ(pick_language("de, fr"), "fi");
    EXPECT_EQ(pick_language("svenska"), "fi");  // not a language tag we serve
}

TEST(municipality_route, lists_all_municipalities_with_their_organisation_and_supports_304) {
    const std::filesystem::path dir = std::filesystem::path(HUOLI_SOURCE_DIR) / "server/routing/data";
    auto table = routing::municipality_table::load(dir / "kunnat_hyvinvointialueet_2026.csv",
                                                   dir / "hyvinvointialueet_2025.csv");
    ASSERT_TRUE(table);
    http::router r;
    add_municipality_route(r, table.value());
    http::request req;
    req.method = "GET";
    req.path = "/api/v1/municipalities";
    auto res = r.dispatch_sync(req);
    ASSERT_EQ(res->status, 200);
    auto body = nlohmann::json::parse(res->body);
    EXPECT_EQ(body["municipalities"].size(), 308u);
    bool kajaani = false;
    for (const auto& m : body["municipalities"]) {
        if (m["code"] == "205") {
            kajaani = true;
            EXPECT_EQ(m["organisation"], "kainuu");
            EXPECT_EQ(m["name"]["sv"], "Kajana");
        }
    }
    EXPECT_TRUE(kajaani);
    req.headers.set("If-None-Match", std::string(*res->headers.get("ETag")));
    EXPECT_EQ(r.dispatch_sync(req)->status, 304);
}

}  // namespace
}  // namespace huoli::api
