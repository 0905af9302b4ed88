// Issue 15 §1: nothing that happens on the writer's connection can leave it unable to begin the
// next transaction. The defect: an idempotent replay left a cached statement on a row, which kept
// the writer's snapshot open past COMMIT; once another connection (the audit checkpointer)
// committed, every BEGIN IMMEDIATE failed with SQLITE_BUSY and the store answered 503 for good.
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/cached_statement.hpp"
#include "store/writer_watchdog.hpp"
#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

using writer_wedge_test = store_test;

// What the audit checkpointer does between two batches: commit on a connection of its own.
void commit_on_another_connection(const std::filesystem::path& db_file) {
    SQLite::Database other(db_file, SQLite::OPEN_READWRITE, 5000);
    other.exec("BEGIN IMMEDIATE");
    other.exec("INSERT OR REPLACE INTO writer_probe (id, at) VALUES (1, 'elsewhere')");
    other.exec("COMMIT");
}

// Collects what the writer reports through store_options::on_storage_failure.
struct failure_log {
    std::mutex mutex;
    std::vector<storage_failure> seen;
    store_options options() {
        store_options o;
        o.on_storage_failure = [this](const storage_failure& f) {
            std::lock_guard lock(mutex);
            seen.push_back(f);
        };
        return o;
    }
    std::vector<storage_failure> copy() {
        std::lock_guard lock(mutex);
        return seen;
    }
};

TEST_F(writer_wedge_test, a_replay_in_the_writer_leaves_it_able_to_commit_after_another_connection_commits) {
    failure_log log;
    auto s = open_store(log.options());
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_keyed_notice(1, "public:retry")).ok());
    auto replayed = s->submit(make_keyed_notice(1, "public:retry"));  // found by the writer itself
    ASSERT_TRUE(replayed.ok());
    ASSERT_TRUE(replayed.value().replayed);
    auto refused = s->submit(make_keyed_notice(2, "public:retry"));  // the other replay path
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, idempotency_key_reused);

    commit_on_another_connection(db_file());

    for (int i = 0; i < 3; ++i) {
        auto next = s->submit(make_notice(10 + i));
        ASSERT_TRUE(next.ok()) << next.error().detail;
    }
    EXPECT_TRUE(s->ready().ok());
    EXPECT_TRUE(log.copy().empty()) << log.copy().front().during;
}

TEST_F(writer_wedge_test, two_submissions_with_one_key_in_one_batch_leave_the_writer_working) {
    store_options options;
    options.batch_window = std::chrono::milliseconds(200);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    std::promise<result<submit_outcome>> a, b;
    s->submit_async(make_keyed_notice(1, "public:twice"), [&a](result<submit_outcome> r) { a.set_value(std::move(r)); });
    s->submit_async(make_keyed_notice(1, "public:twice"), [&b](result<submit_outcome> r) { b.set_value(std::move(r)); });
    ASSERT_TRUE(a.get_future().get().ok());
    ASSERT_TRUE(b.get_future().get().value().replayed);

    commit_on_another_connection(db_file());
    auto next = s->submit(make_notice(3));
    ASSERT_TRUE(next.ok()) << next.error().detail;
}

// The last line of defence: a statement some future job keeps on a row past its transaction is
// reset by the writer after the commit and reported, and the writer goes on working.
TEST_F(writer_wedge_test, a_statement_a_job_leaves_on_a_row_is_reset_and_reported) {
    failure_log log;
    auto s = open_store(log.options());
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    auto kept = std::make_shared<std::unique_ptr<SQLite::Statement>>();
    std::promise<result<nlohmann::json>> done;
    s->run_write(
        [kept](SQLite::Database& db) -> result<nlohmann::json> {
            *kept = std::make_unique<SQLite::Statement>(db, "SELECT id FROM notices");
            (*kept)->executeStep();  // on a row, and never reset: the defect this guards against
            return nlohmann::json();
        },
        [&done](result<nlohmann::json> r) { done.set_value(std::move(r)); });
    ASSERT_TRUE(done.get_future().get().ok());

    commit_on_another_connection(db_file());
    auto next = s->submit(make_notice(2));
    ASSERT_TRUE(next.ok()) << next.error().detail;
    const auto reported = log.copy();
    ASSERT_EQ(reported.size(), 1u);
    EXPECT_NE(reported[0].during.find("left on a row"), std::string::npos) << reported[0].during;
    // Finalised on the writer's thread, before its connection closes.
    std::promise<result<nlohmann::json>> finalised;
    s->run_write(
        [kept](SQLite::Database&) -> result<nlohmann::json> {
            kept->reset();
            return nlohmann::json();
        },
        [&finalised](result<nlohmann::json> r) { finalised.set_value(std::move(r)); });
    ASSERT_TRUE(finalised.get_future().get().ok());
}

