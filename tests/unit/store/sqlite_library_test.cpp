#include <cstdlib>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/store.hpp"

namespace huoli::store::testing {
namespace {

// Some allocations SQLite makes for a connection, a table and a row; returns what SQLite's own
// statistics say it has allocated since.
sqlite3_int64 memory_counted_by_sqlite() {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) return -1;
    const int rc = sqlite3_exec(db, "CREATE TABLE t (x TEXT); INSERT INTO t VALUES (hex(randomblob(5000)));",
                                nullptr, nullptr, nullptr);
    const sqlite3_int64 counted = sqlite3_memory_used();
    sqlite3_close(db);
    return rc == SQLITE_OK ? counted : -1;
}

// The settings take effect only before SQLite initialises, so each case runs in a fresh process.
TEST(sqlite_library, allocation_statistics_are_off_once_configured) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(
        {
            configure_sqlite_library();
            std::_Exit(memory_counted_by_sqlite() == 0 ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

TEST(sqlite_library, without_the_configuration_sqlite_counts_its_memory) {
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_EXIT(std::_Exit(memory_counted_by_sqlite() > 0 ? 0 : 1), ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace huoli::store::testing
