// The pure half of a submission (api/submission_prep.hpp), on the official data and the schema
// examples: what would be stored, without a store, a server or a clock.
#include "api/submission_prep.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

#include "json/canonical.hpp"
#include "json/digest.hpp"
#include "routing/reference_data.hpp"

namespace huoli::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono;

const routing::reference_data& data() {
    static const routing::reference_data d = [] {
        auto loaded = routing::reference_data::load(fs::path(HUOLI_SOURCE_DIR) / "server/routing/data");
        if (!loaded) throw std::runtime_error(loaded.error().detail);
        return std::move(loaded).value();
    }();
    return d;
}

// Thursday 4.6.2026 12:00 in Helsinki (UTC+3): seven working days later is Monday 15.6.2026.
const system_clock::time_point received = sys_days{2026y / June / 4} + 9h;

const routing::municipality_table& table() { return *data().in_force_on(2026y / June / 4); }
const routing::queue_config& queues() {
    static const auto q = routing::queue_config::parse(json::object(), table());
    return q;
}

forms::validated_notice example(const std::string& form, const std::string& file) {
    std::ifstream in(fs::path(HUOLI_SOURCE_DIR) / "schema/examples" / form / file);
    return {json::parse(in), {}};
}

result<prepared_submission, routing_refusal> prepare(const std::string& form, const forms::validated_notice& v) {
    static const std::string schema_sha256(64, 'a');
    return prepare_submission({form, schema_sha256, v, received, table(), queues()});
}

TEST(submission_prep, a_notice_about_one_child_is_routed_dated_and_canonical) {
    const auto v = example("child-welfare-notification", "valid-teacher-kajaani.json");
    auto p = prepare("child-welfare-notification", v);
    ASSERT_TRUE(p) << p.error().error.code;
    const store::new_notice& n = p.value().notice;
    EXPECT_EQ(n.organisation_id, "kainuu");
    EXPECT_EQ(n.queue_id, "kainuu-children");
    EXPECT_EQ(n.received_at, "2026-06-04T09:00:00.000Z");
    EXPECT_EQ(n.decision_due, "2026-06-15");  // LSL 26 §: the 7th working day
    EXPECT_EQ(n.payload, huoli::json::canonical(v.document));
    EXPECT_EQ(n.payload_sha256, huoli::json::sha256_hex(n.payload));
    EXPECT_EQ(n.routing.rule, "home");
    EXPECT_EQ(n.routing.table_sha256, table().content_hash());
    EXPECT_EQ(n.audit.legal_basis, "LSL 25 §");
    EXPECT_EQ(n.audit.data_subjects, json::array({"140315A915U"}));
    EXPECT_TRUE(n.linked_cases.empty());
    EXPECT_FALSE(n.idempotency_key);
    EXPECT_EQ(p.value().queues, std::vector<std::string>{"kainuu-children"});
    EXPECT_EQ(p.value().receipt.recipient["id"], "kainuu");
    EXPECT_EQ(p.value().receipt.recipient["name"]["fi"], "Kainuun hyvinvointialue");
}

TEST(submission_prep, each_other_child_the_concern_is_about_is_a_linked_case_in_its_own_county) {
    auto p = prepare("child-welfare-notification", example("child-welfare-notification", "valid-teacher-kajaani-siblings.json"));
    ASSERT_TRUE(p) << p.error().error.code;
    const auto& cases = p.value().notice.linked_cases;
    ASSERT_EQ(cases.size(), 2u);
    EXPECT_EQ(cases[0].child_pointer, "/other_children/0");
    EXPECT_TRUE(cases[0].routed_with_main);
    EXPECT_EQ(cases[0].queue_id, "kainuu-children");
    EXPECT_EQ(cases[0].routing.explanation["with_main_child"], true);
    EXPECT_EQ(cases[1].child_pointer, "/other_children/1");
    EXPECT_FALSE(cases[1].routed_with_main);
    EXPECT_EQ(cases[1].organisation_id, "helsinki");
    EXPECT_EQ((std::vector<std::string>{"kainuu-children", "helsinki-children"}), p.value().queues);
    EXPECT_EQ(p.value().receipt.other_children.size(), 2u);

    store::stored_identity id{"n-1", "ABCD-EFGH-JK", 7, {"n-2", "n-3"}};
    const json body = json::parse(created_body(p.value().receipt, id));
    EXPECT_EQ(body["receipt"], "ABCD-EFGH-JK");
    EXPECT_EQ(body["audit"]["leaf_index"], 6);
    EXPECT_EQ(body["other_children"][1]["id"], "n-3");
    EXPECT_EQ(body["other_children"][1]["recipient"]["id"], "helsinki");
}

TEST(submission_prep, a_refusal_points_at_the_field_of_the_child_that_decided_it) {
    auto v = example("child-welfare-notification", "valid-teacher-kajaani-siblings.json");
    v.document["other_children"][1]["residence_municipality"] = "478";  // Mariehamn
    auto p = prepare("child-welfare-notification", v);
    ASSERT_FALSE(p);
    EXPECT_EQ(p.error().error.code, routing::routing_errors::aland_outside_counties);
    EXPECT_EQ(p.error().pointer, "/other_children/1/residence_municipality");
    EXPECT_TRUE(p.error().notifier_can_act());

    auto main = example("child-welfare-notification", "valid-teacher-kajaani.json");
    main.document["child"]["home_municipality"] = "478";
    auto q = prepare("child-welfare-notification", main);
    ASSERT_FALSE(q);
    EXPECT_EQ(q.error().pointer, "/child/home_municipality");
}

TEST(submission_prep, no_clock_for_an_unborn_child) {
    auto p = prepare("anticipatory-notification", example("anticipatory-notification", "valid-social-worker-kajaani.json"));
    ASSERT_TRUE(p) << p.error().error.code;
    EXPECT_FALSE(p.value().notice.decision_due);  // LSL 25 c § 3 mom: pending only after the birth
    EXPECT_FALSE(p.value().receipt.decision_due);
    EXPECT_EQ(p.value().notice.audit.legal_basis, "LSL 25 c §");
    EXPECT_TRUE(p.value().notice.linked_cases.empty());
}

}  // namespace
}  // namespace huoli::api
