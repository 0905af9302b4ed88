#include <atomic>
#include <future>
#include <stdexcept>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "json/digest.hpp"
#include "store/receipt.hpp"
#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

using submit_test = store_test;

// Passes the store's own checks (the hash matches) but fails CHECK (json_valid(payload)).
new_notice notice_refused_by_a_constraint(int n) {
    auto bad = make_notice(n);
    bad.payload = "{not json";
    bad.payload_sha256 = json::sha256_hex(bad.payload);
    return bad;
}


TEST_F(submit_test, submitted_notice_is_on_disk_with_routing_queue_item_and_audit_event) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto notice = make_notice(7);
    const auto expected_payload = notice.payload;
    auto r = s->submit(notice);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_FALSE(r.value().replayed);
    EXPECT_TRUE(is_receipt(r.value().receipt));
    EXPECT_GT(r.value().audit_seq, 0);

    // A separate connection, as another process would see the file.
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db,
                        "SELECT n.receipt, n.payload, n.urgent, n.decision_due, n.assessment_due, r.rule, "
                        "r.municipality_code, q.state, q.queue_id, q.attempts, q.available_since = n.received_at, "
                        "a.seq, a.object, a.event "
                        "FROM notices n JOIN routing_records r ON r.notice_id = n.id "
                        "JOIN queue_items q ON q.notice_id = n.id JOIN audit_events a ON a.object = n.id "
                        "WHERE n.id = ?");
    q.bind(1, r.value().notice_id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), r.value().receipt);
    EXPECT_EQ(q.getColumn(1).getString(), expected_payload);
    EXPECT_EQ(q.getColumn(2).getInt(), 0);
    EXPECT_EQ(q.getColumn(3).getString(), "2025-03-13");
    EXPECT_TRUE(q.getColumn(4).isNull());
    EXPECT_EQ(q.getColumn(5).getString(), "home_municipality");
    EXPECT_EQ(q.getColumn(6).getString(), "837");
    EXPECT_EQ(q.getColumn(7).getString(), "available");
    EXPECT_EQ(q.getColumn(8).getString(), "county-06");
    EXPECT_EQ(q.getColumn(9).getInt(), 0);
    EXPECT_EQ(q.getColumn(10).getInt(), 1);
    EXPECT_EQ(q.getColumn(11).getInt64(), r.value().audit_seq);
    const auto event = nlohmann::json::parse(q.getColumn(13).getString());
    EXPECT_EQ(event["object"], r.value().notice_id);
    EXPECT_EQ(event["notice"]["receipt"], r.value().receipt);
    EXPECT_EQ(event["notice"]["payload_sha256"], json::sha256_hex(expected_payload));
    EXPECT_EQ(event["data_subjects"], nlohmann::json::array({"subject-7"}));
    // The bytes the Merkle leaf commits to, member by member as the first version wrote them:
    // moving their builder to audit/event.hpp must not change a submission's event.
    const nlohmann::json expected{
        {"at", notice.received_at},
        {"actor", notice.audit.actor},
        {"action", notice.audit.action},
        {"object", r.value().notice_id},
        {"legal_basis", notice.audit.legal_basis},
        {"outcome", notice.audit.outcome},
        {"data_subjects", notice.audit.data_subjects},
        {"organisation", notice.organisation_id},
        {"routing", {{"rule", notice.routing.rule}, {"municipality_code", "837"}}},
        {"notice",
         {{"receipt", r.value().receipt},
          {"form", notice.form},
          {"queue_id", notice.queue_id},
          {"payload_sha256", notice.payload_sha256},
          {"schema_sha256", notice.schema_sha256}}},
    };
    EXPECT_EQ(q.getColumn(13).getString(), expected.dump());
    EXPECT_FALSE(q.executeStep());  // exactly one of each
    EXPECT_EQ(count_rows(db_file(), "idempotency_keys"), 0);
}

