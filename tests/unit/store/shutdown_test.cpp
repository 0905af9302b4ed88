#include <atomic>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

using shutdown_test = store_test;

TEST_F(shutdown_test, close_commits_everything_queued_and_empties_the_wal) {
    store_options options;
    options.batch_window = std::chrono::milliseconds(500);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    std::atomic<int> committed{0};
    for (int i = 0; i < 20; ++i) {
        s->submit_async(make_notice(i), [&committed](result<submit_outcome> r) {
            if (r.ok()) ++committed;
        });
    }
    s->close();  // does not wait out the batch window, and loses nothing
    EXPECT_EQ(committed.load(), 20);
    const auto wal = std::filesystem::path(db_file().string() + "-wal");
    EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
    EXPECT_EQ(count_rows(db_file(), "notices"), 20);
}

TEST_F(shutdown_test, close_empties_the_wal_while_the_background_checkpointer_is_busy) {
    // A checkpoint due every 4 pages keeps the checkpoint thread at work throughout; close() still
    // commits everything, stops the thread and folds the whole WAL back.
    store_options options;
    options.background_checkpoint_pages = 4;
    auto s = open_store(options);
    ASSERT_TRUE(s);
    std::atomic<int> committed{0};
    for (int i = 0; i < 200; ++i) {
        s->submit_async(make_notice(i), [&committed](result<submit_outcome> r) {
            if (r.ok()) ++committed;
        });
    }
    s->close();
    EXPECT_EQ(committed.load(), 200);
    const auto wal = std::filesystem::path(db_file().string() + "-wal");
    EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
    EXPECT_EQ(count_rows(db_file(), "notices"), 200);
}

TEST_F(shutdown_test, submissions_after_close_fail_without_storing) {
    auto s = open_store();
    ASSERT_TRUE(s);
    s->close();
    s->close();  // idempotent
    auto r = s->submit(make_notice(1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, storage_unavailable);
    EXPECT_FALSE(s->ready().ok());
    EXPECT_EQ(count_rows(db_file(), "notices"), 0);
}

TEST_F(shutdown_test, ready_while_the_writer_runs) {
    auto s = open_store();
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->ready().ok());
}

}  // namespace
}  // namespace huoli::store::testing
