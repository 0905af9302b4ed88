// Shared helpers for the store tests: a fresh temporary directory per test, valid notices, and
// row counts read straight from the database file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "store/store.hpp"

namespace huoli::store::testing {

// Each test gets an empty directory of its own, removed afterwards.
class store_test : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    std::filesystem::path db_file() const { return dir_ / "data" / "huoli.sqlite3"; }
    std::unique_ptr<store> open_store(store_options options = {});

    std::filesystem::path dir_;
};

// A notice that passes check_new_notice; `n` varies the payload.
new_notice make_notice(int n);
// The same, with an idempotency key and a make_response that embeds id, receipt and audit seq.
new_notice make_keyed_notice(int n, const std::string& key);

// Rows in `table`, counted through a separate read-only connection.
std::int64_t count_rows(const std::filesystem::path& db_file, const std::string& table);
std::int64_t count_all_rows(const std::filesystem::path& db_file);  // the five data tables

}  // namespace huoli::store::testing
