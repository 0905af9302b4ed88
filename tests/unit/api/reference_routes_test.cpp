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

const routing::municipality_table& real_table() {
    static const routing::municipality_table table = [] {
        const std::filesystem::path dir = std::filesystem::path(HUOLI_SOURCE_DIR) / "server/routing/data";
        auto t = routing::municipality_table::load(dir / "kunnat_hyvinvointialueet_2026.csv",
                                                   dir / "hyvinvointialueet_2025.csv");
        if (!t) throw std::runtime_error(t.error().detail);
        return std::move(t).value();
    }();
    return table;
}

nlohmann::json municipalities_body(const routing::queue_config& queues) {
    http::router r;
    add_municipality_route(r, real_table(), queues);
    http::request req;
    req.method = "GET";
    req.path = "/api/v1/municipalities";
    auto res = r.dispatch_sync(req);
    if (!res || res->status != 200) throw std::runtime_error("GET /api/v1/municipalities failed");
    return nlohmann::json::parse(res->body);
}

const nlohmann::json& organisation_in(const nlohmann::json& body, const std::string& id) {
    for (const auto& o : body["organisations"]) {
        if (o["id"] == id) return o;
    }
    throw std::runtime_error("no organisation " + id);
}

TEST(municipality_route, says_every_mainland_organisation_is_served_by_default) {
    const auto body = municipalities_body(routing::queue_config::parse(nlohmann::json::object(), real_table()));
    for (const auto& o : body["organisations"]) {
        EXPECT_EQ(o["served"], !o["aland"].get<bool>()) << o["id"];
        EXPECT_FALSE(o.contains("notices_go")) << o["id"];
    }
}

TEST(municipality_route, tells_the_forms_which_organisations_are_not_served_and_where_their_notices_go) {
    const auto queues = routing::queue_config::parse(nlohmann::json::parse(R"({
        "served": ["kainuu"],
        "elsewhere": {"lapland": {"text": {"fi": "Lapin lomake", "sv": "Lapplands blankett", "en": "Lapland's form"},
                                  "url": "https://lapha.example/ilmoitus"}}})"), real_table());
    const auto body = municipalities_body(queues);
    EXPECT_EQ(organisation_in(body, "kainuu")["served"], true);
    EXPECT_FALSE(organisation_in(body, "kainuu").contains("notices_go"));
    const auto& lapland = organisation_in(body, "lapland");
    EXPECT_EQ(lapland["served"], false);
    EXPECT_EQ(lapland["notices_go"]["text"]["sv"], "Lapplands blankett");
    EXPECT_EQ(lapland["notices_go"]["url"], "https://lapha.example/ilmoitus");
    EXPECT_EQ(organisation_in(body, "helsinki")["served"], false);
    EXPECT_FALSE(organisation_in(body, "helsinki").contains("notices_go"));
}

TEST(municipality_route, lists_all_municipalities_with_their_organisation_and_supports_304) {
    http::router r;
    const auto queues = routing::queue_config::parse(nlohmann::json::object(), real_table());
    add_municipality_route(r, real_table(), queues);
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
