#include <SQLiteCpp/Statement.h>

#include "queue/item_ops.hpp"
#include "queue/lease_ops.hpp"
#include "queue_fixture.hpp"

namespace huoli::queue {
namespace {

using nlohmann::json;
using testing::intake;
using testing::queue_test;

class item_ops_test : public queue_test {
protected:
    const auth::principal kainuu = intake("kainuu", {"kainuu-children"});
    const auth::principal helsinki = intake("helsinki", {"helsinki-children"});
    const std::string now = "2025-03-04T12:00:00.000Z";
    const std::string later = "2025-03-04T12:00:30.000Z";
    const std::string expired = "2025-03-04T12:05:00.000Z";

    // Submits one notice and leases it for 60 s; returns {id, token}.
    std::pair<std::string, std::string> leased() {
        const auto id = submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z");
        auto ctx = at(kainuu, now);
        auto r = run([ctx](SQLite::Database& db) { return lease(db, ctx, {"kainuu-children", 1, 60}); });
        EXPECT_TRUE(r.ok());
        return {id, r.value().items.at(0).lease.token};
    }

    result<ack_result> ack(const auth::principal& who, const std::string& when, const std::string& id,
                     const std::string& token, std::optional<std::string> ref = std::nullopt) {
        auto ctx = at(who, when);
        return run([=](SQLite::Database& db) { return acknowledge(db, ctx, id, token, ref); });
    }

    std::int64_t audit_count(const std::string& id, const std::string& action) {
        auto db = read_only();
        SQLite::Statement q(db, "SELECT count(*) FROM audit_events WHERE object = ? AND action = ?");
        q.bind(1, id);
        q.bind(2, action);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }
};

TEST_F(item_ops_test, acknowledgement_is_final_and_repeating_it_is_harmless) {
    auto [id, token] = leased();
    auto first = ack(kainuu, later, id, token, "KAI-2025-17");
    ASSERT_TRUE(first.ok()) << first.error().code;
    EXPECT_EQ(first.value().state, item_state::acknowledged);
    EXPECT_FALSE(first.value().repeated);
    auto again = ack(kainuu, expired, id, token, "OTHER");
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again.value().repeated);
    EXPECT_EQ(again.value().case_reference, "KAI-2025-17");
    EXPECT_EQ(again.value().acknowledged_at, first.value().acknowledged_at);
    EXPECT_EQ(item_state(id), "acknowledged");
    EXPECT_EQ(audit_count(id, "acknowledge"), 2);

    // Never leased again, not even after the old lease's expiry time.
    auto ctx = at(kainuu, "2025-03-05T12:00:00.000Z");
    auto r = run([ctx](SQLite::Database& db) { return lease(db, ctx, {"kainuu-children", 10, 60}); });
    EXPECT_TRUE(r.value().items.empty());
}

TEST_F(item_ops_test, wrong_token_is_a_conflict_and_changes_nothing) {
    auto [id, token] = leased();
    auto r = ack(kainuu, later, id, std::string(32, '0'));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, lease_not_held);
    EXPECT_EQ(item_state(id), "leased");
    EXPECT_EQ(audit_count(id, "acknowledge"), 0) << "a refused request rolls back, audit included";
}

TEST_F(item_ops_test, late_acknowledgement_counts_while_nobody_else_has_leased) {
    auto [id, token] = leased();
    auto r = ack(kainuu, expired, id, token);
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(item_state(id), "acknowledged");
}

TEST_F(item_ops_test, acknowledgement_under_a_superseded_lease_is_refused) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, expired);
    auto second = run([ctx](SQLite::Database& db) { return lease(db, ctx, {"kainuu-children", 1, 60}); });
    ASSERT_EQ(second.value().items.size(), 1u);
    const std::string token2 = second.value().items[0].lease.token;
    EXPECT_EQ(ack(kainuu, expired, id, token).error().code, lease_not_held);
    ASSERT_TRUE(ack(kainuu, expired, id, token2).ok());
    EXPECT_EQ(ack(kainuu, expired, id, token).error().code, already_acknowledged);
}