TEST_F(submit_test, linked_cases_are_rows_of_their_own_that_share_the_one_stored_payload) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto notice = make_notice(8);
    linked_case other;
    other.child_pointer = "/other_children/0";
    other.organisation_id = "county-19";
    other.queue_id = "county-19-children";
    other.routing = notice.routing;
    other.routing.municipality_code = "564";
    notice.linked_cases = {other};
    std::vector<std::string> linked_ids;
    notice.make_response = [&linked_ids](const stored_identity& id) {
        linked_ids = id.linked_ids;
        return std::string("{}");
    };
    auto r = s->submit(notice);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    ASSERT_EQ(linked_ids.size(), 1u);

    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    SQLite::Statement q(db,
                        "SELECT n.payload, c.payload, c.receipt, n.queue_id, q.queue_id, l.child_pointer, "
                        "l.routed_with_main, l.content_of, json_extract(a.event, '$.group.child'), "
                        "json_extract(a.event, '$.notice.receipt'), r.municipality_code "
                        "FROM notices n JOIN notice_content c ON c.notice_id = n.id "
                        "JOIN notice_links l ON l.notice_id = n.id JOIN queue_items q ON q.notice_id = n.id "
                        "JOIN routing_records r ON r.notice_id = n.id "
                        "JOIN audit_events a ON a.object = n.id AND a.action = 'submit' WHERE n.id = ?");
    q.bind(1, linked_ids[0]);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), "null");  // stored once, in the first child's row
    EXPECT_EQ(q.getColumn(1).getString(), notice.payload);
    EXPECT_EQ(q.getColumn(2).getString(), r.value().receipt);
    EXPECT_EQ(q.getColumn(3).getString(), "county-19-children");
    EXPECT_EQ(q.getColumn(4).getString(), "county-19-children");
    EXPECT_EQ(q.getColumn(5).getString(), "/other_children/0");
    EXPECT_EQ(q.getColumn(6).getInt(), 0);
    EXPECT_EQ(q.getColumn(7).getString(), r.value().notice_id);
    EXPECT_EQ(q.getColumn(8).getString(), "/other_children/0");
    EXPECT_EQ(q.getColumn(9).getString(), r.value().receipt);
    EXPECT_EQ(q.getColumn(10).getString(), "564");
    EXPECT_EQ(count_rows(db_file(), "notices"), 2);
    EXPECT_EQ(count_rows(db_file(), "notice_links"), 2);
    EXPECT_EQ(count_rows(db_file(), "queue_items"), 2);
}

TEST_F(submit_test, a_linked_case_without_a_queue_is_refused_and_nothing_is_stored) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto notice = make_notice(9);
    linked_case other;
    other.child_pointer = "/other_children/0";
    other.organisation_id = "county-19";
    other.routing = notice.routing;
    notice.linked_cases = {other};
    auto r = s->submit(notice);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, invalid_notice);
    EXPECT_EQ(count_rows(db_file(), "notices"), 0);
}

TEST_F(submit_test, reader_finds_a_notice_by_id_and_by_receipt) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto r = s->submit(make_notice(3));
    ASSERT_TRUE(r.ok());
    auto reader = s->reader();
    ASSERT_TRUE(reader.ok());
    auto by_id = reader.value().find_notice(r.value().notice_id);
    ASSERT_TRUE(by_id.ok());
    ASSERT_TRUE(by_id.value().has_value());
    EXPECT_EQ(by_id.value()->receipt, r.value().receipt);
    EXPECT_EQ(by_id.value()->queue_id, "county-06");
    EXPECT_FALSE(by_id.value()->urgent);
    auto by_receipt = reader.value().find_by_receipt(r.value().receipt);
    ASSERT_TRUE(by_receipt.ok());
    ASSERT_TRUE(by_receipt.value().has_value());
    EXPECT_EQ(by_receipt.value()->id, r.value().notice_id);
    auto missing = reader.value().find_notice("no-such-id");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing.value().has_value());
    EXPECT_EQ(reader.value().count_notices().value(), 1);
}

TEST_F(submit_test, rejects_a_payload_whose_hash_does_not_match_and_stores_nothing) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto notice = make_notice(1);
    notice.payload += " ";
    auto r = s->submit(notice);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, invalid_notice);
    EXPECT_EQ(s->commits(), 0u);
    s->close();
    EXPECT_EQ(count_all_rows(db_file()), 0);
}

TEST_F(submit_test, rejects_an_idempotency_key_without_a_body_hash) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto notice = make_keyed_notice(1, "k");
    notice.body_sha256.reset();
    auto r = s->submit(notice);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, invalid_notice);
}

TEST_F(submit_test, a_notice_refused_by_a_constraint_fails_alone_in_its_batch) {
    store_options options;
    options.batch_window = std::chrono::milliseconds(200);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    auto bad = notice_refused_by_a_constraint(2);

    std::vector<std::promise<result<submit_outcome>>> done(3);
    std::vector<new_notice> notices{make_notice(1), bad, make_notice(3)};
    for (std::size_t i = 0; i < notices.size(); ++i) {
        s->submit_async(notices[i], [&done, i](result<submit_outcome> r) { done[i].set_value(std::move(r)); });
    }
    auto first = done[0].get_future().get();
    auto second = done[1].get_future().get();
    auto third = done[2].get_future().get();
    EXPECT_TRUE(first.ok());
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, rejected_by_storage);
    EXPECT_TRUE(third.ok());
    EXPECT_EQ(s->commits(), 1u);
    s->close();
    EXPECT_EQ(count_rows(db_file(), "notices"), 2);
    EXPECT_EQ(count_rows(db_file(), "routing_records"), 2);
    EXPECT_EQ(count_rows(db_file(), "queue_items"), 2);
    EXPECT_EQ(count_rows(db_file(), "audit_events"), 2);
}

