#include "routing/organisation.hpp"

#include <gtest/gtest.h>

namespace huoli::routing {
namespace {

TEST(organisation_id, drops_the_county_suffix_and_joins_words_with_hyphens) {
    EXPECT_EQ(organisation_id_from_english_name("West Uusimaa wellbeing services county"), "west-uusimaa");
    EXPECT_EQ(organisation_id_from_english_name("Vantaa and Kerava wellbeing services county"), "vantaa-and-kerava");
    EXPECT_EQ(organisation_id_from_english_name("Southwest Finland wellbeing services county"), "southwest-finland");
    EXPECT_EQ(organisation_id_from_english_name("Kainuu wellbeing services county"), "kainuu");
}

TEST(organisation_id, uses_the_english_name_ostrobothnia_for_pohjanmaa) {
    EXPECT_EQ(organisation_id_from_english_name("Ostrobothnia wellbeing services county"), "ostrobothnia");
    EXPECT_EQ(organisation_id_from_english_name("South Ostrobothnia wellbeing services county"), "south-ostrobothnia");
}

TEST(organisation_id, strips_finnish_and_swedish_diacritics) {
    EXPECT_EQ(organisation_id_from_english_name("Päijät-Häme wellbeing services county"), "paijat-hame");
    EXPECT_EQ(organisation_id_from_english_name("Kanta-Häme wellbeing services county"), "kanta-hame");
    EXPECT_EQ(organisation_id_from_english_name("Åland"), "aland");
}

TEST(organisation_id, drops_the_city_prefix_of_helsinki) {
    EXPECT_EQ(organisation_id_from_english_name("City of Helsinki"), "helsinki");
}

TEST(organisation_id, refuses_names_that_would_give_an_unpredictable_id) {
    EXPECT_EQ(organisation_id_from_english_name(""), std::nullopt);
    EXPECT_EQ(organisation_id_from_english_name("North/South"), std::nullopt);
    EXPECT_EQ(organisation_id_from_english_name("Two  spaces"), std::nullopt);
    EXPECT_EQ(organisation_id_from_english_name("Łódź"), std::nullopt);
}

}  // namespace
}  // namespace huoli::routing
