#include "routing/route.hpp"

#include <gtest/gtest.h>

#include "test_data.hpp"

namespace huoli::routing {
namespace {

using test::real_table;

const queue_config& default_queues() {
    static const queue_config cfg = queue_config::parse(nlohmann::json::object(), real_table());
    return cfg;
}

routing_inputs notification(std::optional<std::string> home) {
    routing_inputs in;
    in.form = "child-welfare-notification";
    in.home_municipality = std::move(home);
    return in;
}

routing_decision routed(const routing_inputs& in, const queue_config& cfg = default_queues()) {
    auto r = route(in, real_table(), cfg);
    if (!r) ADD_FAILURE() << r.error().code << ": " << r.error().detail;
    return r ? r.value() : routing_decision{};
}

TEST(route, sends_kajaani_to_kainuu) {
    const auto d = routed(notification("205"));
    EXPECT_EQ(d.rule, "home");
    EXPECT_EQ(d.municipality_code, "205");
    EXPECT_EQ(d.organisation_id, "kainuu");
    EXPECT_EQ(d.queue_id, "kainuu-children");
}

TEST(route, sends_helsinki_to_the_city_of_helsinki) {
    EXPECT_EQ(routed(notification("091")).organisation_id, "helsinki");
}

TEST(route, sends_vaasa_to_ostrobothnia) {
    EXPECT_EQ(routed(notification("905")).organisation_id, "ostrobothnia");
}

TEST(route, sends_espoo_to_west_uusimaa) {
    EXPECT_EQ(routed(notification("049")).queue_id, "west-uusimaa-children");
}

TEST(route, refuses_mariehamn_while_aland_has_no_queue) {
    auto r = route(notification("478"), real_table(), default_queues());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "aland_outside_counties");
}

TEST(route, sends_mariehamn_to_aland_when_enabled) {
    const queue_config cfg = queue_config::parse(nlohmann::json::parse(R"({"aland": {"enabled": true}})"), real_table());
    EXPECT_EQ(routed(notification("478"), cfg).queue_id, "aland-children");
}

TEST(route, refuses_an_organisation_that_is_not_served_naming_it_and_the_deciding_rule) {
    const queue_config only_kainuu = queue_config::parse(nlohmann::json::parse(R"({"served": ["kainuu"]})"), real_table());
    EXPECT_EQ(routed(notification("205"), only_kainuu).queue_id, "kainuu-children");
    routing_inputs in = notification("205");  // home Kajaani, lives in Rovaniemi: Lapland decides
    in.residence_municipality = "698";
    auto r = route(in, real_table(), only_kainuu);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, routing_errors::organisation_not_served);
    EXPECT_EQ(r.error().organisation_id, "lapland");
    EXPECT_EQ(r.error().rule, "residence");
    EXPECT_EQ(r.error().detail.find("698"), std::string::npos);  // the field's value is the notice's, not the log's
}

TEST(route, refuses_the_lsl_17_fallback_when_helsinki_is_not_served) {
    const queue_config only_kainuu = queue_config::parse(nlohmann::json::parse(R"({"served": ["kainuu"]})"), real_table());
    auto r = route(notification(std::nullopt), real_table(), only_kainuu);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, routing_errors::organisation_not_served);
    EXPECT_EQ(r.error().organisation_id, "helsinki");
    EXPECT_EQ(r.error().rule, "lsl17_helsinki");
}

TEST(route, still_refuses_aland_as_aland_when_only_some_organisations_are_served) {
    const queue_config only_kainuu = queue_config::parse(nlohmann::json::parse(R"({"served": ["kainuu"]})"), real_table());
    auto r = route(notification("478"), real_table(), only_kainuu);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, routing_errors::aland_outside_counties);
    EXPECT_EQ(r.error().organisation_id, "aland");
    EXPECT_EQ(r.error().rule, "home");
}

TEST(route, sends_abolished_pertunmaa_to_mantyharjus_county_and_says_so) {
    const auto d = routed(notification("588"));
    EXPECT_EQ(d.municipality_code, "507");
    EXPECT_EQ(d.organisation_id, "south-savo");
    EXPECT_EQ(d.explanation.at("mapped_from"), "588");
    EXPECT_FALSE(routed(notification("507")).explanation.contains("mapped_from"));
}

TEST(route, prefers_the_residence_when_the_child_lives_outside_the_home_municipality) {
    routing_inputs in = notification("205");  // home Kajaani
    in.residence_municipality = "091";        // lives in Helsinki
    in.whereabouts_municipality = "049";
    const auto d = routed(in);
    EXPECT_EQ(d.rule, "residence");
    EXPECT_EQ(d.organisation_id, "helsinki");
    EXPECT_EQ(d.explanation.at("inputs_used"), nlohmann::json({"residence_municipality", "home_municipality"}));
}

TEST(route, uses_the_home_municipality_when_residence_is_the_same) {
    routing_inputs in = notification("205");
    in.residence_municipality = "205";
    EXPECT_EQ(routed(in).rule, "home");
    in.home_municipality = "507";
    in.residence_municipality = "588";  // the same municipality under its abolished code
    EXPECT_EQ(routed(in).rule, "home");
}