TEST_F(item_ops_test, extend_moves_the_expiry_and_needs_a_live_lease) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, later);
    auto r = run([ctx, id = id, token = token](SQLite::Database& db) { return extend(db, ctx, id, token, 600); });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().lease.expires_at, "2025-03-04T12:10:30.000Z");
    EXPECT_EQ(r.value().lease.token, token) << "an extension keeps the token";
    auto late = at(kainuu, "2025-03-04T12:11:00.000Z");
    auto refused = run([late, id = id, token = token](SQLite::Database& db) { return extend(db, late, id, token, 60); });
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, lease_expired);
}

TEST_F(item_ops_test, release_returns_the_item_at_once_and_counts_an_attempt) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, later);
    auto r = run([ctx, id = id, token = token](SQLite::Database& db) { return release(db, ctx, id, token); });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().attempts, 1);
    EXPECT_EQ(r.value().queue, "kainuu-children");
    EXPECT_EQ(r.value().state, item_state::available);
    EXPECT_EQ(item_state(id), "available");
    EXPECT_EQ(ack(kainuu, later, id, token).error().code, lease_not_held) << "a released token is spent";
}

TEST_F(item_ops_test, another_organisation_gets_not_found_for_every_operation) {
    auto [id, token] = leased();
    // Each operation, its value dropped: only its error matters here.
    auto outcome = [](const auto& r) -> status { return r ? ok_status() : status(r.error()); };
    const std::vector<std::function<status(SQLite::Database&, const operation_context&)>> ops{
        [=, id = id, token = token](auto& db, auto& ctx) {
            return outcome(acknowledge(db, ctx, id, token, std::nullopt));
        },
        [=, id = id, token = token](auto& db, auto& ctx) { return outcome(extend(db, ctx, id, token, 60)); },
        [=, id = id, token = token](auto& db, auto& ctx) { return outcome(release(db, ctx, id, token)); },
        [=, id = id](auto& db, auto& ctx) {
            return outcome(transfer(db, ctx, id, "helsinki-children", "helsinki", "moved", "LSL 25 d §"));
        },
        [=, id = id](auto& db, auto& ctx) { return outcome(read_item(db, ctx, id)); },
    };
    for (const auto& op : ops) {
        auto ctx = at(helsinki, later);
        auto r = run([&op, ctx](SQLite::Database& db) { return op(db, ctx); });
        ASSERT_FALSE(r.ok());
        EXPECT_EQ(r.error().code, not_found);
    }
    EXPECT_EQ(item_state(id), "leased");
    auto ctx = at(helsinki, later);
    auto unknown = run([ctx](SQLite::Database& db) { return read_item(db, ctx, "00000000-0000-4000-8000-000000000000"); });
    EXPECT_EQ(unknown.error().code, not_found) << "unknown and foreign look the same";
}

TEST_F(item_ops_test, transfer_moves_the_notice_keeping_receipt_time_and_deadlines) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, later);
    auto r = run([ctx, id = id](SQLite::Database& db) {
        return transfer(db, ctx, id, "helsinki-children", "helsinki", "moved", "LSL 25 d §");
    });
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(r.value().received_at, "2025-03-03T08:00:00.000Z");
    EXPECT_EQ(r.value().from_queue, "kainuu-children");
    EXPECT_EQ(r.value().to_queue, "helsinki-children");
    EXPECT_EQ(r.value().organisation, "helsinki");
    EXPECT_EQ(r.value().decision_due, "2025-03-13");
    EXPECT_EQ(audit_count(id, "transfer_out"), 1);
    EXPECT_EQ(audit_count(id, "transfer_in"), 1);

    auto kainuu_read = run([ctx, id = id](SQLite::Database& db) { return read_item(db, ctx, id); });
    EXPECT_EQ(kainuu_read.error().code, not_found) << "the source organisation no longer sees it";

    auto hctx = at(helsinki, later);
    auto leased_there = run([hctx](SQLite::Database& db) { return lease(db, hctx, {"helsinki-children", 5, 60}); });
    ASSERT_EQ(leased_there.value().items.size(), 1u);
    const auto& item = leased_there.value().items[0].item;
    EXPECT_EQ(item.id, id);
    EXPECT_EQ(item.received_at, "2025-03-03T08:00:00.000Z");
    EXPECT_EQ(item.deadlines.decision_due, "2025-03-13");
    EXPECT_EQ(item.attempts, 0);
    EXPECT_EQ(item.organisation, "helsinki");
}

