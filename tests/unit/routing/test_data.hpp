// The real reference files, and a scratch directory for altered copies of them.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "routing/municipality_table.hpp"

namespace huoli::routing::test {

inline std::filesystem::path data_dir() { return std::filesystem::path(HUOLI_SOURCE_DIR) / "server/routing/data"; }
inline std::filesystem::path municipalities_csv() { return data_dir() / "kunnat_hyvinvointialueet_2026.csv"; }
inline std::filesystem::path counties_csv() { return data_dir() / "hyvinvointialueet_2025.csv"; }

inline const municipality_table& real_table() {
    static const municipality_table table = [] {
        auto loaded = municipality_table::load(municipalities_csv(), counties_csv());
        if (!loaded) throw std::runtime_error(loaded.error().code + ": " + loaded.error().detail);
        return loaded.value();
    }();
    return table;
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

}  // namespace huoli::routing::test
