#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace huoli::http {
namespace {

using namespace std::chrono_literals;

TEST(rate_limiter, allows_a_burst_then_refuses_with_retry_after) {
    rate_limiter limiter(60, 3);
    const auto t0 = rate_limiter::clock::now();
    unsigned retry = 0;
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("10.0.0.1", t0, retry));
    EXPECT_FALSE(limiter.allow("10.0.0.1", t0, retry));
    EXPECT_EQ(retry, 1u);  // one token a second at 60/min
}

TEST(rate_limiter, refills_over_time) {
    rate_limiter limiter(60, 1);
    const auto t0 = rate_limiter::clock::now();
    unsigned retry = 0;
    EXPECT_TRUE(limiter.allow("a", t0, retry));
    EXPECT_FALSE(limiter.allow("a", t0 + 500ms, retry));
    EXPECT_TRUE(limiter.allow("a", t0 + 1001ms, retry));
}

TEST(rate_limiter, clients_have_separate_buckets) {
    rate_limiter limiter(60, 1);
    const auto t0 = rate_limiter::clock::now();
    unsigned retry = 0;
    EXPECT_TRUE(limiter.allow("a", t0, retry));
    EXPECT_TRUE(limiter.allow("b", t0, retry));
    EXPECT_FALSE(limiter.allow("a", t0, retry));
}

TEST(rate_limiter, memory_stays_bounded_under_many_addresses) {
    rate_limiter limiter(60, 1, 2);
    const auto t0 = rate_limiter::clock::now();
    unsigned retry = 0;
    EXPECT_TRUE(limiter.allow("a", t0, retry));
    EXPECT_TRUE(limiter.allow("b", t0, retry));
    // Table full and no bucket has refilled: newcomers share one overflow bucket.
    EXPECT_TRUE(limiter.allow("c", t0, retry));
    EXPECT_FALSE(limiter.allow("d", t0, retry));
    // Once buckets refill they are forgotten and newcomers get their own again.
    EXPECT_TRUE(limiter.allow("e", t0 + 2s, retry));
}

TEST(rate_limiter, slow_rates_give_long_retry_after) {
    rate_limiter limiter(2, 1);  // one token every 30 s
    const auto t0 = rate_limiter::clock::now();
    unsigned retry = 0;
    EXPECT_TRUE(limiter.allow("a", t0, retry));
    EXPECT_FALSE(limiter.allow("a", t0, retry));
    EXPECT_EQ(retry, 30u);
}

}  // namespace
}  // namespace huoli::http