// The writer first writes a batch without savepoints; a failing notice sends the whole batch
// round again, item by item. A job in that batch then runs twice, and only the run that
// commits may be seen: one row, and the second run's answer.
TEST_F(submit_test, a_job_batched_with_a_failing_notice_commits_once_with_its_second_answer) {
    store_options options;
    options.batch_window = std::chrono::milliseconds(200);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    auto bad = notice_refused_by_a_constraint(2);

    auto runs = std::make_shared<int>(0);
    std::promise<result<submit_outcome>> first, second;
    std::promise<result<nlohmann::json>> job;
    s->submit_async(make_notice(1), [&](result<submit_outcome> r) { first.set_value(std::move(r)); });
    s->run_write(
        [runs](SQLite::Database& db) -> result<nlohmann::json> {
            ++*runs;
            db.exec("INSERT INTO writer_probe (id, at) VALUES (1, 'job')");
            return nlohmann::json{{"run", *runs}};
        },
        [&](result<nlohmann::json> r) { job.set_value(std::move(r)); });
    s->submit_async(bad, [&](result<submit_outcome> r) { second.set_value(std::move(r)); });

    EXPECT_TRUE(first.get_future().get().ok());
    auto refused = second.get_future().get();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, rejected_by_storage);
    auto answer = job.get_future().get();
    ASSERT_TRUE(answer.ok()) << answer.error().detail;
    EXPECT_EQ(*runs, 2);
    EXPECT_EQ(answer.value()["run"], 2);
    EXPECT_EQ(s->commits(), 1u);
    s->close();
    EXPECT_EQ(count_rows(db_file(), "writer_probe"), 1);
    EXPECT_EQ(count_rows(db_file(), "notices"), 1);
}

// The typed run_write carries a struct, not JSON: still only the committing run's value.
TEST_F(submit_test, a_typed_job_delivers_the_value_of_the_run_that_committed) {
    struct answer {
        int run = 0;
    };
    store_options options;
    options.batch_window = std::chrono::milliseconds(200);
    auto s = open_store(options);
    ASSERT_TRUE(s);
    auto runs = std::make_shared<int>(0);
    std::promise<result<submit_outcome>> first, second;
    std::promise<result<answer>> job;
    s->submit_async(make_notice(1), [&](result<submit_outcome> r) { first.set_value(std::move(r)); });
    s->run_write<answer>(
        [runs](SQLite::Database& db) -> result<answer> {
            db.exec("INSERT INTO writer_probe (id, at) VALUES (1, 'job')");
            return answer{++*runs};
        },
        [&](result<answer> r) { job.set_value(std::move(r)); });
    s->submit_async(notice_refused_by_a_constraint(2), [&](result<submit_outcome> r) { second.set_value(std::move(r)); });

    EXPECT_TRUE(first.get_future().get().ok());
    EXPECT_FALSE(second.get_future().get().ok());
    auto got = job.get_future().get();
    ASSERT_TRUE(got.ok()) << got.error().detail;
    EXPECT_EQ(*runs, 2);
    EXPECT_EQ(got.value().run, 2);
}

TEST_F(submit_test, a_typed_jobs_error_value_is_passed_on_and_rolls_back_its_changes) {
    auto s = open_store();
    ASSERT_TRUE(s);
    std::promise<result<int>> job;
    s->run_write<int>(
        [](SQLite::Database& db) -> result<int> {
            db.exec("INSERT INTO writer_probe (id, at) VALUES (1, 'job')");
            return error{"lease_not_held", "refused"};
        },
        [&](result<int> r) { job.set_value(std::move(r)); });
    auto got = job.get_future().get();
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, "lease_not_held");
    s->close();
    EXPECT_EQ(count_rows(db_file(), "writer_probe"), 0);
}

TEST_F(submit_test, a_failing_response_builder_loses_only_its_own_notice) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto notice = make_keyed_notice(1, "k1");
    notice.make_response = [](const stored_identity&) -> std::string { throw std::runtime_error("boom"); };
    auto r = s->submit(notice);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, internal_error);
    EXPECT_TRUE(s->submit(make_notice(2)).ok());
    s->close();
    EXPECT_EQ(count_rows(db_file(), "notices"), 1);
    EXPECT_EQ(count_rows(db_file(), "audit_events"), 1);
    EXPECT_EQ(count_rows(db_file(), "idempotency_keys"), 0);
}

TEST_F(submit_test, draws_a_new_receipt_when_the_first_is_taken) {
    std::atomic<int> calls{0};
    store_options options;
    options.receipt_source = [&calls]() -> result<std::string> {
        return std::string(calls++ < 2 ? "ABCD-EFGH-JK" : "ZZZZ-ZZZZ-ZZ");
    };
    auto s = open_store(options);
    ASSERT_TRUE(s);
    auto first = s->submit(make_notice(1));
    auto second = s->submit(make_notice(2));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(second.ok()) << second.error().detail;
    EXPECT_EQ(first.value().receipt, "ABCD-EFGH-JK");
    EXPECT_EQ(second.value().receipt, "ZZZZ-ZZZZ-ZZ");
    EXPECT_EQ(calls.load(), 3);
}

}  // namespace
}  // namespace huoli::store::testing
