#include "log_fixture.hpp"

#include <future>

#include "json/digest.hpp"

namespace huoli::audit::test {

void log_test::SetUp() {
    write_new_key_pem("ED25519", dir_ / "audit.pem");
    auto s = store::store::open(db_file(), {});
    ASSERT_TRUE(s) << s.error().detail;
    store_ = std::move(s).value();
}

void log_test::TearDown() {
    if (store_) store_->close();
}

event log_test::make_event(int n) {
    event e;
    e.at = "2025-03-04T09:" + std::string(n % 60 < 10 ? "0" : "") + std::to_string(n % 60) + ":00.000Z";
    e.actor = n % 3 == 0 ? "kainuu-intake" : "public";
    e.organisation = n % 3 == 0 ? "kainuu" : "helsinki";
    e.action = n % 2 == 0 ? "read" : "lease";
    e.object = "notice-" + std::to_string(n % 10);
    e.legal_basis = "LSL 25 §";
    e.outcome = "ok";
    e.data_subjects = nlohmann::json::array({"subject-" + std::to_string(n % 7)});
    if (n % 5 == 0) e.data_subjects.push_back("subject-x");
    e.details = {{"n", n}};
    return e;
}

void log_test::append(int first, int last) {
    auto done = std::make_shared<std::promise<result<nlohmann::json>>>();
    auto f = done->get_future();
    store_->run_write(
        [first, last](SQLite::Database& db) -> result<nlohmann::json> {
            for (int n = first; n <= last; ++n) append_event(db, make_event(n));
            return nlohmann::json::object();
        },
        [done](result<nlohmann::json> r) { done->set_value(std::move(r)); });
    auto r = f.get();
    ASSERT_TRUE(r) << r.error().detail;
}

std::pair<std::string, std::int64_t> log_test::submit(int n) {
    store::new_notice notice;
    notice.form = "child-welfare-notification";
    notice.received_at = "2025-03-04T09:15:02.123Z";
    notice.payload = "{\"n\":" + std::to_string(n) + "}";
    notice.payload_sha256 = json::sha256_hex(notice.payload);
    notice.schema_sha256 = std::string(64, 'a');
    notice.organisation_id = "kainuu";
    notice.queue_id = "kainuu-children";
    notice.routing.rule = "home_municipality";
    notice.routing.table_sha256 = std::string(64, 'b');
    notice.routing.config_sha256 = std::string(64, 'c');
    notice.audit = {"public", "submit", "LSL 25 §", "accepted", nlohmann::json::array({"010101A123N"})};
    auto r = store_->submit(std::move(notice));
    EXPECT_TRUE(r) << r.error().detail;
    return {r.value().receipt, r.value().audit_seq};
}

std::unique_ptr<checkpointer> log_test::open_checkpointer(std::uint64_t batch) {
    checkpointer_options o;
    o.batch = batch;
    return checkpointer::open(db_file(), key(), o);
}

SQLite::Database log_test::tamper() {
    store_->close();
    store_.reset();
    SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
    db.exec("DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;");
    return db;
}

}  // namespace huoli::audit::test
