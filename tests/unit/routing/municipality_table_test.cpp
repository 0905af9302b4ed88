#include "routing/municipality_table.hpp"

#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "json/digest.hpp"
#include "routing/csv_reader.hpp"
#include "test_data.hpp"

namespace huoli::routing {
namespace {

using test::real_table;

TEST(municipality_table, loads_the_308_municipalities_of_2026) {
    EXPECT_EQ(real_table().all().size(), 308u);
    EXPECT_EQ(real_table().organisations().size(), 23u);
}

TEST(municipality_table, lists_municipalities_in_code_order_with_three_names) {
    const auto& all = real_table().all();
    EXPECT_TRUE(std::is_sorted(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.code < b.code; }));
    EXPECT_EQ(all.front().code, "005");
    EXPECT_EQ(all.front().name.fi, "Alajärvi");
    const municipality* vaasa = real_table().find("905");
    ASSERT_NE(vaasa, nullptr);
    EXPECT_EQ(vaasa->name.fi, "Vaasa");
    EXPECT_EQ(vaasa->name.sv, "Vasa");
    EXPECT_EQ(vaasa->name.en, "Vaasa");
}

TEST(municipality_table, gives_every_organisation_the_id_of_its_english_name) {
    std::vector<std::string> ids;
    for (const auto& o : real_table().organisations()) ids.push_back(o.county_code + " " + o.id);
    EXPECT_EQ(ids, (std::vector<std::string>{
                       "01 east-uusimaa", "02 central-uusimaa", "03 west-uusimaa", "04 vantaa-and-kerava",
                       "05 southwest-finland", "06 satakunta", "07 kanta-hame", "08 pirkanmaa", "09 paijat-hame",
                       "10 kymenlaakso", "11 south-karelia", "12 south-savo", "13 north-savo", "14 north-karelia",
                       "15 central-finland", "16 south-ostrobothnia", "17 ostrobothnia", "18 central-ostrobothnia",
                       "19 north-ostrobothnia", "20 kainuu", "21 lapland", "90 helsinki", "91 aland"}));
}

TEST(municipality_table, places_kajaani_in_kainuu) {
    const municipality* m = real_table().find("205");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->name.fi, "Kajaani");
    EXPECT_EQ(m->county_code, "20");
    EXPECT_EQ(m->organisation_id, "kainuu");
    EXPECT_EQ(m->county_name.fi, "Kainuun hyvinvointialue");
    EXPECT_EQ(m->county_name.sv, "Kajanalands välfärdsområde");
    EXPECT_FALSE(m->aland);
}

TEST(municipality_table, makes_helsinki_its_own_organisation) {
    const municipality* m = real_table().find("091");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->county_code, "90");
    EXPECT_EQ(m->organisation_id, "helsinki");
    const organisation* o = real_table().find_organisation("helsinki");
    ASSERT_NE(o, nullptr);
    EXPECT_EQ(o->name.fi, "Helsingin kaupunki");
    EXPECT_EQ(o->name.sv, "Helsingfors stad");
    EXPECT_EQ(o->name.en, "City of Helsinki");
}

TEST(municipality_table, places_vaasa_in_ostrobothnia_county_17) {
    const municipality* m = real_table().find("905");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->county_code, "17");
    EXPECT_EQ(m->county_name.fi, "Pohjanmaan hyvinvointialue");
    EXPECT_EQ(m->county_name.en, "Ostrobothnia wellbeing services county");
    EXPECT_EQ(m->organisation_id, "ostrobothnia");
}

TEST(municipality_table, places_espoo_in_west_uusimaa) {
    const municipality* m = real_table().find("049");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->organisation_id, "west-uusimaa");
}

TEST(municipality_table, flags_the_16_municipalities_of_aland) {
    const auto& all = real_table().all();
    EXPECT_EQ(std::count_if(all.begin(), all.end(), [](const auto& m) { return m.aland; }), 16);
    const municipality* mariehamn = real_table().find("478");
    ASSERT_NE(mariehamn, nullptr);
    EXPECT_EQ(mariehamn->name.sv, "Mariehamn");
    EXPECT_TRUE(mariehamn->aland);
    EXPECT_EQ(mariehamn->organisation_id, "aland");
    EXPECT_TRUE(real_table().find_organisation("aland")->aland);
}

TEST(municipality_table, maps_abolished_pertunmaa_to_mantyharju) {
    const municipality* m = real_table().find("588");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->code, "507");
    EXPECT_EQ(m->name.fi, "Mäntyharju");
    EXPECT_EQ(m->organisation_id, "south-savo");
}

merger merged(const char* abolished, const char* successor) {
    using namespace std::chrono;
    return {abolished, "test", successor, 2020y / January / 1, "test"};
}

TEST(municipality_table, follows_a_chain_of_mergers_to_the_current_municipality) {
    // 001 → 588 → … is not real; but a code abolished into one that was itself abolished must still arrive.
    auto t = municipality_table::load(test::municipalities_csv(), test::counties_csv(), {},
                                      {merged("588", "507"), merged("001", "588")});
    ASSERT_TRUE(t) << t.error().detail;
    ASSERT_NE(t.value().find("001"), nullptr);
    EXPECT_EQ(t.value().find("001")->code, "507");
    EXPECT_EQ(t.value().merger_of("001")->successor_code, "588");
    EXPECT_EQ(t.value().merger_of("507"), nullptr);
}

