// The real reference files, and a scratch directory for altered copies of them.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "routing/municipality_table.hpp"
#include "routing/reference_data.hpp"

namespace huoli::routing::test {

inline std::filesystem::path data_dir() { return std::filesystem::path(HUOLI_SOURCE_DIR) / "server/routing/data"; }
inline std::filesystem::path municipalities_csv() { return data_dir() / "kunnat_hyvinvointialueet_2026.csv"; }
inline std::filesystem::path counties_csv() { return data_dir() / "hyvinvointialueet_2025.csv"; }

// Every real table with its mergers (data/tables.json).
inline const reference_data& real_data() {
    static const reference_data data = [] {
        auto loaded = reference_data::load(data_dir());
        if (!loaded) throw std::runtime_error(loaded.error().code + ": " + loaded.error().detail);
        return std::move(loaded).value();
    }();
    return data;
}

// The 2026 table, as in force on a fixed day of 2026 (never today: the suite must not expire).
inline const municipality_table& real_table() {
    using namespace std::chrono;
    return *real_data().in_force_on(2026y / June / 1);
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void spit(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A fresh directory under the system temp dir, removed with the fixture.
class scratch_dir : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = std::filesystem::temp_directory_path() /
               ("huoli_routing_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    std::filesystem::path dir_;
};

// A data directory like the real one plus a synthetic 2027 table, made the way an operator adds next
// January's (files and data only): Vaala (785, North Ostrobothnia) is merged into Kajaani (205, Kainuu)
// on 1.1.2027, so a notice about a child of Vaala goes to another county from that day. `change` may
// alter the manifest, the 2027 rows or the merger rows before they are written, to make bad data.
struct synthetic_2027 {
    nlohmann::json manifest;
    std::string table_2027;  // the CSV text
    std::string mergers;     // the CSV text
};

inline synthetic_2027 synthetic_2027_data() {
    synthetic_2027 d;
    d.manifest = nlohmann::json::parse(slurp(data_dir() / "tables.json"));
    d.manifest["tables"].push_back({{"name", "kunta_1_20270101"},
                                    {"year", 2027},
                                    {"valid_from", "2027-01-01"},
                                    {"municipalities", "kunnat_hyvinvointialueet_2027.csv"},
                                    {"counties", "hyvinvointialueet_2025.csv"},
                                    {"source", "synthetic test table (not Statistics Finland data)"}});
    std::istringstream rows(slurp(data_dir() / "kunnat_hyvinvointialueet_2026.csv"));
    for (std::string line; std::getline(rows, line);) {
        if (!line.starts_with("\"785\",")) d.table_2027 += line + "\n";
    }
    d.mergers = slurp(data_dir() / "kuntaliitokset.csv") +
                "\"785\",\"Vaala\",\"205\",\"2027-01-01\",\"synthetic test merger\"\n";
    return d;
}

inline void write_data_dir(const std::filesystem::path& dir, const synthetic_2027& d) {
    for (const auto& entry : std::filesystem::directory_iterator(data_dir())) {
        std::filesystem::copy_file(entry.path(), dir / entry.path().filename(),
                                   std::filesystem::copy_options::overwrite_existing);
    }
    spit(dir / "tables.json", d.manifest.dump(2));
    spit(dir / "kunnat_hyvinvointialueet_2027.csv", d.table_2027);
    spit(dir / "kuntaliitokset.csv", d.mergers);
}

}  // namespace huoli::routing::test
