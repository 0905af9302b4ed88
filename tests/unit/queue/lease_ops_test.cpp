#include <set>
#include <thread>

#include <SQLiteCpp/Statement.h>

#include "queue/item_state.hpp"
#include "queue/lease_ops.hpp"
#include "queue_fixture.hpp"

namespace huoli::queue {
namespace {

using testing::intake;
using testing::queue_test;

class lease_ops_test : public queue_test {
protected:
    const auth::principal kainuu = intake("kainuu", {"kainuu-children"});
    const std::string now = "2025-03-04T12:00:00.000Z";

    result<lease_result> lease_at(const std::string& when, int max, int seconds = 60,
                                    const auth::principal* who = nullptr) {
        auto ctx = at(who ? *who : kainuu, when);
        return run([ctx, max, seconds](SQLite::Database& db) {
            return lease(db, ctx, {"kainuu-children", max, seconds});
        });
    }

    static std::vector<std::string> ids(const lease_result& leased) {
        std::vector<std::string> out;
        for (const auto& i : leased.items) out.push_back(i.item.id);
        return out;
    }
};

TEST_F(lease_ops_test, leases_urgent_first_then_oldest) {
    const auto old_normal = submit("kainuu-children", "kainuu", false, "2025-03-01T08:00:00.000Z");
    const auto new_urgent = submit("kainuu-children", "kainuu", true, "2025-03-03T08:00:00.000Z");
    const auto newest_normal = submit("kainuu-children", "kainuu", false, "2025-03-03T09:00:00.000Z");
    const auto old_urgent = submit("kainuu-children", "kainuu", true, "2025-03-02T08:00:00.000Z");
    auto r = lease_at(now, 10);
    ASSERT_TRUE(r.ok()) << r.error().detail;
    EXPECT_EQ(ids(r.value()), (std::vector<std::string>{old_urgent, new_urgent, old_normal, newest_normal}));
}

TEST_F(lease_ops_test, leased_item_carries_submission_routing_deadlines_and_a_128_bit_token) {
    submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z");
    auto r = lease_at(now, 1, 120);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r.value().items.size(), 1u);
    const auto& [item, lease] = r.value().items[0];
    EXPECT_EQ(item.submission["child"]["hetu"], "010101A123N");
    ASSERT_TRUE(item.routing);
    EXPECT_EQ(item.routing->rule, "home");
    EXPECT_EQ(item.deadlines.decision_due, "2025-03-13");
    EXPECT_EQ(item.deadlines.acknowledge_by, "2025-03-04T22:00:00.000Z");
    EXPECT_EQ(item.attempts, 0);
    EXPECT_EQ(item.fetched_at, now);
    EXPECT_EQ(lease.expires_at, "2025-03-04T12:02:00.000Z");
    EXPECT_EQ(lease.token.size(), 32u);
    EXPECT_EQ(item.state, item_state::leased);
}

TEST_F(lease_ops_test, respects_max_and_never_leases_a_leased_item_again) {
    for (int i = 0; i < 5; ++i) submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:0" + std::to_string(i) + ".000Z");
    auto first = lease_at(now, 3);
    auto second = lease_at(now, 3);
    auto third = lease_at(now, 3);
    ASSERT_TRUE(first.ok() && second.ok() && third.ok());
    EXPECT_EQ(first.value().items.size(), 3u);
    EXPECT_EQ(second.value().items.size(), 2u);
    EXPECT_EQ(third.value().items.size(), 0u);
    std::set<std::string> all;
    for (auto& id : ids(first.value())) all.insert(id);
    for (auto& id : ids(second.value())) all.insert(id);
    EXPECT_EQ(all.size(), 5u);
}

TEST_F(lease_ops_test, concurrent_leasers_never_receive_the_same_notice) {
    for (int i = 0; i < 200; ++i) submit("kainuu-children", "kainuu", i % 7 == 0, "2025-03-03T08:00:00.000Z");
    std::vector<std::vector<std::string>> got(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (;;) {
                auto r = lease_at(now, 7);
                if (!r.ok() || r.value().items.empty()) return;
                for (auto& id : ids(r.value())) got[t].push_back(id);
            }
        });
    }
    for (auto& th : threads) th.join();
    std::set<std::string> unique;
    std::size_t total = 0;
    for (auto& g : got) {
        total += g.size();
        unique.insert(g.begin(), g.end());
    }
    EXPECT_EQ(total, 200u);
    EXPECT_EQ(unique.size(), 200u);
}

