#include <algorithm>
#include <chrono>
#include <filesystem>
#include <latch>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

using group_commit_test = store_test;

TEST_F(group_commit_test, sixty_four_concurrent_submissions_share_a_few_commits) {
    // A 50 ms window rather than the 2 ms default: the build machine's two cores are shared, and
    // the point is to show that queued submissions are batched, not to measure the scheduler.
    store_options options;
    options.batch_window = std::chrono::milliseconds(50);
    auto s = open_store(options);
    ASSERT_TRUE(s);

    constexpr int submitters = 64;
    std::latch start(submitters);
    std::vector<result<submit_outcome>> results(submitters, error{"not_run", ""});
    std::vector<std::thread> threads;
    for (int i = 0; i < submitters; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            results[i] = s->submit(make_notice(i));
        });
    }
    for (auto& t : threads) t.join();

    std::set<std::string> ids, receipts;
    for (const auto& r : results) {
        ASSERT_TRUE(r.ok()) << r.error().code << ": " << r.error().detail;
        ids.insert(r.value().notice_id);
        receipts.insert(r.value().receipt);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(submitters));
    EXPECT_EQ(receipts.size(), static_cast<std::size_t>(submitters));
    EXPECT_GE(s->commits(), 1u);
    EXPECT_LE(s->commits(), 8u) << "submissions were not grouped";
    s->close();
    EXPECT_EQ(count_rows(db_file(), "notices"), submitters);
    EXPECT_EQ(count_rows(db_file(), "queue_items"), submitters);
    EXPECT_EQ(count_rows(db_file(), "audit_events"), submitters);
}

TEST_F(group_commit_test, a_batch_never_exceeds_max_batch) {
    store_options options;
    options.batch_window = std::chrono::milliseconds(200);
    options.max_batch = 4;
    auto s = open_store(options);
    ASSERT_TRUE(s);
    std::atomic<int> done{0};
    for (int i = 0; i < 10; ++i) {
        s->submit_async(make_notice(i), [&done](result<submit_outcome> r) {
            EXPECT_TRUE(r.ok());
            ++done;
        });
    }
    s->close();
    EXPECT_EQ(done.load(), 10);
    EXPECT_GE(s->commits(), 3u);  // ceil(10 / 4)
    EXPECT_EQ(count_rows(db_file(), "notices"), 10);
}

TEST_F(group_commit_test, audit_sequence_follows_commit_order_without_gaps) {
    auto s = open_store();
    ASSERT_TRUE(s);
    std::int64_t previous = 0;
    for (int i = 0; i < 5; ++i) {
        auto r = s->submit(make_notice(i));
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(r.value().audit_seq, previous + 1);
        previous = r.value().audit_seq;
    }
}

TEST_F(group_commit_test, the_wal_is_folded_back_into_the_database_at_the_configured_size) {
    // SQLite restarts a checkpointed WAL from its first frame, so the file stops growing at about
    // the threshold; with the default it keeps every one of these commits.
    const auto wal = std::filesystem::path(db_file().string() + "-wal");
    // The schema migrations run first, each a transaction of its own, and the WAL file keeps its
    // largest size: the growth after them is what the threshold bounds.
    struct wal_sizes {
        std::uintmax_t after_open = 0;
        std::uintmax_t after_commits = 0;
    };
    const auto wal_after_sixty_commits = [&](store_options options) -> wal_sizes {
        auto s = open_store(options);
        if (!s) return {};
        wal_sizes sizes;
        sizes.after_open = std::filesystem::file_size(wal);
        for (int i = 0; i < 60; ++i) {
            if (!s->submit(make_notice(i)).ok()) return {};
        }
        sizes.after_commits = std::filesystem::file_size(wal);
        s->close();
        EXPECT_EQ(count_rows(db_file(), "notices"), 60);
        std::filesystem::remove_all(db_file().parent_path());
        return sizes;
    };
    store_options small;
    small.wal_autocheckpoint_pages = 16;
    const auto small_wal = wal_after_sixty_commits(small);
    const auto default_wal = wal_after_sixty_commits(store_options{});

    EXPECT_GT(small_wal.after_commits, 0u);
    // The first commit lands after the migrations' frames and folds them back; the WAL then
    // restarts from its first frame and stays within 16 pages and a commit.
    EXPECT_LT(small_wal.after_commits, small_wal.after_open + 32u * 4096u);
    // at least a page per commit, none folded back
    EXPECT_GT(default_wal.after_commits, default_wal.after_open + 60u * 4096u);
}

TEST_F(group_commit_test, a_background_checkpoint_copies_the_wal_into_the_database_while_the_writer_goes_on) {
    // Committed pages reach the database file only by a checkpoint. The writer's own threshold is
    // far off here, so if the file grows while the store is open, the background checkpointer
    // copied them.
    const auto database_growth_after_sixty_commits = [&](int background_pages) -> std::uintmax_t {
        store_options options;
        options.background_checkpoint_pages = background_pages;
        auto s = open_store(options);
        if (!s) return 0;
        const auto at_open = std::filesystem::file_size(db_file());
        for (int i = 0; i < 60; ++i) {
            if (!s->submit(make_notice(i)).ok()) return 0;
        }
        // The checkpoint runs on its own thread: give it until the file has grown by twenty
        // pages (or a second, for the run without it).
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(background_pages ? 10 : 1);
        while (std::filesystem::file_size(db_file()) < at_open + 20 * 4096 &&
               std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        const auto growth = std::filesystem::file_size(db_file()) - at_open;
        s->close();
        EXPECT_EQ(count_rows(db_file(), "notices"), 60);
        std::filesystem::remove_all(db_file().parent_path());
        return growth;
    };
    EXPECT_GE(database_growth_after_sixty_commits(8), 20u * 4096u);
    EXPECT_EQ(database_growth_after_sixty_commits(0), 0u);
}

}  // namespace
}  // namespace huoli::store::testing
