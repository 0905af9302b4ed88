#include <future>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include <gtest/gtest.h>

#include "json/digest.hpp"
#include "test_support.hpp"

namespace huoli::store::testing {
namespace {

using idempotency_test = store_test;

// Submits both notices back to back; with a long batch window they share one transaction.
std::pair<result<submit_outcome>, result<submit_outcome>> submit_pair(store& s, new_notice a, new_notice b) {
    std::promise<result<submit_outcome>> pa, pb;
    s.submit_async(std::move(a), [&pa](result<submit_outcome> r) { pa.set_value(std::move(r)); });
    s.submit_async(std::move(b), [&pb](result<submit_outcome> r) { pb.set_value(std::move(r)); });
    auto ra = pa.get_future().get();
    auto rb = pb.get_future().get();
    return {std::move(ra), std::move(rb)};
}

store_options one_batch() {
    store_options options;
    options.batch_window = std::chrono::milliseconds(200);
    return options;
}

TEST_F(idempotency_test, replay_returns_the_original_response_and_stores_nothing) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto first = s->submit(make_keyed_notice(1, "org:key-1"));
    ASSERT_TRUE(first.ok());
    EXPECT_FALSE(first.value().replayed);
    EXPECT_NE(first.value().response_json.find(first.value().receipt), std::string::npos);
    const auto rows = count_all_rows(db_file());

    auto again = s->submit(make_keyed_notice(1, "org:key-1"));
    ASSERT_TRUE(again.ok()) << again.error().detail;
    EXPECT_TRUE(again.value().replayed);
    EXPECT_EQ(again.value().response_json, first.value().response_json);
    EXPECT_EQ(again.value().notice_id, first.value().notice_id);
    EXPECT_EQ(again.value().receipt, first.value().receipt);
    EXPECT_EQ(again.value().audit_seq, first.value().audit_seq);
    EXPECT_EQ(count_all_rows(db_file()), rows);
    EXPECT_EQ(count_rows(db_file(), "notices"), 1);
}

TEST_F(idempotency_test, replay_works_after_a_restart) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto first = s->submit(make_keyed_notice(1, "org:key-1"));
    ASSERT_TRUE(first.ok());
    s.reset();
    s = open_store();
    ASSERT_TRUE(s);
    auto again = s->submit(make_keyed_notice(1, "org:key-1"));
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again.value().replayed);
    EXPECT_EQ(again.value().response_json, first.value().response_json);
}

TEST_F(idempotency_test, same_key_with_a_different_body_is_refused_and_stores_nothing) {
    auto s = open_store();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_keyed_notice(1, "org:key-1")).ok());
    const auto rows = count_all_rows(db_file());
    auto other = s->submit(make_keyed_notice(2, "org:key-1"));
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, idempotency_key_reused);
    EXPECT_EQ(count_all_rows(db_file()), rows);
}

TEST_F(idempotency_test, two_submissions_with_one_key_in_one_batch_store_one_notice) {
    auto s = open_store(one_batch());
    ASSERT_TRUE(s);
    auto [a, b] = submit_pair(*s, make_keyed_notice(1, "org:key-1"), make_keyed_notice(1, "org:key-1"));
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(s->commits(), 1u);  // they really shared a transaction
    EXPECT_FALSE(a.value().replayed);
    EXPECT_TRUE(b.value().replayed);
    EXPECT_EQ(a.value().notice_id, b.value().notice_id);
    EXPECT_EQ(a.value().response_json, b.value().response_json);
    s->close();
    EXPECT_EQ(count_rows(db_file(), "notices"), 1);
    EXPECT_EQ(count_rows(db_file(), "audit_events"), 1);
    EXPECT_EQ(count_rows(db_file(), "idempotency_keys"), 1);
}

TEST_F(idempotency_test, one_key_with_two_bodies_in_one_batch_keeps_the_first) {
    auto s = open_store(one_batch());
    ASSERT_TRUE(s);
    auto [a, b] = submit_pair(*s, make_keyed_notice(1, "org:key-1"), make_keyed_notice(2, "org:key-1"));
    ASSERT_TRUE(a.ok());
    ASSERT_FALSE(b.ok());
    EXPECT_EQ(b.error().code, idempotency_key_reused);
    EXPECT_EQ(s->commits(), 1u);
    s->close();
    EXPECT_EQ(count_rows(db_file(), "notices"), 1);
}

TEST_F(idempotency_test, different_keys_store_different_notices_even_for_the_same_body) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto a = s->submit(make_keyed_notice(1, "org:key-1"));
    auto b = s->submit(make_keyed_notice(1, "org:key-2"));
    ASSERT_TRUE(a.ok());
    ASSERT_TRUE(b.ok());
    EXPECT_NE(a.value().notice_id, b.value().notice_id);
    EXPECT_FALSE(b.value().replayed);
}

}  // namespace
}  // namespace huoli::store::testing

namespace huoli::store::testing {
namespace {

// The HTTP layer answers a retry from here before validating the body again.
TEST_F(store_test, reader_finds_the_stored_response_of_an_idempotency_key) {
    auto s = open_store();
    ASSERT_TRUE(s);
    auto keyed = make_keyed_notice(7, "public:retry-7");
    const std::string body_hash = *keyed.body_sha256;
    auto first = s->submit(std::move(keyed));
    ASSERT_TRUE(first.ok());
    auto reader = s->reader();
    ASSERT_TRUE(reader.ok());
    auto found = reader.value().find_idempotency_key("public:retry-7");
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found.value().has_value());
    EXPECT_EQ(found.value()->notice_id, first.value().notice_id);
    EXPECT_EQ(found.value()->response, first.value().response_json);
    EXPECT_EQ(found.value()->body_sha256, body_hash);
    auto missing = reader.value().find_idempotency_key("public:never-used");
    ASSERT_TRUE(missing.ok());
    EXPECT_FALSE(missing.value().has_value());
}

// The reader keeps its lookup statement prepared; after a lookup that found a key it must not keep
// the snapshot open, or the WAL could never be copied back past it.
TEST_F(store_test, a_key_lookup_leaves_no_read_transaction_open) {
    auto s = open_store();
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->submit(make_keyed_notice(1, "public:a")).ok());
    auto reader = s->reader();
    ASSERT_TRUE(reader.ok());
    for (int i = 0; i < 3; ++i) {  // the same statement, found and then not
        auto found = reader.value().find_idempotency_key(i == 1 ? "public:none" : "public:a");
        ASSERT_TRUE(found.ok());
        EXPECT_EQ(found.value().has_value(), i != 1);
    }
    ASSERT_TRUE(s->submit(make_keyed_notice(2, "public:b")).ok());
    // Everything in the WAL can be copied back: no reader holds an older snapshot.
    SQLite::Database other(db_file(), SQLite::OPEN_READWRITE);
    SQLite::Statement checkpoint(other, "PRAGMA wal_checkpoint(PASSIVE)");
    ASSERT_TRUE(checkpoint.executeStep());
    EXPECT_EQ(checkpoint.getColumn(0).getInt(), 0);                                        // not busy
    EXPECT_EQ(checkpoint.getColumn(1).getInt(), checkpoint.getColumn(2).getInt());  // all frames copied
    EXPECT_EQ(reader.value().find_idempotency_key("public:b").value()->notice_id.empty(), false);
}

}  // namespace
}  // namespace huoli::store::testing
