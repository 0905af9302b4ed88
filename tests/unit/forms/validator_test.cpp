#include <gtest/gtest.h>

#include <thread>

#include "forms/format_checks.hpp"
#include "test_support.hpp"

namespace huoli::forms::testing {
namespace {

const char* cwn = "child-welfare-notification";

nlohmann::json teacher_notice() { return valid_example(cwn, "valid-teacher-kajaani.json"); }

validation_outcome run(const nlohmann::json& document, const std::string& form_id = cwn) {
    return shared_validator().validate(form_id, document.dump(), context());
}

TEST(validator, accepts_a_permanent_identity_code_without_flagging_it) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = "150912A456R";
    notice["child"]["birth_date"] = "2012-09-15";
    auto outcome = run(notice);
    ASSERT_TRUE(outcome.ok()) << describe(outcome.error());
    EXPECT_TRUE(outcome.value().temporary_identity_codes.empty());
    EXPECT_EQ(outcome.value().document["child"]["personal_identity_code"], "150912A456R");
}

TEST(validator, accepts_a_temporary_identity_code_and_flags_it) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = "100115A999B";
    notice["child"].erase("birth_date");
    auto outcome = run(notice);
    ASSERT_TRUE(outcome.ok()) << describe(outcome.error());
    EXPECT_EQ(outcome.value().temporary_identity_codes, std::vector<std::string>{"/child/personal_identity_code"});
    // The century sign is part of the identity: never normalised.
    EXPECT_EQ(outcome.value().document["child"]["personal_identity_code"], "100115A999B");
    // Any century sign of the 2000s (A–F) is the same person's code.
    notice["child"]["personal_identity_code"] = "100190Y999P";
    EXPECT_TRUE(has_error(run(notice).error(), "/child/personal_identity_code", "not_a_child"));
}

TEST(validator, rejects_hetu_with_wrong_check_character) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = "010190-999K";
    notice["child"].erase("birth_date");
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "/child/personal_identity_code", "format_fi_hetu_checksum"))
        << describe(outcome.error());
}

TEST(validator, rejects_birth_date_that_contradicts_the_identity_code) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = "150912A456R";
    notice["child"]["birth_date"] = "2012-09-16";
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "/child/birth_date", "birth_date_mismatch")) << describe(outcome.error());
}

validation_outcome run_on(const nlohmann::json& document, const std::string& today, const std::string& form_id = cwn) {
    validation_context ctx = context();
    ctx.today = *parse_date(today);
    return shared_validator().validate(form_id, document.dump(), ctx);
}

TEST(validator, a_child_welfare_notification_about_someone_of_18_is_refused_at_the_identity_code) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = "131052-308T";  // 74 years old
    notice["child"].erase("birth_date");
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "/child/personal_identity_code", "not_a_child")) << describe(outcome.error());
}

TEST(validator, the_18th_birthday_is_the_first_day_as_an_adult_counted_on_the_day_of_receipt) {
    auto notice = teacher_notice();
    notice["child"].erase("personal_identity_code");
    notice["child"]["birth_date"] = "2008-11-23";
    EXPECT_TRUE(run_on(notice, "2026-11-22").ok());
    auto on_birthday = run_on(notice, "2026-11-23");
    ASSERT_FALSE(on_birthday.ok());
    EXPECT_TRUE(has_error(on_birthday.error(), "/child/birth_date", "not_a_child")) << describe(on_birthday.error());
    // 29 February 2012: 18 on 28 February 2030, a common year.
    notice["child"]["birth_date"] = "2012-02-29";
    EXPECT_TRUE(run_on(notice, "2030-02-27").ok());
    EXPECT_TRUE(has_error(run_on(notice, "2030-02-28").error(), "/child/birth_date", "not_a_child"));
    // The identity code says the same.
    notice["child"].erase("birth_date");
    notice["child"]["personal_identity_code"] = "290212A1110";
    EXPECT_TRUE(run_on(notice, "2030-02-27").ok());
    EXPECT_TRUE(has_error(run_on(notice, "2030-02-28").error(), "/child/personal_identity_code", "not_a_child"));
}

TEST(validator, an_identity_code_born_in_the_future_is_refused) {
    auto notice = teacher_notice();
    notice["child"]["personal_identity_code"] = "010127A222K";
    notice["child"].erase("birth_date");
    auto outcome = run_on(notice, "2026-12-31");
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "/child/personal_identity_code", "hetu_date_in_future"))
        << describe(outcome.error());
    EXPECT_TRUE(run_on(notice, "2027-01-01").ok());
}

TEST(validator, a_contact_request_persons_kind_must_match_the_age) {
    auto request = valid_example("contact-request", "valid-teacher-kajaani-joint-lsl-25a.json");
    ASSERT_EQ(request["person"]["kind"], "child");
    request["person"]["personal_identity_code"] = "131052-308T";
    request["person"].erase("birth_date");
    EXPECT_TRUE(has_error(run(request, "contact-request").error(), "/person/personal_identity_code", "not_a_child"));
    auto adult = valid_example("contact-request", "valid-kela-rovaniemi-adult-with-consent.json");
    ASSERT_EQ(adult["person"]["kind"], "adult");
    EXPECT_TRUE(run(adult, "contact-request").ok()) << describe(run(adult, "contact-request").error());
    adult["person"]["personal_identity_code"] = "150912A456R";
    adult["person"].erase("birth_date");
    EXPECT_TRUE(has_error(run(adult, "contact-request").error(), "/person/personal_identity_code", "not_an_adult"));
}

