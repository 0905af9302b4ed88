// A real store in a fresh temporary directory, notices submitted through store::submit, and
// queue operations run as write jobs through store::run_write, exactly as the server does.
#pragma once

#include <filesystem>
#include <future>
#include <memory>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "auth/principal.hpp"
#include "queue/operation.hpp"
#include "store/store.hpp"

namespace huoli::queue::testing {

template <class R>
struct result_value;
template <class T>
struct result_value<result<T>> {
    using type = T;
};

auth::principal intake(const std::string& organisation, std::vector<std::string> queues);

class queue_test : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // Submits a notice to `queue_id` of `organisation`; returns its id.
    std::string submit(const std::string& queue_id, const std::string& organisation, bool urgent,
                       const std::string& received_at, const std::string& subject = "010101A123N");

    // Runs `op` as a write job and waits for its committed result (a queue operation's struct).
    template <class Op>
    auto run(Op op) {
        using answer = decltype(op(std::declval<SQLite::Database&>()));
        std::promise<answer> promise;
        auto f = promise.get_future();
        store_->run_write<typename result_value<answer>::type>(
            std::move(op), [&promise](answer r) { promise.set_value(std::move(r)); });
        return f.get();
    }

    operation_context at(const auth::principal& who, const std::string& now_text) const;

    std::string item_state(const std::string& id);
    SQLite::Database read_only() const;

    std::filesystem::path dir_;
    std::unique_ptr<store::store> store_;
    policy rules_{1, 4, 3};  // ack within 1 working day, urgent within 4 hours, flagged after 3 attempts
    int counter_ = 0;
};

}  // namespace huoli::queue::testing
