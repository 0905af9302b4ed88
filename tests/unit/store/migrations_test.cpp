#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "store/migrations.hpp"
#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

using migrations_test = store_test;

TEST_F(migrations_test, creates_the_parent_directory_and_applies_every_migration_once) {
    auto s = open_store();
    ASSERT_TRUE(s);
    EXPECT_TRUE(std::filesystem::is_directory(db_file().parent_path()));
    s->close();
    EXPECT_EQ(count_rows(db_file(), "schema_migrations"), static_cast<std::int64_t>(migrations().size()));
}

TEST_F(migrations_test, reopening_keeps_data_and_applies_nothing_again) {
    auto s = open_store();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    s.reset();
    for (int i = 0; i < 3; ++i) {
        auto again = open_store();
        ASSERT_TRUE(again);
        again->close();
    }
    EXPECT_EQ(count_rows(db_file(), "schema_migrations"), static_cast<std::int64_t>(migrations().size()));
    EXPECT_EQ(count_rows(db_file(), "notices"), 1);
}

TEST_F(migrations_test, refuses_a_database_written_by_a_newer_version) {
    open_store().reset();
    const int newer = static_cast<int>(migrations().size()) + 1;
    {
        SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
        db.exec("INSERT INTO schema_migrations (version, applied_at) VALUES (" + std::to_string(newer) +
                ", '2030-01-01T00:00:00.000Z')");
    }
    auto opened = store::open(db_file(), {});
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.error().code, schema_too_new);
    EXPECT_NE(opened.error().detail.find(std::to_string(newer)), std::string::npos) << opened.error().detail;
    EXPECT_EQ(count_rows(db_file(), "schema_migrations"), newer);  // refused, not "repaired"
}

TEST_F(migrations_test, database_is_left_in_wal_mode) {
    auto s = open_store();
    ASSERT_TRUE(s);
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");  // persistent in the file
    s->close();
}

TEST_F(migrations_test, audit_events_refuse_update_and_delete) {
    auto s = open_store();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    s->close();
    SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(db.exec("UPDATE audit_events SET outcome = 'rejected'"), SQLite::Exception);
    EXPECT_THROW(db.exec("DELETE FROM audit_events"), SQLite::Exception);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM audit_events WHERE outcome = 'accepted'").getInt(), 1);
}

TEST_F(migrations_test, queue_item_cannot_be_leased_without_a_lease_token) {
    auto s = open_store();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_notice(1)).ok());
    s->close();
    SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(db.exec("UPDATE queue_items SET state = 'leased'"), SQLite::Exception);
    EXPECT_THROW(db.exec("UPDATE queue_items SET state = 'gone'"), SQLite::Exception);
}

}  // namespace
}  // namespace huoli::store::testing
