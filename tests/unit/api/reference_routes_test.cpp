#include "api/reference_routes.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "../routing/test_data.hpp"

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

const routing::reference_data& real_data() {
    static const routing::reference_data data = [] {
        auto d = routing::reference_data::load(std::filesystem::path(HUOLI_SOURCE_DIR) / "server/routing/data");
        if (!d) throw std::runtime_error(d.error().detail);
        return std::move(d).value();
    }();
    return data;
}

const routing::municipality_table& real_table() {
    using namespace std::chrono;
    return *real_data().in_force_on(2026y / June / 1);
}

// 12:00 in Helsinki on a fixed day of 2026: the route answers with the table in force that day.
std::chrono::system_clock::time_point in_2026() {
    using namespace std::chrono;
    return sys_days{2026y / June / 1} + hours{9};
}

nlohmann::json municipalities_body(const routing::queue_config& queues) {
    http::router r;
    add_municipality_route(r, real_data(), queues, in_2026);
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
    add_municipality_route(r, real_data(), queues, in_2026);
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

// Across midnight on 1 January, without a restart: the picker gets the new table, under a new ETag,
// so a browser's revalidation with the old one is answered with the new body, not 304.
class municipality_route_dir : public routing::test::scratch_dir {};

TEST_F(municipality_route_dir, answers_with_the_2027_table_from_helsinki_midnight_on_1_january) {
    using namespace std::chrono;
    routing::test::write_data_dir(dir_, routing::test::synthetic_2027_data());
    auto data = routing::reference_data::load(dir_);
    ASSERT_TRUE(data) << data.error().detail;
    const auto queues = routing::queue_config::parse(nlohmann::json::object(), data.value().in_force_from(2026y / December / 31));
    sys_seconds now = sys_days{2026y / December / 31} + hours{21} + minutes{59} + seconds{59};  // 23:59:59 in Helsinki
    http::router r;
    add_municipality_route(r, data.value(), queues, [&now] { return now; });
    http::request req;
    req.method = "GET";
    req.path = "/api/v1/municipalities";
    const auto has_vaala = [](const nlohmann::json& body) {
        for (const auto& m : body["municipalities"]) {
            if (m["code"] == "785") return true;
        }
        return false;
    };

    auto before = r.dispatch_sync(req);
    ASSERT_EQ(before->status, 200);
    const auto old_body = nlohmann::json::parse(before->body);
    EXPECT_EQ(old_body["table"]["name"], "kunta_1_20260101");
    EXPECT_EQ(old_body["table"]["valid_until"], "2026-12-31");
    EXPECT_TRUE(has_vaala(old_body));
    const std::string old_etag(*before->headers.get("ETag"));

    now += seconds{1};  // 00:00:00 on 1.1.2027 in Helsinki
    req.headers.set("If-None-Match", old_etag);
    auto after = r.dispatch_sync(req);
    ASSERT_EQ(after->status, 200);
    const auto new_body = nlohmann::json::parse(after->body);
    EXPECT_EQ(new_body["table"]["name"], "kunta_1_20270101");
    EXPECT_EQ(new_body["table"]["year"], 2027);
    EXPECT_TRUE(new_body["table"]["valid_until"].is_null());
    EXPECT_EQ(new_body["source"], "synthetic test table (not Statistics Finland data)");
    EXPECT_FALSE(has_vaala(new_body));
    EXPECT_NE(std::string(*after->headers.get("ETag")), old_etag);
}

}  // namespace
}  // namespace huoli::api
