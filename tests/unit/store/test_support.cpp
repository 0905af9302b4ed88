#include "test_support.hpp"

#include <cstdlib>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/utc_timestamp.hpp"
#include "fault_vfs.hpp"
#include "json/digest.hpp"

namespace huoli::store::testing {

void store_test::SetUp() {
    std::string pattern = (std::filesystem::temp_directory_path() / "huoli_store_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
}

void store_test::TearDown() {
    clear_faults();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::unique_ptr<store> store_test::open_store(store_options options) {
    auto opened = store::open(db_file(), std::move(options));
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().detail);
    return opened.ok() ? std::move(opened).value() : nullptr;
}

new_notice make_notice(int n) {
    new_notice notice;
    notice.form = "child_welfare_notification";
    notice.received_at = utc_timestamp_now();
    notice.payload = nlohmann::json{{"form", notice.form}, {"n", n}}.dump();
    notice.payload_sha256 = json::sha256_hex(notice.payload);
    notice.schema_sha256 = json::sha256_hex("schema");
    notice.organisation_id = "0123456-7";
    notice.queue_id = "county-06";
    notice.urgent = n % 2 == 0;
    notice.decision_due = "2025-03-13";
    notice.routing.rule = "home_municipality";
    notice.routing.municipality_code = "837";
    notice.routing.explanation = {{"municipality", "837"}, {"county", "06"}};
    notice.routing.table_sha256 = json::sha256_hex("table");
    notice.routing.config_sha256 = json::sha256_hex("config");
    notice.audit.actor = "org:0123456-7";
    notice.audit.action = "submit";
    notice.audit.legal_basis = "LSL 25 §";
    notice.audit.outcome = "accepted";
    notice.audit.data_subjects = nlohmann::json::array({"subject-" + std::to_string(n)});
    return notice;
}

new_notice make_keyed_notice(int n, const std::string& key) {
    auto notice = make_notice(n);
    notice.idempotency_key = key;
    notice.body_sha256 = json::sha256_hex(notice.payload);
    notice.make_response = [](const stored_identity& s) {
        return nlohmann::json{{"id", s.notice_id}, {"receipt", s.receipt}, {"audit_seq", s.audit_seq}}.dump();
    };
    return notice;
}

std::int64_t count_rows(const std::filesystem::path& db_file, const std::string& table) {
    SQLite::Database db(db_file, SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM " + table).getInt64();
}

std::int64_t count_all_rows(const std::filesystem::path& db_file) {
    std::int64_t total = 0;
    for (const char* table : {"notices", "routing_records", "queue_items", "audit_events", "idempotency_keys"}) {
        total += count_rows(db_file, table);
    }
    return total;
}

}  // namespace huoli::store::testing
