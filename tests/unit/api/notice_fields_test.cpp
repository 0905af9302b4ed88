#include "api/notice_fields.hpp"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace huoli::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json example(const std::string& form, const std::string& file) {
    std::ifstream in(fs::path(HUOLI_SOURCE_DIR) / "schema/examples" / form / file);
    return json::parse(in);
}

// The pointers in notice_fields.cpp must follow the schemas: every valid example names at least
// one municipality the router can use.
TEST(notice_fields, every_valid_example_yields_a_routing_input) {
    for (const char* form : {"child-welfare-notification", "anticipatory-notification", "contact-request"}) {
        int seen = 0;
        for (const auto& entry : fs::directory_iterator(fs::path(HUOLI_SOURCE_DIR) / "schema/examples" / form)) {
            const auto name = entry.path().filename().string();
            if (name.rfind("valid-", 0) != 0) continue;
            ++seen;
            auto in = routing_inputs_of(form, example(form, name));
            EXPECT_TRUE(in.home_municipality || in.residence_municipality || in.whereabouts_municipality ||
                        in.notifier_workplace_municipality)
                << form << "/" << name;
        }
        EXPECT_GE(seen, 4) << form;
    }
}

TEST(notice_fields, each_other_child_the_concern_is_about_is_a_case_routed_by_its_own_municipalities) {
    const json doc = example("child-welfare-notification", "valid-teacher-kajaani-siblings.json");
    const auto cases = other_child_cases_of("child-welfare-notification", doc);
    ASSERT_EQ(cases.size(), 2u);  // Ville is listed without the concern
    EXPECT_EQ(cases[0].pointer, "/other_children/0");
    EXPECT_FALSE(cases[0].inputs);  // no municipality of her own: goes with the notified child
    EXPECT_EQ(cases[1].pointer, "/other_children/1");
    ASSERT_TRUE(cases[1].inputs);
    EXPECT_EQ(cases[1].inputs->home_municipality, "091");
    EXPECT_FALSE(cases[1].inputs->notifier_workplace_municipality);  // the notifier's workplace is the first child's
    EXPECT_EQ(cases[1].inputs->form, "child-welfare-notification");
}

TEST(notice_fields, only_a_child_welfare_notification_is_split) {
    json doc = example("child-welfare-notification", "valid-teacher-kajaani-siblings.json");
    EXPECT_TRUE(other_child_cases_of("anticipatory-notification", doc).empty());
    doc["other_children"] = json::array({{{"first_names", "A"}, {"same_concern", "yes"}}});
    EXPECT_TRUE(other_child_cases_of("child-welfare-notification", doc).empty());
}

TEST(notice_fields, reads_the_subject_of_each_form) {
    json cwn = {{"child", {{"home_municipality", "205"}, {"residence_municipality", "091"}}},
                {"notifier", {{"workplace_municipality", "049"}}}};
    auto a = routing_inputs_of("child-welfare-notification", cwn);
    EXPECT_EQ(a.home_municipality, "205");
    EXPECT_EQ(a.residence_municipality, "091");
    EXPECT_EQ(a.notifier_workplace_municipality, "049");

    json ant = {{"expectant_parent", {{"home_municipality", "905"}}}};
    EXPECT_EQ(routing_inputs_of("anticipatory-notification", ant).home_municipality, "905");

    json adult = {{"person", {{"kind", "adult"}, {"whereabouts_municipality", "698"}}}};
    auto c = routing_inputs_of("contact-request", adult);
    EXPECT_FALSE(c.subject_is_child);
    EXPECT_EQ(c.whereabouts_municipality, "698");
}

TEST(notice_fields, a_field_that_is_empty_not_text_or_under_a_non_object_is_not_given) {
    json odd = {{"child", {{"home_municipality", ""}, {"residence_municipality", 91}}},
                {"notifier", "not an object"}};
    auto in = routing_inputs_of("child-welfare-notification", odd);
    EXPECT_FALSE(in.home_municipality);
    EXPECT_FALSE(in.residence_municipality);
    EXPECT_FALSE(in.notifier_workplace_municipality);
    EXPECT_FALSE(routing_inputs_of("child-welfare-notification", json::array()).home_municipality);
    EXPECT_TRUE(data_subjects_of("child-welfare-notification", {{"child", "x"}}).empty());
}

TEST(notice_fields, statutory_clock_only_for_children_already_born) {
    EXPECT_TRUE(starts_statutory_clock("child-welfare-notification", json::object()));
    EXPECT_FALSE(starts_statutory_clock("anticipatory-notification", json::object()));
    EXPECT_TRUE(starts_statutory_clock("contact-request", {{"person", {{"kind", "child"}}}}));
    EXPECT_FALSE(starts_statutory_clock("contact-request", {{"person", {{"kind", "adult"}}}}));
}

TEST(notice_fields, urgency_from_assessment_or_immediate_danger) {
    EXPECT_TRUE(is_urgent({{"urgency", {{"assessment", "urgent"}}}}));
    EXPECT_TRUE(is_urgent({{"urgency", {{"immediate_danger", true}, {"assessment", "not_urgent"}}}}));
    EXPECT_FALSE(is_urgent({{"urgency", {{"immediate_danger", false}, {"assessment", "not_urgent"}}}}));
    EXPECT_FALSE(is_urgent(json::object()));
}

TEST(notice_fields, data_subjects_are_identity_codes_only) {
    json doc = {{"child", {{"personal_identity_code", "010115A947V"}, {"first_names", "Aino"}}},
                {"guardians", {{{"personal_identity_code", "131052-308T"}}, {{"last_name", "Virtanen"}}}}};
    EXPECT_EQ(data_subjects_of("child-welfare-notification", doc),
              (std::vector<std::string>{"010115A947V", "131052-308T"}));
}

TEST(notice_fields, a_valid_identity_code_typed_into_free_text_is_a_data_subject_once) {
    json doc = {{"child", {{"personal_identity_code", "140315A915U"}}},
                {"reasons", {{"description", "Isoveli 150912A456R ja lapsi 140315A915U ovat kotona yksin; "
                                             "puh. 040-1234567, viite 150912A456RX, väärä 150912A456S."}}},
                {"child_whereabouts", "at 131052-308T's flat"}};
    EXPECT_EQ(data_subjects_of("child-welfare-notification", doc),
              (std::vector<std::string>{"140315A915U", "131052-308T", "150912A456R"}));  // in key order
}

TEST(notice_fields, legal_basis_names_the_section) {
    EXPECT_EQ(legal_basis_of("child-welfare-notification", json::object()), "LSL 25 §");
    EXPECT_EQ(legal_basis_of("anticipatory-notification", json::object()), "LSL 25 c §");
    EXPECT_EQ(legal_basis_of("contact-request", {{"contact_type", "with_consent"}}), "SHL 35 §");
    EXPECT_EQ(legal_basis_of("contact-request", {{"contact_type", "joint_lsl_25a"}}), "LSL 25 a §; SHL 35 §");
}

}  // namespace
}  // namespace huoli::api