TEST(municipality_table, rejects_mergers_that_lead_nowhere_or_in_a_circle) {
    auto nowhere = municipality_table::load(test::municipalities_csv(), test::counties_csv(), {}, {merged("588", "999")});
    ASSERT_FALSE(nowhere);
    EXPECT_NE(nowhere.error().detail.find("successor 999 of abolished 588 is not a municipality"), std::string::npos);
    auto circle = municipality_table::load(test::municipalities_csv(), test::counties_csv(), {},
                                           {merged("001", "002"), merged("002", "001")});
    ASSERT_FALSE(circle);
    EXPECT_EQ(circle.error().code, "table_invalid");
    auto current = municipality_table::load(test::municipalities_csv(), test::counties_csv(), {}, {merged("205", "091")});
    ASSERT_FALSE(current);
    EXPECT_NE(current.error().detail.find("abolished code 205 (test) is listed as current"), std::string::npos);
}

TEST(municipality_table, finds_nothing_for_codes_that_are_not_municipalities) {
    for (const char* code : {"000", "999", "91", "0091", "", "abc"}) {
        EXPECT_EQ(real_table().find(code), nullptr) << code;
    }
    EXPECT_EQ(real_table().find_organisation("uusimaa"), nullptr);
}

TEST(municipality_table, agrees_with_the_county_files_municipality_counts) {
    const auto counties = parse_quoted_csv(test::slurp(test::counties_csv()));
    ASSERT_TRUE(counties.ok());
    const int code_col = counties.value().column("hyvinvointialue_koodi");
    const int count_col = counties.value().column("kuntien_lkm_2025");
    std::map<std::string, int> counted;
    for (const auto& m : real_table().all()) ++counted[m.county_code];
    for (const auto& row : counties.value().rows) {
        EXPECT_EQ(counted[row[code_col]], std::stoi(row[count_col])) << row[code_col];
    }
}

TEST(municipality_table, hashes_both_files_bytes) {
    const std::string expected =
        json::sha256_hex(test::slurp(test::municipalities_csv()) + test::slurp(test::counties_csv()));
    EXPECT_EQ(real_table().content_hash(), expected);
    EXPECT_EQ(real_table().content_hash().size(), 64u);
}

class municipality_table_copy : public test::scratch_dir {};

TEST_F(municipality_table_copy, gives_the_same_hash_for_an_identical_copy_and_another_when_a_byte_changes) {
    std::string bytes = test::slurp(test::municipalities_csv());
    test::spit(dir_ / "m.csv", bytes);
    auto same = municipality_table::load(dir_ / "m.csv", test::counties_csv());
    ASSERT_TRUE(same.ok());
    EXPECT_EQ(same.value().content_hash(), real_table().content_hash());

    const auto at = bytes.find("\"Kajaani\"");
    ASSERT_NE(at, std::string::npos);
    bytes[at + 1] = 'k';
    test::spit(dir_ / "m.csv", bytes);
    auto changed = municipality_table::load(dir_ / "m.csv", test::counties_csv());
    ASSERT_TRUE(changed.ok());
    EXPECT_NE(changed.value().content_hash(), real_table().content_hash());
    EXPECT_EQ(changed.value().find("205")->name.fi, "kajaani");
}

TEST_F(municipality_table_copy, rejects_a_municipality_of_an_unknown_county) {
    std::string bytes = test::slurp(test::municipalities_csv());
    const auto at = bytes.find("\"205\",\"Kajaani\"");
    ASSERT_NE(at, std::string::npos);
    const auto county = bytes.find("\"20\"", at);
    bytes.replace(county, 4, "\"42\"");
    test::spit(dir_ / "m.csv", bytes);
    auto t = municipality_table::load(dir_ / "m.csv", test::counties_csv());
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "table_invalid");
    EXPECT_NE(t.error().detail.find("42"), std::string::npos);
}

TEST_F(municipality_table_copy, rejects_a_duplicate_code_and_a_missing_column) {
    const std::string header = "\"kunta_koodi\",\"kunta_nimi_fi\",\"kunta_nimi_sv\",\"kunta_nimi_en\",\"hyvinvointialue_koodi\"\n";
    test::spit(dir_ / "dup.csv", header + "\"205\",\"A\",\"A\",\"A\",\"20\"\n\"205\",\"B\",\"B\",\"B\",\"20\"\n");
    auto dup = municipality_table::load(dir_ / "dup.csv", test::counties_csv());
    ASSERT_FALSE(dup.ok());
    EXPECT_NE(dup.error().detail.find("duplicate"), std::string::npos);

    test::spit(dir_ / "nocol.csv", "\"kunta_koodi\",\"kunta_nimi_fi\"\n\"205\",\"A\"\n");
    auto nocol = municipality_table::load(dir_ / "nocol.csv", test::counties_csv());
    ASSERT_FALSE(nocol.ok());
    EXPECT_NE(nocol.error().detail.find("missing column"), std::string::npos);
}

TEST(municipality_table, reports_a_missing_file) {
    auto t = municipality_table::load(test::data_dir() / "absent.csv", test::counties_csv());
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.error().code, "file_unreadable");
}

}  // namespace
}  // namespace huoli::routing