TEST(route, uses_a_residence_given_without_a_home_municipality) {
    routing_inputs in = notification(std::nullopt);
    in.residence_municipality = "905";
    const auto d = routed(in);
    EXPECT_EQ(d.rule, "residence");
    EXPECT_EQ(d.organisation_id, "ostrobothnia");
}

TEST(route, falls_back_to_whereabouts_then_to_the_notifiers_workplace) {
    routing_inputs in = notification(std::nullopt);
    in.whereabouts_municipality = "698";
    in.notifier_workplace_municipality = "049";
    auto d = routed(in);
    EXPECT_EQ(d.rule, "whereabouts");
    EXPECT_EQ(d.organisation_id, "lapland");
    EXPECT_EQ(d.explanation.at("inputs_used"), nlohmann::json({"whereabouts_municipality"}));

    in.whereabouts_municipality.reset();
    d = routed(in);
    EXPECT_EQ(d.rule, "notifier_workplace");
    EXPECT_EQ(d.organisation_id, "west-uusimaa");
}

TEST(route, treats_an_empty_code_as_not_given) {
    routing_inputs in = notification("");
    in.notifier_workplace_municipality = "205";
    EXPECT_EQ(routed(in).rule, "notifier_workplace");
}

TEST(route, without_any_municipality_lsl_17_ends_at_the_city_of_helsinki) {
    auto r = route(notification(std::nullopt), real_table(), default_queues());
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(r.value().rule, "lsl17_helsinki");
    EXPECT_EQ(r.value().organisation_id, "helsinki");
    EXPECT_EQ(r.value().queue_id, "helsinki-children");
    EXPECT_EQ(r.value().municipality_code, "091");
    EXPECT_EQ(r.value().explanation["inputs_used"], nlohmann::json::array());
    EXPECT_FALSE(r.value().explanation.contains("mapped_from"));
    // An adult's contact request takes the same last resort, to the adults' queue.
    routing_inputs adult = notification(std::nullopt);
    adult.form = "contact-request";
    adult.subject_is_child = false;
    auto a = route(adult, real_table(), default_queues());
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a.value().queue_id, "helsinki-adults");
}

TEST(route, names_the_field_with_an_unknown_code_but_not_the_code) {
    routing_inputs in = notification("205");
    in.whereabouts_municipality = "999";  // checked although home decides
    auto r = route(in, real_table(), default_queues());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, "municipality_unknown");
    EXPECT_NE(r.error().detail.find("whereabouts_municipality"), std::string::npos);
    EXPECT_EQ(r.error().detail.find("999"), std::string::npos);
}

TEST(route, refuses_an_unknown_form) {
    routing_inputs in = notification("205");
    in.form = "letter";
    EXPECT_EQ(route(in, real_table(), default_queues()).error().code, "form_unknown");
}

TEST(route, sends_contact_requests_about_adults_to_the_adults_queue) {
    routing_inputs in = notification("205");
    in.form = "contact-request";
    in.subject_is_child = false;
    EXPECT_EQ(routed(in).queue_id, "kainuu-adults");
    in.subject_is_child = true;
    EXPECT_EQ(routed(in).queue_id, "kainuu-children");
}

TEST(route, sends_anticipatory_notifications_to_the_childrens_queue) {
    routing_inputs in = notification("205");
    in.form = "anticipatory-notification";
    in.subject_is_child = false;  // the expectant parent; the notice is still about the unborn child
    EXPECT_EQ(routed(in).queue_id, "kainuu-children");
}

TEST(route, follows_a_split_queue_configuration) {
    const queue_config cfg = queue_config::parse(nlohmann::json::parse(R"({"organisations": {"lapland": {"queues": [
        {"id": "lapland-north-children", "municipalities": ["698", "732"], "subject": "child"},
        {"id": "lapland-children", "subject": "child"},
        {"id": "lapland-adults", "subject": "adult"}]}}})"),
                                                 real_table());
    EXPECT_EQ(routed(notification("698"), cfg).queue_id, "lapland-north-children");
    EXPECT_EQ(routed(notification("240"), cfg).queue_id, "lapland-children");
    EXPECT_EQ(routed(notification("205"), cfg).queue_id, "kainuu-children");
}

TEST(route, explains_itself_with_the_hashes_of_table_and_configuration) {
    const auto d = routed(notification("205"));
    EXPECT_EQ(d.explanation.at("rule"), "home");
    EXPECT_EQ(d.explanation.at("municipality_code"), "205");
    EXPECT_EQ(d.explanation.at("organisation_id"), "kainuu");
    EXPECT_EQ(d.explanation.at("queue_id"), "kainuu-children");
    EXPECT_EQ(d.explanation.at("table_hash"), real_table().content_hash());
    EXPECT_EQ(d.explanation.at("config_hash"), default_queues().config_hash());
}

}  // namespace
}  // namespace huoli::routing