TEST_F(lease_ops_test, expired_lease_returns_item_with_attempts_plus_one_and_flags_at_max) {
    const auto id = submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z");
    // rules_.max_attempts is 3: lease and let it expire three times.
    std::string t = now;
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto r = lease_at(t, 1, 10);
        ASSERT_TRUE(r.ok());
        ASSERT_EQ(ids(r.value()), std::vector<std::string>{id});
        EXPECT_EQ(r.value().items[0].item.attempts, attempt);
        EXPECT_EQ(lease_at(t, 1, 10).value().items.size(), 0u) << "still leased";
        t = "2025-03-04T12:0" + std::to_string(attempt + 1) + ":00.000Z";  // 60 s later: expired
    }
    auto r = lease_at(t, 1, 10);
    ASSERT_EQ(ids(r.value()), std::vector<std::string>{id}) << "flagged, never dropped";
    EXPECT_EQ(r.value().items[0].item.attempts, 3);
    EXPECT_TRUE(r.value().items[0].item.flagged);
}

TEST_F(lease_ops_test, sql_expiry_sweep_matches_the_state_machine) {
    const auto id = submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z");
    ASSERT_TRUE(lease_at(now, 1, 10).ok());
    item before = after_lease(item{}, "x", "2025-03-04T12:00:10.000Z");
    const std::string later = "2025-03-04T12:00:10.000Z";
    auto swept = run([later, this](SQLite::Database& db) -> result<int> {
        return expire_leases(db, later, rules_.max_attempts);
    });
    ASSERT_TRUE(swept.ok());
    EXPECT_EQ(swept.value(), 1);
    const item expected = effective(before, later, rules_.max_attempts);
    auto db = read_only();
    SQLite::Statement q(db, "SELECT state, attempts, flagged, lease_expires_at IS NULL, lease_token IS NOT NULL "
                            "FROM queue_items WHERE notice_id = ?");
    q.bind(1, id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), to_string(expected.state));
    EXPECT_EQ(q.getColumn(1).getInt(), expected.attempts);
    EXPECT_EQ(q.getColumn(2).getInt() != 0, expected.flagged);
    EXPECT_EQ(q.getColumn(3).getInt(), 1);
    EXPECT_EQ(q.getColumn(4).getInt(), 1) << "the last token is kept for a late acknowledgement";
}

TEST_F(lease_ops_test, foreign_queue_is_not_found_and_leases_nothing) {
    submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z");
    const auto helsinki = intake("helsinki", {"helsinki-children"});
    auto r = lease_at(now, 10, 60, &helsinki);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, not_found);
    EXPECT_EQ(lease_at(now, 10).value().items.size(), 1u);
}

TEST_F(lease_ops_test, every_lease_is_an_audit_event_with_principal_and_data_subjects) {
    const auto id = submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z", "121212A899H");
    ASSERT_TRUE(lease_at(now, 1).ok());
    auto db = read_only();
    SQLite::Statement q(db, "SELECT actor, legal_basis, outcome, data_subjects, event FROM audit_events "
                            "WHERE object = ? AND action = 'lease'");
    q.bind(1, id);
    ASSERT_TRUE(q.executeStep());
    EXPECT_EQ(q.getColumn(0).getString(), "kainuu-intake");
    EXPECT_EQ(q.getColumn(1).getString(), "LSL 25 §");
    EXPECT_EQ(q.getColumn(2).getString(), "leased");
    EXPECT_EQ(nlohmann::json::parse(q.getColumn(3).getString()), nlohmann::json::array({"121212A899H"}));
    const auto event = nlohmann::json::parse(q.getColumn(4).getString());
    EXPECT_EQ(event["organisation"], "kainuu");
    EXPECT_EQ(event["fingerprint"], std::string(64, 'a'));
    EXPECT_EQ(event["details"]["queue_id"], "kainuu-children");
    EXPECT_EQ(event.dump().find("\"n\""), std::string::npos) << "no notice content in the audit event";
}

}  // namespace
}  // namespace huoli::queue
