// Rows added to audit_events while the server is stopped must never be signed (tail_check.hpp).
#include <SQLiteCpp/Statement.h>

#include "audit/log_verifier.hpp"
#include "audit/tail_check.hpp"
#include "log_fixture.hpp"

namespace huoli::audit::test {
namespace {

class tail_check_test : public log_test {
protected:
    // A run of 10 events that ends as a clean stop does: server.stop, then the final checkpoint.
    void SetUp() override {
        log_test::SetUp();
        append(1, 10);
        append_system("server.stop");
        open_checkpointer()->run_once().value();
    }

    void append_system(const std::string& action) {
        store_->run_write(
            [action](SQLite::Database& db) -> result<nlohmann::json> {
                event e;
                e.at = "2025-03-04T10:00:00.000Z";
                e.actor = "system";
                e.action = action;
                e.object = "-";
                e.outcome = "ok";
                return append_event_job(db, e);
            },
            [](result<nlohmann::json>) {});
        append(100, 99);  // an empty job after it: run_write is in order, so this waits for the one above
    }

    // What a forger with the file does while the server is stopped: a plain INSERT (no trigger refuses it).
    void forge(int n) {
        SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
        append_event(db, make_event(n));
    }

    std::unique_ptr<checkpointer> open_with(unsigned_tail_policy policy) {
        checkpointer_options o;
        o.unsigned_tail = policy;
        return checkpointer::open(db_file(), key(), o);
    }

    std::int64_t count(const std::string& sql) {
        SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
        return db.execAndGet(sql).getInt64();
    }
};

TEST_F(tail_check_test, a_clean_stop_leaves_nothing_unsigned_and_opens) {
    EXPECT_EQ(open_with(unsigned_tail_policy::refuse)->head().size, 11u);
}

TEST_F(tail_check_test, refuses_to_start_when_events_follow_a_clean_stop) {
    forge(50);
    forge(51);
    try {
        open_with(unsigned_tail_policy::refuse);
        FAIL() << "opened with a forged tail";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("2 events (seq 12 to 13)"), std::string::npos) << e.what();
    }
    // Nothing was signed or moved: the next start refuses again.
    EXPECT_EQ(count("SELECT max(size) FROM audit_checkpoints"), 11);
    EXPECT_EQ(count("SELECT count(*) FROM audit_events"), 13);
    EXPECT_THROW(open_with(unsigned_tail_policy::refuse), std::runtime_error);
}

TEST_F(tail_check_test, record_sets_the_tail_aside_unsigned_and_signs_its_rejection) {
    forge(50);
    forge(51);
    auto c = open_with(unsigned_tail_policy::record);
    EXPECT_EQ(c->head().size, 12u);  // the 11 signed events and audit.tail_rejected
    {
        SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
        SQLite::Statement rejection(db, "SELECT action, json_extract(event, '$.details') FROM audit_events WHERE seq = 12");
        ASSERT_TRUE(rejection.executeStep());
        EXPECT_EQ(rejection.getColumn(0).getString(), "audit.tail_rejected");
        const auto details = nlohmann::json::parse(rejection.getColumn(1).getString());
        EXPECT_EQ(details["first_seq"], 12);
        EXPECT_EQ(details["last_seq"], 13);
        EXPECT_EQ(details["count"], 2);
    }
    EXPECT_EQ(count("SELECT count(*) FROM audit_rejected_events WHERE rejected_by = 12"), 2);
    EXPECT_EQ(count("SELECT count(*) FROM audit_events"), 12);
    EXPECT_EQ(count("SELECT count(*) FROM audit_subjects WHERE seq > 12"), 0);
    c.reset();
    // The signed sequence stays gapless and verifies; the next event continues it.
    append(60, 60);
    EXPECT_EQ(count("SELECT max(seq) FROM audit_events"), 13);
    auto report = verify_database(db_file(), vkey());
    ASSERT_TRUE(report);
    EXPECT_TRUE(report.value().ok()) << report.value().summary();
    EXPECT_NE(report.value().summary().find("seq 12 to 13 (2 events) were set aside unsigned"), std::string::npos)
        << report.value().summary();
}

TEST_F(tail_check_test, after_a_crash_the_unsigned_tail_is_the_servers_own_and_is_signed) {
    {
        auto next_run = open_with(unsigned_tail_policy::refuse);  // checks the tail, then the run writes
        append_system("server.start");                             // and signs its start-up events
        next_run->run_once().value();
    }
    append(20, 22);  // then it crashes before a checkpoint covers these
    auto c = open_with(unsigned_tail_policy::refuse);
    EXPECT_EQ(c->run_once().value().size, 15u);
}

TEST_F(tail_check_test, a_signed_event_still_cannot_be_deleted) {
    SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(db.exec("DELETE FROM audit_events WHERE seq = 11"), SQLite::Exception);
}

TEST_F(tail_check_test, an_unsigned_row_cannot_be_deleted_unless_its_copy_is_kept) {
    forge(50);
    SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
    EXPECT_THROW(db.exec("DELETE FROM audit_events WHERE seq = 12"), SQLite::Exception);
}

}  // namespace
}  // namespace huoli::audit::test