TEST_F(writer_wedge_test, a_failed_transaction_is_reported_with_sqlites_code_and_its_text_only) {
    failure_log log;
    auto options = log.options();
    options.busy_timeout = std::chrono::milliseconds(50);
    options.probe_interval = std::chrono::milliseconds(20);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    {
        SQLite::Database other(db_file(), SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");
        auto refused = s->submit(make_notice(1));
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.error().code, storage_unavailable);
        EXPECT_FALSE(s->ready().ok());
    }
    const auto reported = log.copy();
    ASSERT_FALSE(reported.empty());
    EXPECT_EQ(reported[0].during, "beginning a transaction");
    EXPECT_EQ(reported[0].sqlite_code & 0xff, SQLITE_BUSY);
    EXPECT_EQ(reported[0].sqlite_message, sqlite3_errstr(SQLITE_BUSY));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!s->ready().ok() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(s->ready().ok());  // the probe found the storage working again
    EXPECT_TRUE(s->submit(make_notice(2)).ok());
}

TEST(cached_statement, a_use_that_returns_on_a_row_leaves_nothing_open_or_bound) {
    SQLite::Database db(":memory:", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE t (v TEXT); INSERT INTO t VALUES ('a'), ('b')");
    cached_statement find(db, "SELECT v FROM t WHERE v >= ?");
    const auto first = [&](const std::string& from) {
        auto q = find.use();
        q->bindNoCopy(1, from);
        EXPECT_TRUE(q->executeStep());
        return q->getColumn(0).getString();  // returns on a row
    };
    EXPECT_EQ(first("a"), "a");
    int busy = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.getHandle(), nullptr); s; s = sqlite3_next_stmt(db.getHandle(), s)) {
        busy += sqlite3_stmt_busy(s);
    }
    EXPECT_EQ(busy, 0);
    {
        auto q = find.use();
        EXPECT_FALSE(q->executeStep());  // the old binding was cleared: NULL matches nothing
    }
    EXPECT_EQ(first("b"), "b");
}

// The watchdog of systemd (deploy/huoli.service) is told the process is alive only while the
// writer commits: idle (through its probe), and not while the database is locked elsewhere.
TEST_F(writer_wedge_test, the_watchdog_pets_while_the_writer_commits_and_not_while_it_cannot) {
    store_options options;
    options.busy_timeout = std::chrono::milliseconds(100);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    std::atomic<int> pets{0};
    writer_watchdog watchdog(*s, std::chrono::milliseconds(20), [&pets] { ++pets; });
    const auto pets_within = [&](std::chrono::milliseconds limit, int more_than) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (pets.load() <= more_than && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return pets.load() > more_than;
    };
    EXPECT_TRUE(pets_within(std::chrono::seconds(5), 3));  // idle: its own probes commit

    {
        SQLite::Database other(db_file(), SQLite::OPEN_READWRITE);
        other.exec("BEGIN IMMEDIATE");
        std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a commit just before may still count
        const int before = pets.load();
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        EXPECT_EQ(pets.load(), before) << "petted while no transaction could commit";
    }
    const int after = pets.load();
    EXPECT_TRUE(pets_within(std::chrono::seconds(5), after));  // back once the lock is gone
    watchdog.stop();
}

}  // namespace
}  // namespace huoli::store::testing
