// The WAL write buffer (server/store/wal_write_buffer.hpp) on real database files: what a
// commit makes visible to other connections, what reaches the file and when, and a failed write.
// The buffer is stacked on the fault-injecting VFS, which counts the writes that get through.
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "fault_vfs.hpp"
#include "store/connection.hpp"
#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

constexpr std::size_t buffer_bytes = 1 << 20;

class wal_write_buffer_test : public store_test {
protected:
    // The store's own writer connection (WAL, synchronous=FULL, no autocheckpoint), over the fault
    // VFS; capacity 0 opens it without the buffer.
    SQLite::Database open_writer(std::size_t capacity = buffer_bytes, int cache_pages = 2000) {
        store_options options;
        options.vfs = fault_vfs_name();
        options.wal_write_buffer_bytes = capacity;
        SQLite::Database db = open_writer_connection(file(), options);
        db.exec("PRAGMA cache_size=" + std::to_string(cache_pages));
        db.exec("CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        return db;
    }
    SQLite::Database open_reader() { return SQLite::Database(file(), SQLite::OPEN_READONLY); }
    std::string file() const { return (dir_ / "wal.sqlite3").string(); }

    // Inserts rows [from, to) of about 4 KB each, like a notice, in one transaction.
    static void insert_rows(SQLite::Database& db, int from, int to) {
        SQLite::Statement insert(db, "INSERT INTO t (n, body) VALUES (?, ?)");
        db.exec("BEGIN IMMEDIATE");
        for (int n = from; n < to; ++n) {
            insert.bind(1, n);
            insert.bind(2, body_of(n));
            insert.exec();
            insert.reset();
        }
        db.exec("COMMIT");
    }
    static std::string body_of(int n) {
        std::string body(4000, static_cast<char>('a' + n % 26));
        body += std::to_string(n);
        return body;
    }
    static long long rows(SQLite::Database& db) { return db.execAndGet("SELECT count(*) FROM t").getInt64(); }
};

TEST_F(wal_write_buffer_test, a_commit_reaches_the_file_in_a_few_writes_instead_of_two_per_page) {
    auto buffered = open_writer();
    long before = wal_writes();
    insert_rows(buffered, 0, 200);  // some 250 pages
    const long with_buffer = wal_writes() - before;

    auto plain = open_writer(0);
    before = wal_writes();
    insert_rows(plain, 200, 400);
    const long without_buffer = wal_writes() - before;

    EXPECT_GE(without_buffer, 400) << "SQLite writes each frame's header and page separately";
    // About 1 MiB of frames in pieces of 64 KiB, plus the WAL header when the log starts.
    EXPECT_LE(with_buffer, 24);
}

TEST_F(wal_write_buffer_test, every_commit_is_visible_to_another_connection_as_soon_as_it_returns) {
    auto writer = open_writer();
    auto reader = open_reader();
    for (int batch = 0; batch < 40; ++batch) {
        insert_rows(writer, batch * 10, batch * 10 + 10);
        ASSERT_EQ(rows(reader), (batch + 1) * 10) << "after commit " << batch;
    }
    SQLite::Statement last(reader, "SELECT body FROM t WHERE n = 399");
    ASSERT_TRUE(last.executeStep());
    EXPECT_EQ(last.getColumn(0).getString(), body_of(399));
}

TEST_F(wal_write_buffer_test, a_transaction_larger_than_the_page_cache_reads_back_its_own_spilled_pages) {
    // With a 20-page cache SQLite writes frames mid-transaction and then reads them back from
    // the WAL, and rewrites pages it has already spilled: reads must see the buffered writes.
    auto writer = open_writer(buffer_bytes, 20);
    SQLite::Statement insert(writer, "INSERT INTO t (n, body) VALUES (?, ?)");
    writer.exec("BEGIN IMMEDIATE");
    for (int n = 0; n < 1500; ++n) {
        insert.bind(1, n);
        insert.bind(2, body_of(n));
        insert.exec();
        insert.reset();
        if (n % 100 == 99) writer.exec("UPDATE t SET body = body || 'x' WHERE n % 7 = 0");
    }
    EXPECT_EQ(writer.execAndGet("SELECT count(*) FROM t WHERE body LIKE '%x'").getInt64(), 215);
    writer.exec("COMMIT");

    auto reader = open_reader();
    EXPECT_EQ(rows(reader), 1500);
    EXPECT_EQ(reader.execAndGet("SELECT sum(length(body)) FROM t").getInt64(),
              writer.execAndGet("SELECT sum(length(body)) FROM t").getInt64());
    EXPECT_EQ(reader.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(wal_write_buffer_test, the_log_is_reused_after_a_checkpoint_and_a_truncation) {
    auto writer = open_writer();
    auto reader = open_reader();
    for (int round = 0; round < 5; ++round) {
        insert_rows(writer, round * 100, round * 100 + 100);
        // Restarts the log from its first frame at the next commit; the last round truncates it.
        writer.execAndGet(round == 4 ? "PRAGMA wal_checkpoint(TRUNCATE)" : "PRAGMA wal_checkpoint(RESTART)");
        ASSERT_EQ(rows(reader), (round + 1) * 100);
    }
    EXPECT_EQ(reader.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(wal_write_buffer_test, a_write_that_fails_when_flushed_fails_the_commit_and_leaves_nothing) {
    auto writer = open_writer();
    insert_rows(writer, 0, 10);
    fail_writes_with(SQLITE_FULL);
    try {
        insert_rows(writer, 10, 60);
        ADD_FAILURE() << "the commit succeeded on a full disk";
    } catch (const SQLite::Exception& e) {
        EXPECT_EQ(e.getErrorCode(), SQLITE_FULL);
    }
    if (sqlite3_get_autocommit(writer.getHandle()) == 0) writer.exec("ROLLBACK");
    clear_faults();

    auto reader = open_reader();
    EXPECT_EQ(rows(reader), 10);
    insert_rows(writer, 10, 20);
    EXPECT_EQ(rows(reader), 20);
    EXPECT_EQ(reader.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

TEST_F(wal_write_buffer_test, a_reopened_database_holds_every_commit_after_the_writer_is_gone) {
    {
        auto writer = open_writer();
        for (int batch = 0; batch < 10; ++batch) insert_rows(writer, batch * 30, batch * 30 + 30);
    }
    auto reader = open_reader();
    EXPECT_EQ(rows(reader), 300);
    EXPECT_EQ(reader.execAndGet("PRAGMA integrity_check").getString(), "ok");
}

}  // namespace
}  // namespace huoli::store::testing
