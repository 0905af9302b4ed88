#include <gtest/gtest.h>

#include "queue/item_state.hpp"

namespace huoli::queue {
namespace {

const std::string t0 = "2025-03-04T10:00:00.000Z";
const std::string t1 = "2025-03-04T10:05:00.000Z";
const std::string t2 = "2025-03-04T10:10:00.000Z";

item leased_until(const std::string& expires, const std::string& token = "tok") {
    return after_lease(item{}, token, expires);
}

TEST(item_state, lease_marks_item_leased_with_token_and_expiry) {
    const item i = leased_until(t1);
    EXPECT_EQ(i.state, item_state::leased);
    EXPECT_EQ(*i.lease_token, "tok");
    EXPECT_EQ(*i.lease_expires_at, t1);
    EXPECT_EQ(i.attempts, 0);
}

TEST(item_state, lease_expires_at_its_expiry_instant_not_before) {
    EXPECT_FALSE(is_lease_expired(leased_until(t1), t0));
    EXPECT_TRUE(is_lease_expired(leased_until(t1), t1));
    EXPECT_TRUE(is_lease_expired(leased_until(t1), t2));
    EXPECT_FALSE(is_lease_expired(item{}, t2));
}

TEST(item_state, expiry_returns_item_to_available_with_one_more_attempt) {
    const item i = after_expiry(leased_until(t1), 5);
    EXPECT_EQ(i.state, item_state::available);
    EXPECT_EQ(i.attempts, 1);
    EXPECT_FALSE(i.flagged);
    EXPECT_FALSE(i.lease_expires_at);
    EXPECT_EQ(*i.lease_token, "tok") << "kept so that a late acknowledgement still counts";
}

TEST(item_state, item_is_flagged_when_attempts_reach_max_and_stays_available) {
    item i;
    for (int n = 1; n <= 3; ++n) i = after_expiry(after_lease(i, "t" + std::to_string(n), t1), 3);
    EXPECT_EQ(i.attempts, 3);
    EXPECT_TRUE(i.flagged);
    EXPECT_EQ(i.state, item_state::available) << "flagged for attention, never dropped";
    i = after_expiry(after_lease(i, "t4", t1), 3);
    EXPECT_TRUE(i.flagged);
    EXPECT_EQ(i.attempts, 4);
}

TEST(item_state, release_counts_as_an_attempt_and_forgets_the_token) {
    const item i = after_release(leased_until(t1), 1);
    EXPECT_EQ(i.state, item_state::available);
    EXPECT_EQ(i.attempts, 1);
    EXPECT_TRUE(i.flagged);
    EXPECT_FALSE(i.lease_token);
}

TEST(item_state, effective_state_reports_an_unswept_expired_lease_as_available) {
    const item i = leased_until(t1);
    EXPECT_EQ(effective(i, t0, 5).state, item_state::leased);
    const item e = effective(i, t2, 5);
    EXPECT_EQ(e.state, item_state::available);
    EXPECT_EQ(e.attempts, 1);
}

TEST(item_state, acknowledge_with_current_token_is_ok_and_repeating_it_is_harmless) {
    item i = leased_until(t1);
    EXPECT_EQ(check_acknowledge(i, "tok", t0), verdict::ok);
    i = after_acknowledgement(i);
    EXPECT_EQ(i.state, item_state::acknowledged);
    EXPECT_EQ(check_acknowledge(i, "tok", t2), verdict::repeated);
    EXPECT_EQ(check_acknowledge(i, "other", t2), verdict::acknowledged);
}

TEST(item_state, acknowledge_with_wrong_token_is_refused) {
    EXPECT_EQ(check_acknowledge(leased_until(t1), "other", t0), verdict::not_held);
    EXPECT_EQ(check_acknowledge(item{}, "tok", t0), verdict::not_held);
}

TEST(item_state, late_acknowledgement_counts_until_someone_else_leases) {
    item i = after_expiry(leased_until(t1), 5);
    EXPECT_EQ(check_acknowledge(i, "tok", t2), verdict::ok);
    i = after_lease(i, "second", t2);
    EXPECT_EQ(check_acknowledge(i, "tok", t2), verdict::not_held);
    EXPECT_EQ(check_acknowledge(i, "second", t1), verdict::ok);
}

TEST(item_state, extend_and_release_need_a_live_lease) {
    const item live = leased_until(t1);
    EXPECT_EQ(check_extend(live, "tok", t0), verdict::ok);
    EXPECT_EQ(check_extend(live, "tok", t2), verdict::expired);
    EXPECT_EQ(check_extend(live, "other", t0), verdict::not_held);
    EXPECT_EQ(check_release(after_expiry(live, 5), "tok", t2), verdict::expired);
    EXPECT_EQ(check_release(after_acknowledgement(live), "tok", t0), verdict::acknowledged);
    EXPECT_EQ(check_release(live, "tok", t0), verdict::ok);
}

TEST(item_state, state_names_round_trip) {
    for (auto s : {item_state::available, item_state::leased, item_state::acknowledged}) {
        EXPECT_EQ(parse_state(to_string(s)), s);
    }
    EXPECT_FALSE(parse_state("flagged"));
    EXPECT_FALSE(parse_state(""));
}

}  // namespace
}  // namespace huoli::queue
