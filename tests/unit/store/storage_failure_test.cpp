#include <chrono>
#include <future>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fault_vfs.hpp"
#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

// Every test here opens the store through the fault-injecting VFS (fault_vfs.hpp explains why).
class storage_failure_test : public store_test {
protected:
    std::unique_ptr<store> open_faulty() {
        store_options options;
        options.vfs = fault_vfs_name();
        options.batch_window = std::chrono::milliseconds(100);
        options.probe_interval = std::chrono::milliseconds(20);
        options.busy_timeout = std::chrono::milliseconds(100);
        return open_store(options);
    }

    // Submits `n` notices as one batch and returns their results.
    static std::vector<result<submit_outcome>> submit_batch(store& s, int n) {
        std::vector<std::promise<result<submit_outcome>>> promises(n);
        for (int i = 0; i < n; ++i) {
            s.submit_async(make_keyed_notice(100 + i, "k" + std::to_string(i)),
                           [&promises, i](result<submit_outcome> r) { promises[i].set_value(std::move(r)); });
        }
        std::vector<result<submit_outcome>> out;
        for (auto& p : promises) out.push_back(p.get_future().get());
        return out;
    }

    static bool becomes_ready(store& s) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        while (std::chrono::steady_clock::now() < deadline) {
            if (s.ready().ok()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    // The batch failed as a whole, nothing of it is visible now or after a restart, and the
    // store recovers by itself once the fault is gone.
    void expect_batch_lost_and_recovery(std::unique_ptr<store> s, const std::vector<result<submit_outcome>>& batch) {
        for (const auto& r : batch) {
            ASSERT_FALSE(r.ok());
            EXPECT_EQ(r.error().code, storage_unavailable) << r.error().detail;
        }
        EXPECT_FALSE(s->ready().ok());
        clear_faults();
        EXPECT_TRUE(becomes_ready(*s));
        EXPECT_EQ(s->reader().value().count_notices().value(), 1);
        auto next = s->submit(make_notice(2));
        ASSERT_TRUE(next.ok());
        EXPECT_EQ(next.value().audit_seq, 2);  // the lost batch left no gap in the audit sequence
        s.reset();
        s = open_store();  // a restart, through the platform's own VFS
        ASSERT_TRUE(s);
        s->close();
        EXPECT_EQ(count_rows(db_file(), "notices"), 2);
        EXPECT_EQ(count_rows(db_file(), "audit_events"), 2);
        EXPECT_EQ(count_rows(db_file(), "idempotency_keys"), 0);
    }
};

TEST_F(storage_failure_test, disk_full_at_commit_fails_every_notice_of_the_batch) {
    auto s = open_faulty();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    fail_writes_with(SQLITE_FULL);
    auto batch = submit_batch(*s, 5);
    expect_batch_lost_and_recovery(std::move(s), batch);
}

TEST_F(storage_failure_test, file_system_turned_read_only_fails_every_notice_of_the_batch) {
    // What a write returns after the file system is remounted read-only (EROFS).
    auto s = open_faulty();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    fail_writes_with(SQLITE_IOERR_WRITE);
    auto batch = submit_batch(*s, 5);
    expect_batch_lost_and_recovery(std::move(s), batch);
}

TEST_F(storage_failure_test, failed_fsync_at_commit_fails_every_notice_of_the_batch) {
    auto s = open_faulty();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    fail_syncs_with(SQLITE_IOERR_FSYNC);
    auto batch = submit_batch(*s, 5);
    expect_batch_lost_and_recovery(std::move(s), batch);
}

TEST_F(storage_failure_test, database_locked_by_another_process_fails_the_batch) {
    auto s = open_faulty();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    auto batch = [&] {
        SQLite::Database other(db_file(), SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");  // e.g. a careless maintenance script; longer than busy_timeout
        return submit_batch(*s, 3);
    }();
    expect_batch_lost_and_recovery(std::move(s), batch);
}

TEST_F(storage_failure_test, read_only_database_file_is_refused_at_open) {
    open_store().reset();
    open_read_only(true);  // what chmod 0444 does for a non-root service user
    store_options options;
    options.vfs = fault_vfs_name();
    auto opened = store::open(db_file(), options);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, storage_unavailable);
    EXPECT_NE(opened.error().detail.find("read-only"), std::string::npos) << opened.error().detail;
}

}  // namespace
}  // namespace huoli::store::testing
