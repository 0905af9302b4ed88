// A real store database with audit events, a signing key and a checkpointer, for the tests of
// the log over SQLite (tree_store, checkpointer, verification, queries).
#pragma once

#include <memory>
#include <string>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "audit/checkpointer.hpp"
#include "audit/append_event.hpp"
#include "store/store.hpp"
#include "test_keys.hpp"

namespace huoli::audit::test {

inline constexpr const char* origin = "huoli.test/audit";

class log_test : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    std::filesystem::path db_file() const { return dir_ / "huoli.db"; }
    signer key() const { return signer::from_private_key_file(dir_ / "audit.pem", origin); }
    verifier vkey() const { return key().to_verifier(); }

    // Event number n: varied actors, actions, objects and data subjects.
    static event make_event(int n);
    // Appends events first..last (inclusive) in one transaction through the store's writer.
    void append(int first, int last);
    // Appends a submitted notice and returns {receipt, seq}.
    std::pair<std::string, std::int64_t> submit(int n);
    std::unique_ptr<checkpointer> open_checkpointer(std::uint64_t batch = 20000);
    // Closes the store and opens the file directly, with the append-only triggers dropped,
    // as an attacker with access to the file could.
    SQLite::Database tamper();

    temp_dir dir_;
    std::unique_ptr<store::store> store_;
};

}  // namespace huoli::audit::test
