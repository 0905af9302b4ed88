#include "queue/lease_ops.hpp"
#include "core/utc_timestamp.hpp"
#include "queue/queries.hpp"
#include "queue_fixture.hpp"

namespace huoli::queue {
namespace {

using testing::intake;
using testing::queue_test;

class queries_test : public queue_test {
protected:
    const auth::principal kainuu = intake("kainuu", {"kainuu-children"});
    const std::string now = "2025-03-17T12:00:00.000Z";
};

TEST_F(queries_test, stats_count_states_ages_and_both_overdue_clocks) {
    submit("kainuu-children", "kainuu", false, "2025-03-03T08:00:00.000Z");  // past decision_due 13.3.
    submit("kainuu-children", "kainuu", false, "2025-03-17T08:00:00.000Z");  // fresh, same decision_due
    submit("helsinki-children", "helsinki", false, "2025-03-01T08:00:00.000Z");
    auto ctx = at(kainuu, now);
    ASSERT_TRUE(run([ctx](SQLite::Database& db) { return lease(db, ctx, {"kainuu-children", 1, 60}); }).ok());

    auto db = read_only();
    auto s = stats(db, {"kainuu-children", "kainuu-adults"}, *parse_utc_timestamp(now), rules_);
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s.value().size(), 2u);
    const auto& k = s.value()[0];
    EXPECT_EQ(k.depth, 2);
    EXPECT_EQ(k.leased, 1);
    EXPECT_EQ(k.available, 1);
    EXPECT_EQ(k.acknowledgement_overdue, 1);
    EXPECT_EQ(k.decision_overdue, 2) << "test notices all carry decision_due 2025-03-13";
    EXPECT_EQ(k.overdue, 2);
    ASSERT_TRUE(k.oldest_unacknowledged_age_seconds);
    EXPECT_DOUBLE_EQ(*k.oldest_unacknowledged_age_seconds, 14 * 86400.0 + 4 * 3600.0);
    EXPECT_EQ(s.value()[1].depth, 0);
    EXPECT_FALSE(s.value()[1].oldest_unacknowledged_age_seconds);

    // A minute later the lease (60 s) has run out: reported available before any sweep.
    auto later = stats(db, {"kainuu-children"}, *parse_utc_timestamp("2025-03-17T12:01:00.000Z"), rules_);
    EXPECT_EQ(later.value()[0].leased, 0);
    EXPECT_EQ(later.value()[0].available, 2);
}

TEST_F(queries_test, an_urgent_notice_is_overdue_after_its_hours_and_counted_apart) {
    rules_.urgent_ack_within_hours = 4;
    // Received on a Monday morning: the ordinary one is due by the end of Tuesday, the urgent one at 12:00.
    submit("kainuu-children", "kainuu", true, "2025-03-17T08:00:00.000Z");
    submit("kainuu-children", "kainuu", false, "2025-03-17T08:00:00.000Z");
    auto db = read_only();
    auto before = stats(db, {"kainuu-children"}, *parse_utc_timestamp("2025-03-17T11:59:59.999Z"), rules_);
    EXPECT_EQ(before.value()[0].acknowledgement_overdue, 0);
    EXPECT_EQ(before.value()[0].urgent_acknowledgement_overdue, 0);
    auto after = stats(db, {"kainuu-children"}, *parse_utc_timestamp("2025-03-17T12:00:00.000Z"), rules_);
    EXPECT_EQ(after.value()[0].acknowledgement_overdue, 1);
    EXPECT_EQ(after.value()[0].urgent_acknowledgement_overdue, 1);
    listing_request r;
    r.queue_id = "kainuu-children";
    auto page = list_items(db, r, *parse_utc_timestamp("2025-03-17T12:00:00.000Z"), rules_);
    ASSERT_TRUE(page.ok());
    int urgent_late = 0;
    for (const auto& item : page.value().items) {
        EXPECT_EQ(item.acknowledgement_overdue, item.urgent);
        if (item.urgent) {
            EXPECT_EQ(item.acknowledge_by, "2025-03-17T12:00:00.000Z");
            ++urgent_late;
        }
    }
    EXPECT_EQ(urgent_late, 1);
}

TEST_F(queries_test, listing_pages_oldest_first_each_page_ending_where_the_next_starts) {
    for (int i = 0; i < 5; ++i) submit("kainuu-children", "kainuu", false, "2025-03-17T08:00:0" + std::to_string(i) + ".000Z");
    auto db = read_only();
    listing_request r{"kainuu-children", std::nullopt, std::nullopt, 2};
    std::vector<std::string> seen;
    for (int page = 0; page < 5; ++page) {
        auto got = list_items(db, r, *parse_utc_timestamp(now), rules_);
        ASSERT_TRUE(got.ok());
        for (const auto& i : got.value().items) seen.push_back(i.received_at);
        if (!got.value().next) break;
        EXPECT_EQ(got.value().next->notice_id, got.value().items.back().id) << "the page ends at its last item";
        r.after = got.value().next;
    }
    ASSERT_EQ(seen.size(), 5u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
}

TEST_F(queries_test, listing_filters_by_effective_state) {
    submit("kainuu-children", "kainuu", false, "2025-03-17T08:00:00.000Z");
    submit("kainuu-children", "kainuu", false, "2025-03-17T08:00:01.000Z");
    auto ctx = at(kainuu, now);
    ASSERT_TRUE(run([ctx](SQLite::Database& db) { return lease(db, ctx, {"kainuu-children", 1, 60}); }).ok());
    auto db = read_only();
    listing_request r{"kainuu-children", item_state::leased, std::nullopt, 50};
    auto leased = list_items(db, r, *parse_utc_timestamp(now), rules_);
    ASSERT_EQ(leased.value().items.size(), 1u);
    EXPECT_EQ(leased.value().items[0].lease_expires_at, "2025-03-17T12:01:00.000Z");
    auto after_expiry = list_items(db, r, *parse_utc_timestamp("2025-03-17T12:02:00.000Z"), rules_);
    EXPECT_EQ(after_expiry.value().items.size(), 0u);
    r.state = item_state::available;
    auto available = list_items(db, r, *parse_utc_timestamp("2025-03-17T12:02:00.000Z"), rules_);
    ASSERT_EQ(available.value().items.size(), 2u);
    EXPECT_EQ(available.value().items[0].attempts, 1);
    EXPECT_EQ(available.value().items[0].state, item_state::available);
    EXPECT_EQ(available.value().items[0].lease_expires_at, std::nullopt) << "a lease that ran out is not reported";
}

}  // namespace
}  // namespace huoli::queue
