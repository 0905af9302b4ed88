#include "routing/reference_data.hpp"

#include <gtest/gtest.h>

#include "routing/route.hpp"
#include "routing/working_days.hpp"
#include "test_data.hpp"

namespace huoli::routing {
namespace {

using namespace std::chrono;
using nlohmann::json;
using test::real_data;
using test::synthetic_2027;
using test::synthetic_2027_data;

bool contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

std::string name_on(const reference_data& data, year_month_day day) {
    const municipality_table* t = data.in_force_on(day);
    return t ? t->info().name : "none";
}

routing_inputs child_of(std::string home) {
    routing_inputs in;
    in.form = "child-welfare-notification";
    in.home_municipality = std::move(home);
    return in;
}

routing_decision routed_on(const reference_data& data, year_month_day day, const routing_inputs& in) {
    const municipality_table& table = *data.in_force_on(day);
    const queue_config queues = queue_config::parse(json::object(), table);
    auto r = route(in, table, queues);
    if (!r) ADD_FAILURE() << r.error().code << ": " << r.error().detail;
    return r ? r.value() : routing_decision{};
}

TEST(reference_data, loads_the_2024_2025_and_2026_tables_each_valid_until_the_next) {
    const auto& tables = real_data().tables();
    ASSERT_EQ(tables.size(), 3u);
    EXPECT_EQ(tables[0].info().name, "kunta_1_20240101");
    EXPECT_EQ(tables[0].info().year, 2024);
    EXPECT_EQ(tables[0].info().valid_from, 2024y / January / 1);
    EXPECT_EQ(tables[0].info().valid_until, 2024y / December / 31);
    EXPECT_EQ(tables[1].info().valid_until, 2025y / December / 31);
    EXPECT_FALSE(tables[2].info().valid_until);  // the newest is open-ended
    EXPECT_EQ(tables[0].all().size(), 309u);
    EXPECT_EQ(tables[1].all().size(), 308u);
    EXPECT_EQ(tables[2].all().size(), 308u);
    EXPECT_TRUE(contains(tables[2].info().source, "kunta_1_20260101"));
}

TEST(reference_data, picks_the_table_in_force_on_the_day_of_receipt) {
    EXPECT_EQ(name_on(real_data(), 2023y / December / 31), "none");
    EXPECT_EQ(name_on(real_data(), 2024y / January / 1), "kunta_1_20240101");
    EXPECT_EQ(name_on(real_data(), 2024y / December / 31), "kunta_1_20240101");
    EXPECT_EQ(name_on(real_data(), 2025y / January / 1), "kunta_1_20250101");
    EXPECT_EQ(name_on(real_data(), 2026y / January / 1), "kunta_1_20260101");
    EXPECT_EQ(name_on(real_data(), 2030y / January / 15), "kunta_1_20260101");
}

TEST(reference_data, lists_the_tables_a_configuration_may_meet_from_a_day_on) {
    EXPECT_EQ(real_data().in_force_from(2024y / June / 1).size(), 3u);
    EXPECT_EQ(real_data().in_force_from(2025y / December / 31).size(), 2u);
    ASSERT_EQ(real_data().in_force_from(2026y / January / 1).size(), 1u);
    EXPECT_EQ(real_data().in_force_from(2026y / January / 1)[0]->info().year, 2026);
}

TEST(reference_data, routes_pertunmaa_as_itself_in_2024_and_as_mantyharju_from_2025) {
    const auto in_2024 = routed_on(real_data(), 2024y / December / 31, child_of("588"));
    EXPECT_EQ(in_2024.municipality_code, "588");
    EXPECT_FALSE(in_2024.explanation.contains("mapped_from"));
    EXPECT_EQ(in_2024.explanation.at("table").at("name"), "kunta_1_20240101");
    const auto in_2025 = routed_on(real_data(), 2025y / January / 1, child_of("588"));
    EXPECT_EQ(in_2025.municipality_code, "507");
    EXPECT_EQ(in_2025.organisation_id, "south-savo");
    EXPECT_EQ(in_2025.explanation.at("mapped_from"), "588");
    EXPECT_EQ(in_2025.explanation.at("merger"),
              json({{"abolished_code", "588"}, {"successor_code", "507"}, {"effective_from", "2025-01-01"}}));
    EXPECT_EQ(in_2025.explanation.at("table"),
              json({{"name", "kunta_1_20250101"}, {"year", 2025}, {"valid_from", "2025-01-01"},
                    {"sha256", real_data().tables()[1].content_hash()}}));
}

TEST(reference_data, takes_mergers_from_the_mergers_file) {
    ASSERT_EQ(real_data().mergers().size(), 1u);
    EXPECT_EQ(real_data().mergers()[0].abolished_code, "588");
    EXPECT_EQ(real_data().mergers()[0].effective_from, 2025y / January / 1);
    EXPECT_EQ(real_data().mergers_hash().size(), 64u);
}

TEST(reference_data, warns_only_once_the_year_is_past_the_newest_table) {
    EXPECT_FALSE(outdated_table_warning(real_data(), 2026y / December / 31));
    const auto warning = outdated_table_warning(real_data(), 2027y / January / 1);
    ASSERT_TRUE(warning);
    EXPECT_TRUE(contains(*warning, "kunta_1_20260101 (2026)"));
    EXPECT_TRUE(contains(*warning, "add the 2027 table"));
}

TEST(parse_iso_date, accepts_only_real_dates_in_iso_form) {
    EXPECT_EQ(parse_iso_date("2027-01-01"), 2027y / January / 1);
    EXPECT_FALSE(parse_iso_date("2027-02-29"));
    EXPECT_FALSE(parse_iso_date("2027-1-01"));
    EXPECT_FALSE(parse_iso_date("1.1.2027"));
    EXPECT_FALSE(parse_iso_date("2027-01-01T00:00"));
    EXPECT_FALSE(parse_iso_date(""));
}

class reference_data_dir : public test::scratch_dir {
protected:
    result<reference_data> load(const synthetic_2027& d) {
        test::write_data_dir(dir_, d);
        return reference_data::load(dir_);
    }
    std::string rejection(const synthetic_2027& d) {
        auto r = load(d);
        return r ? "" : r.error().code + ": " + r.error().detail;
    }
};

// The 2027 table is data only: its CSV, one manifest entry and one merger row; no code knows of it.
TEST_F(reference_data_dir, a_2027_table_added_as_data_routes_vaala_to_another_county_from_1_january_2027) {
    auto data = load(synthetic_2027_data());
    ASSERT_TRUE(data) << data.error().detail;
    ASSERT_EQ(data.value().tables().size(), 4u);
    EXPECT_EQ(data.value().tables()[2].info().valid_until, 2026y / December / 31);

    const auto in_2026 = routed_on(data.value(), 2026y / December / 31, child_of("785"));
    EXPECT_EQ(in_2026.organisation_id, "north-ostrobothnia");
    EXPECT_EQ(in_2026.municipality_code, "785");
    EXPECT_EQ(in_2026.explanation.at("table").at("name"), "kunta_1_20260101");

    const auto in_2027 = routed_on(data.value(), 2027y / January / 1, child_of("785"));
    EXPECT_EQ(in_2027.organisation_id, "kainuu");
    EXPECT_EQ(in_2027.municipality_code, "205");
    EXPECT_EQ(in_2027.explanation.at("mapped_from"), "785");
    EXPECT_EQ(in_2027.explanation.at("table").at("name"), "kunta_1_20270101");
    EXPECT_EQ(in_2027.explanation.at("table").at("year"), 2027);
    EXPECT_FALSE(outdated_table_warning(data.value(), 2027y / June / 1));
}

TEST_F(reference_data_dir, rejects_a_municipality_that_disappears_without_a_merger_row) {
    synthetic_2027 d = synthetic_2027_data();
    d.mergers = test::slurp(test::data_dir() / "kuntaliitokset.csv");
    const std::string why = rejection(d);
    EXPECT_TRUE(contains(why, "kunta_1_20270101: municipality 785 (Vaala) of kunta_1_20260101 is missing")) << why;
    EXPECT_TRUE(contains(why, "kuntaliitokset.csv has no merger for it")) << why;
}

TEST_F(reference_data_dir, rejects_a_merger_whose_successor_is_not_in_the_table_from_that_day) {
    synthetic_2027 d = synthetic_2027_data();
    d.mergers = test::slurp(test::data_dir() / "kuntaliitokset.csv") +
                "\"785\",\"Vaala\",\"999\",\"2027-01-01\",\"synthetic\"\n";
    EXPECT_TRUE(contains(rejection(d), "successor 999 of abolished 785 is not a municipality of this table"));
}

TEST_F(reference_data_dir, rejects_a_merger_that_takes_effect_after_the_newest_table) {
    synthetic_2027 d = synthetic_2027_data();
    d.mergers += "\"205\",\"Kajaani\",\"105\",\"2028-01-01\",\"synthetic\"\n";
    EXPECT_TRUE(contains(rejection(d), "takes effect 2028-01-01, after the newest table kunta_1_20270101"));
}

TEST_F(reference_data_dir, rejects_a_merger_listed_twice_or_malformed_naming_the_row) {
    synthetic_2027 d = synthetic_2027_data();
    d.mergers += "\"785\",\"Vaala\",\"205\",\"2027-01-01\",\"again\"\n";
    EXPECT_TRUE(contains(rejection(d), "kuntaliitokset.csv: row 4: abolished code 785 is listed twice"));
    d = synthetic_2027_data();
    d.mergers += "\"091\",\"Helsinki\",\"049\",\"1.1.2027\",\"x\"\n";
    EXPECT_TRUE(contains(rejection(d), "row 4: effective_from must be a date YYYY-MM-DD"));
    d = synthetic_2027_data();
    d.mergers += "\"91\",\"Helsinki\",\"049\",\"2027-01-01\",\"x\"\n";
    EXPECT_TRUE(contains(rejection(d), "row 4: bad abolished_code 91"));
}

TEST_F(reference_data_dir, rejects_tables_out_of_order_or_named_twice_naming_the_pointer) {
    synthetic_2027 d = synthetic_2027_data();
    d.manifest["tables"][3]["valid_from"] = "2026-01-01";
    EXPECT_TRUE(contains(rejection(d), "tables.json: /tables/3/valid_from: must be later than the previous table's"));
    d = synthetic_2027_data();
    d.manifest["tables"][3]["name"] = "kunta_1_20260101";
    EXPECT_TRUE(contains(rejection(d), "/tables/3/name: names another table too"));
    d = synthetic_2027_data();
    d.manifest["tables"][3]["valid_from"] = "2027-02-30";
    EXPECT_TRUE(contains(rejection(d), "/tables/3/valid_from: must be a date YYYY-MM-DD"));
}

TEST_F(reference_data_dir, rejects_a_bad_manifest_naming_the_key) {
    synthetic_2027 d = synthetic_2027_data();
    d.manifest["tables"][3]["valid_form"] = "2027-01-01";
    EXPECT_TRUE(contains(rejection(d), "/tables/3/valid_form: unknown key"));
    d = synthetic_2027_data();
    d.manifest["tables"][3].erase("source");
    EXPECT_TRUE(contains(rejection(d), "/tables/3/source: is required"));
    d = synthetic_2027_data();
    d.manifest["tables"][3]["year"] = "2027";
    EXPECT_TRUE(contains(rejection(d), "/tables/3/year: is required: an integer year"));
    d = synthetic_2027_data();
    d.manifest["tables"][3]["municipalities"] = "../kunnat.csv";
    EXPECT_TRUE(contains(rejection(d), "/tables/3/municipalities: must be a file name in the data directory"));
    d = synthetic_2027_data();
    d.manifest["tables"] = json::array();
    EXPECT_TRUE(contains(rejection(d), "/tables: must be an array of 1–100 tables"));
    d = synthetic_2027_data();
    d.manifest["mergers"] = "missing.csv";
    EXPECT_TRUE(contains(rejection(d), "file_unreadable"));
}

TEST_F(reference_data_dir, rejects_a_table_with_other_organisations) {
    synthetic_2027 d = synthetic_2027_data();
    test::spit(dir_ / "hyvinvointialueet_2027.csv", [] {
        std::string counties = test::slurp(test::data_dir() / "hyvinvointialueet_2025.csv");
        const auto at = counties.find("Kainuu wellbeing services county");
        return counties.replace(at, 6, "Kajana");  // another English name, so another organisation id
    }());
    d.manifest["tables"][3]["counties"] = "hyvinvointialueet_2027.csv";
    EXPECT_TRUE(contains(rejection(d), "kunta_1_20270101: names other organisations than kunta_1_20240101"));
}

TEST_F(reference_data_dir, reports_a_missing_manifest) {
    auto r = reference_data::load(dir_);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "file_unreadable");
}

// Validation of the queue configuration holds across the tables the server may meet until restarted.
TEST_F(reference_data_dir, checks_the_queue_configuration_against_every_table_still_to_come) {
    auto data = load(synthetic_2027_data());
    ASSERT_TRUE(data) << data.error().detail;
    const auto tables = data.value().in_force_from(2026y / December / 1);
    ASSERT_EQ(tables.size(), 2u);
    // Vaala is North Ostrobothnia's until the merger: a rule for it there is still good in 2026.
    const auto vaala = json::parse(R"({"organisations": {"north-ostrobothnia": {"queues": [
        {"id": "vaala-children", "municipalities": ["785"], "subject": "child"},
        {"id": "north-ostrobothnia-children", "subject": "child"},
        {"id": "north-ostrobothnia-adults", "subject": "adult"}]}}})");
    EXPECT_NO_THROW(queue_config::parse(vaala, tables));
    // Kainuu cannot claim Vaala: North Ostrobothnia's in the 2026 table.
    const auto kainuu = json::parse(R"({"organisations": {"kainuu": {"queues": [
        {"id": "kainuu-vaala", "municipalities": ["785"]}, {"id": "kainuu-all"}]}}})");
    EXPECT_THROW(queue_config::parse(kainuu, tables), queue_config_error);
}

}  // namespace
}  // namespace huoli::routing
