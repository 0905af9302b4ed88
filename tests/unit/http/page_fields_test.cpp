#include "http/page_fields.hpp"

#include <stdexcept>

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

std::optional<std::string> known(std::string_view name) {
    if (name == "name") return "Kainuun hyvinvointialue";
    if (name == "dpo_email") return "tietosuoja@example.fi";
    if (name == "odd") return "<b>\"A&B\"</b>";
    return std::nullopt;
}

TEST(page_fields, a_marked_element_gets_the_value_instead_of_its_fallback_text) {
    EXPECT_EQ(fill_page_fields(R"(<p>DPO: <span data-operator="dpo_email">[not configured]</span>.</p>)", known, "p"),
              R"(<p>DPO: <span data-operator="dpo_email">tietosuoja@example.fi</span>.</p>)");
}

TEST(page_fields, every_marked_element_is_filled_and_the_rest_is_kept) {
    const std::string page = R"(<a data-operator="name" class="x">?</a> and <i data-operator="dpo_email"></i><br>end)";
    EXPECT_EQ(fill_page_fields(page, known, "p"),
              R"(<a data-operator="name" class="x">Kainuun hyvinvointialue</a> and <i data-operator="dpo_email">tietosuoja@example.fi</i><br>end)");
    EXPECT_EQ(fill_page_fields("<p>nothing marked</p>", known, "p"), "<p>nothing marked</p>");
}

TEST(page_fields, values_are_html_escaped) {
    EXPECT_EQ(fill_page_fields(R"(<span data-operator="odd">x</span>)", known, "p"),
              R"(<span data-operator="odd">&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;</span>)");
}

TEST(page_fields, an_unknown_field_stops_start_up_naming_page_and_field) {
    try {
        (void)fill_page_fields(R"(<span data-operator="nmae">x</span>)", known, "en/privacy.html");
        FAIL() << "no error";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "en/privacy.html: unknown data-operator field \"nmae\"");
    }
}

TEST(page_fields, an_unclosed_marked_element_stops_start_up) {
    EXPECT_THROW((void)fill_page_fields(R"(<span data-operator="name">x)", known, "p"), std::runtime_error);
    EXPECT_THROW((void)fill_page_fields(R"(<span data-operator="name)", known, "p"), std::runtime_error);
}

}  // namespace
}  // namespace huoli::http
