// The "operator" section: who runs this instance, as the privacy notice and the accessibility
// statement name it (forms/*/privacy.html).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/config.hpp"

namespace huoli::config {
namespace {

using nlohmann::json;

json with_operator(const json& op) {
    auto doc = json::parse(R"({
      "listeners": {
        "public": {"certificate": "s.pem", "private_key": "s.key"},
        "internal": {"certificate": "s.pem", "private_key": "s.key", "client_ca": "ca.pem"}
      }
    })");
    doc["operator"] = op;
    return doc;
}

json full_operator() {
    return json::parse(R"({
      "name": {"fi": "Kainuun hyvinvointialue", "sv": "Kajanalands välfärdsområde", "en": "Kainuu Wellbeing Services County"},
      "address": "PL 400, 87070 Kainuu",
      "email": "kirjaamo@example.fi",
      "dpo_email": "tietosuoja@example.fi",
      "feedback_email": "palaute@example.fi"
    })");
}

std::string error_of(const json& doc) {
    try {
        parse_config(doc, "/etc/huoli", "/src");
    } catch (const config_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(operator_config, is_absent_unless_configured) {
    auto doc = with_operator(full_operator());
    doc.erase("operator");
    EXPECT_FALSE(parse_config(doc, "/etc/huoli", "/src").service_operator);
}

TEST(operator_config, names_are_read_per_language_and_a_plain_string_serves_all_three) {
    const auto c = parse_config(with_operator(full_operator()), "/etc/huoli", "/src");
    ASSERT_TRUE(c.service_operator);
    const auto& op = *c.service_operator;
    EXPECT_EQ(op.name.in("fi"), "Kainuun hyvinvointialue");
    EXPECT_EQ(op.name.in("sv"), "Kajanalands välfärdsområde");
    EXPECT_EQ(op.name.in("en"), "Kainuu Wellbeing Services County");
    EXPECT_EQ(op.address.in("fi"), "PL 400, 87070 Kainuu");
    EXPECT_EQ(op.address.in("sv"), "PL 400, 87070 Kainuu");
    EXPECT_EQ(op.address.in("en"), "PL 400, 87070 Kainuu");
    EXPECT_EQ(op.email, "kirjaamo@example.fi");
    EXPECT_EQ(op.dpo_email, "tietosuoja@example.fi");
    EXPECT_EQ(op.feedback_email, "palaute@example.fi");
}

TEST(operator_config, every_key_is_required_and_a_missing_one_is_named) {
    for (const char* key : {"name", "address", "email", "dpo_email", "feedback_email"}) {
        auto op = full_operator();
        op.erase(key);
        EXPECT_EQ(error_of(with_operator(op)), std::string("configuration: /operator/") + key + ": is required") << key;
    }
}

TEST(operator_config, a_localized_text_needs_all_three_languages_and_nothing_else) {
    auto op = full_operator();
    op["name"].erase("sv");
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/name/sv: is required");
    op = full_operator();
    op["name"]["de"] = "Kainuu";
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/name/de: unknown key");
    op = full_operator();
    op["name"]["en"] = "";
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/name/en: must be a non-empty string");
    op = full_operator();
    op["address"] = 87070;
    EXPECT_EQ(error_of(with_operator(op)),
              "configuration: /operator/address: must be a non-empty string or an object with fi, sv and en");
}

TEST(operator_config, texts_are_single_lines_of_bounded_length) {
    auto op = full_operator();
    op["address"] = "PL 400\n87070 Kainuu";
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/address: must be one line of at most 300 bytes");
    op = full_operator();
    op["name"]["fi"] = std::string(301, 'a');
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/name/fi: must be one line of at most 300 bytes");
}

TEST(operator_config, contact_addresses_must_be_e_mail_addresses) {
    for (const char* bad : {"tietosuoja", "@example.fi", "tieto suoja@example.fi", "a@b@example.fi", "a@example",
                            "a@example.fi.", "<a@example.fi>", "a@example.fi;b@example.fi"}) {
        auto op = full_operator();
        op["dpo_email"] = bad;
        EXPECT_EQ(error_of(with_operator(op)),
                  "configuration: /operator/dpo_email: must be an e-mail address such as tietosuoja@example.fi")
            << bad;
    }
    auto op = full_operator();
    op["feedback_email"] = 5;
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/feedback_email: must be a non-empty string");
}

TEST(operator_config, unknown_operator_key_is_rejected_by_name) {
    auto op = full_operator();
    op["dpo_phone"] = "+358 40 123 4567";
    EXPECT_EQ(error_of(with_operator(op)), "configuration: /operator/dpo_phone: unknown key");
    EXPECT_EQ(error_of(with_operator("Kainuu")), "configuration: /operator: must be an object");
}

TEST(operator_config, shipped_example_configuration_names_its_operator) {
    auto c = load_config(std::filesystem::path(HUOLI_SOURCE_DIR) / "deploy/huoli.example.json", HUOLI_SOURCE_DIR);
    ASSERT_TRUE(c.service_operator);
    EXPECT_FALSE(c.service_operator->dpo_email.empty());
}

}  // namespace
}  // namespace huoli::config