TEST_F(item_ops_test, transfer_to_the_same_queue_is_refused) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, later);
    auto r = run([ctx, id = id](SQLite::Database& db) {
        return transfer(db, ctx, id, "kainuu-children", "kainuu", "misrouted", "HL 21 § (434/2003)");
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, same_queue);
}

TEST_F(item_ops_test, an_acknowledged_notice_cannot_be_transferred) {
    auto [id, token] = leased();
    ASSERT_TRUE(ack(kainuu, later, id, token).ok());
    auto ctx = at(kainuu, expired);
    auto r = run([ctx, id = id](SQLite::Database& db) {
        return transfer(db, ctx, id, "helsinki-children", "helsinki", "moved", "LSL 25 d §");
    });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, acknowledged_not_transferable);
    EXPECT_EQ(item_state(id), "acknowledged");
    EXPECT_EQ(audit_count(id, "transfer_out"), 0);
}

TEST_F(item_ops_test, a_transfer_records_its_legal_basis_and_the_receiver_sees_where_it_came_from) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, later);
    ASSERT_TRUE(run([ctx, id = id](SQLite::Database& db) {
                    return transfer(db, ctx, id, "helsinki-children", "helsinki", "moved", "LSL 25 d §");
                }).ok());
    auto db = read_only();
    SQLite::Statement q(db, "SELECT legal_basis FROM audit_events WHERE object = ? AND action LIKE 'transfer%'");
    q.bind(1, id);
    int n = 0;
    while (q.executeStep()) {
        EXPECT_EQ(q.getColumn(0).getString(), "LSL 25 d §");
        ++n;
    }
    EXPECT_EQ(n, 2);
    auto hctx = at(helsinki, later);
    auto got = run([hctx, id = id](SQLite::Database& db) { return read_item(db, hctx, id); });
    ASSERT_TRUE(got.ok());
    ASSERT_TRUE(got.value().transferred_from);
    const auto& from = *got.value().transferred_from;
    EXPECT_EQ(from.organisation, "kainuu");
    EXPECT_EQ(from.queue, "kainuu-children");
    EXPECT_EQ(from.reason, "moved");
    EXPECT_EQ(from.legal_basis, "LSL 25 d §");
}

TEST_F(item_ops_test, only_an_admin_of_the_holding_organisation_reopens_and_only_an_acknowledged_notice) {
    auto [id, token] = leased();
    auth::principal admin;
    admin.id = "kainuu-admin";
    admin.organisation = "kainuu";
    admin.roles = {auth::role::admin};
    auth::principal other = admin;
    other.organisation = "helsinki";
    auto reopen_as = [&](const auth::principal& who) {
        auto ctx = at(who, expired);
        return run([ctx, id = id](SQLite::Database& db) { return reopen(db, ctx, id, "lost_by_case_system"); });
    };
    EXPECT_EQ(reopen_as(admin).error().code, not_acknowledged);
    ASSERT_TRUE(ack(kainuu, later, id, token, "KAI-1").ok());
    EXPECT_EQ(reopen_as(other).error().code, not_found);
    auto r = reopen_as(admin);
    ASSERT_TRUE(r.ok()) << r.error().code;
    EXPECT_EQ(r.value().queue, "kainuu-children");
    EXPECT_EQ(r.value().state, item_state::available);
    EXPECT_EQ(item_state(id), "available");
    EXPECT_EQ(audit_count(id, "reopen"), 1);
    auto again = run([ctx = at(kainuu, expired)](SQLite::Database& db) { return lease(db, ctx, {"kainuu-children", 5, 60}); });
    ASSERT_EQ(again.value().items.size(), 1u);
    EXPECT_EQ(again.value().items[0].item.case_reference, std::nullopt);
}

TEST_F(item_ops_test, reading_a_notice_is_an_audit_event) {
    auto [id, token] = leased();
    auto ctx = at(kainuu, later);
    auto r = run([ctx, id = id](SQLite::Database& db) { return read_item(db, ctx, id); });
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.value().submission["child"]["hetu"], "010101A123N");
    EXPECT_EQ(r.value().state, item_state::leased);
    EXPECT_EQ(audit_count(id, "read"), 1);
}

}  // namespace
}  // namespace huoli::queue
