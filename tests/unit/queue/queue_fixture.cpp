#include "queue_fixture.hpp"

#include <cstdlib>

#include <SQLiteCpp/Database.h>

#include "core/utc_timestamp.hpp"
#include "json/digest.hpp"
#include "queue/overdue.hpp"

namespace huoli::queue::testing {

auth::principal intake(const std::string& organisation, std::vector<std::string> queues) {
    auth::principal p;
    p.id = organisation + "-intake";
    p.organisation = organisation;
    p.roles = {auth::role::intake};
    p.queues = std::move(queues);
    p.fingerprint = std::string(64, 'a');
    return p;
}

void queue_test::SetUp() {
    std::string pattern = (std::filesystem::temp_directory_path() / "huoli_queue_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    store::store_options options;
    options.quick_check_on_open = false;
    auto opened = store::store::open(dir_ / "huoli.db", options);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(opened).value();
}

void queue_test::TearDown() {
    if (store_) store_->close();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

std::string queue_test::submit(const std::string& queue_id, const std::string& organisation, bool urgent,
                               const std::string& received_at, const std::string& subject) {
    store::new_notice n;
    n.form = "child-welfare-notification";
    n.received_at = received_at;
    n.payload = nlohmann::json{{"n", ++counter_}, {"child", {{"hetu", subject}}}}.dump();
    n.payload_sha256 = json::sha256_hex(n.payload);
    n.schema_sha256 = json::sha256_hex("schema");
    n.organisation_id = organisation;
    n.queue_id = queue_id;
    n.urgent = urgent;
    n.decision_due = "2025-03-13";
    n.assessment_due = "2025-06-04";
    n.routing.rule = "home";
    n.routing.municipality_code = "205";
    n.routing.table_sha256 = json::sha256_hex("table");
    n.routing.config_sha256 = json::sha256_hex("config");
    n.audit.actor = "public";
    n.audit.action = "submit";
    n.audit.legal_basis = "LSL 25 §";
    n.audit.outcome = "accepted";
    n.audit.data_subjects = nlohmann::json::array({subject});
    auto r = store_->submit(std::move(n));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().detail);
    return r.ok() ? r.value().notice_id : "";
}

operation_context queue_test::at(const auth::principal& who, const std::string& now_text) const {
    auto now = parse_utc_timestamp(now_text);
    EXPECT_TRUE(now.has_value()) << now_text;
    return make_context(who, *now, rules_);
}

SQLite::Database queue_test::read_only() const { return SQLite::Database(dir_ / "huoli.db", SQLite::OPEN_READONLY); }

std::string queue_test::item_state(const std::string& id) {
    auto db = read_only();
    SQLite::Statement q(db, "SELECT state FROM queue_items WHERE notice_id = ?");
    q.bind(1, id);
    return q.executeStep() ? q.getColumn(0).getString() : "";
}

}  // namespace huoli::queue::testing