TEST(validator, an_expectant_parent_may_be_a_minor) {
    auto notice = valid_example("anticipatory-notification", "valid-social-worker-kajaani.json");
    notice["expectant_parent"]["personal_identity_code"] = "150912A456R";
    notice["expectant_parent"].erase("birth_date");
    auto outcome = run(notice, "anticipatory-notification");
    EXPECT_TRUE(outcome.ok()) << describe(outcome.error());
}

TEST(validator, reports_three_distinct_problems_in_one_response) {
    auto notice = teacher_notice();
    notice["notifier"].erase("phone");
    notice["child"]["interpreter_needed"] = "yes";
    notice["reasons"]["source"] = "rumour";
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    const auto& errors = outcome.error();
    EXPECT_EQ(errors.size(), 3u) << describe(errors);
    EXPECT_TRUE(has_error(errors, "/notifier/phone", "required")) << describe(errors);
    EXPECT_TRUE(has_error(errors, "/child/interpreter_needed", "type")) << describe(errors);
    EXPECT_TRUE(has_error(errors, "/reasons/source", "enum")) << describe(errors);
}

TEST(validator, combines_schema_and_semantic_errors) {
    auto notice = teacher_notice();
    notice["reasons"]["source"] = "rumour";
    notice["reasons"]["observation_date"] = "2027-01-01";
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "/reasons/source", "enum"));
    EXPECT_TRUE(has_error(outcome.error(), "/reasons/observation_date", "date_in_future")) << describe(outcome.error());
}

TEST(validator, reports_every_unexpected_property_at_its_own_pointer) {
    auto notice = teacher_notice();
    notice["attachments"] = nlohmann::json::array();
    notice["child"]["nickname"] = "Eetu";
    notice["child"]["shoe_size"] = 34;
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    const auto& errors = outcome.error();
    EXPECT_EQ(errors.size(), 3u) << describe(errors);
    EXPECT_TRUE(has_error(errors, "/attachments", "additional_property"));
    EXPECT_TRUE(has_error(errors, "/child/nickname", "additional_property"));
    EXPECT_TRUE(has_error(errors, "/child/shoe_size", "additional_property"));
}

TEST(validator, escapes_property_names_in_pointers) {
    auto notice = teacher_notice();
    notice["child"]["a/b~c"] = true;
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "/child/a~1b~0c", "additional_property")) << describe(outcome.error());
}

TEST(validator, rewrites_phone_numbers_to_e164) {
    auto outcome = run(teacher_notice());
    ASSERT_TRUE(outcome.ok()) << describe(outcome.error());
    EXPECT_EQ(outcome.value().document["notifier"]["phone"], "+358401234567");
    EXPECT_EQ(outcome.value().document["guardians"][0]["phone"], "+358447654321");
}

TEST(validator, refuses_an_unknown_form) {
    auto outcome = shared_validator().validate("no-such-form", "{}", context());
    ASSERT_FALSE(outcome.ok());
    EXPECT_TRUE(has_error(outcome.error(), "", "unknown_form"));
}

TEST(validator, messages_come_from_translations_in_three_languages) {
    auto notice = teacher_notice();
    notice["notifier"].erase("phone");
    auto outcome = run(notice);
    ASSERT_FALSE(outcome.ok());
    const auto& message = outcome.error().at(0).message;
    const auto& expected = registry().messages().document()["errors"]["required"];
    EXPECT_EQ(message.fi, expected["fi"]);
    EXPECT_EQ(message.sv, expected["sv"]);
    EXPECT_EQ(message.en, expected["en"]);
}

TEST(validator, every_code_it_can_emit_has_a_message_in_fi_sv_and_en) {
    const auto missing = registry().messages().missing_codes();
    std::string list;
    for (const auto& code : missing) list += " " + code;
    EXPECT_TRUE(missing.empty()) << "translations.json errors lacks:" << list;
    for (auto code : all_error_codes()) {
        const auto& m = registry().messages().message(code);
        EXPECT_FALSE(m.fi.empty() || m.sv.empty() || m.en.empty()) << code;
    }
}

TEST(validator, gives_the_same_answers_from_many_threads) {
    auto good = teacher_notice().dump();
    auto bad_notice = teacher_notice();
    bad_notice["child"]["personal_identity_code"] = "010190-999K";
    auto bad = bad_notice.dump();
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 50; ++i) {
                if (!shared_validator().validate(cwn, good, context()).ok()) ++wrong;
                auto refused = shared_validator().validate(cwn, bad, context());
                if (refused.ok() || !has_error(refused.error(), "/child/personal_identity_code", "format_fi_hetu_checksum")) {
                    ++wrong;
                }
            }
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(wrong.load(), 0);
}

TEST(schema_registry, knows_the_three_forms_and_their_digests) {
    auto ids = registry().form_ids();
    EXPECT_EQ(ids, (std::vector<std::string>{"anticipatory-notification", "child-welfare-notification", "contact-request"}));
    const form_schema* form = registry().find(cwn);
    ASSERT_NE(form, nullptr);
    EXPECT_EQ(form->file.sha256.size(), 64u);
    EXPECT_EQ(form->schema_sha256.size(), 64u);
    EXPECT_NE(form->schema_sha256, form->file.sha256);
    EXPECT_EQ(form->file.etag, "\"" + form->file.sha256.substr(0, 32) + "\"");
    EXPECT_FALSE(form->file.version.empty());
    EXPECT_EQ(form->file.bytes, read_text(source_dir() / "schema" / "child-welfare-notification.schema.json"));
    EXPECT_EQ(registry().find("nope"), nullptr);
}

}  // namespace
}  // namespace huoli::forms::testing
