// A real store in a fresh temporary directory, notices submitted through store::submit, and
// queue operations run as write jobs through store::run_write, exactly as the server does.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "queue/operation.hpp"
#include "store/store.hpp"

namespace huoli::queue::testing {

auth::principal intake(const std::string& organisation, std::vector<std::string> queues);

class queue_test : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Submits a notice to `queue_id` of `organisation`; returns its id.
    std::string submit(const std::string& queue_id, const std::string& organisation, bool urgent,
                       const std::string& received_at, const std::string& subject = "010101A123N");

    // Runs `op` as a write job and waits for its committed result.
    result<nlohmann::json> run(const std::function<result<nlohmann::json>(SQLite::Database&)>& op);

    operation_context at(const auth::principal& who, const std::string& now_text) const;

    std::string item_state(const std::string& id);
    SQLite::Database read_only() const;

    std::filesystem::path dir_;
    std::unique_ptr<store::store> store_;
    policy rules_{1, 4, 3};  // ack within 1 working day, urgent within 4 hours, flagged after 3 attempts
    int counter_ = 0;
};

}  // namespace huoli::queue::testing
