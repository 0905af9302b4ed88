#include <gtest/gtest.h>

#include "audit/failure_counter.hpp"

namespace huoli::audit {
namespace {

TEST(failure_counter, nothing_to_write_when_nothing_failed) {
    failure_counter c;
    EXPECT_FALSE(c.take("2025-01-01T00:01:00.000Z"));
}

TEST(failure_counter, a_window_of_failures_becomes_one_event_with_counts) {
    failure_counter c;
    for (int i = 0; i < 1000; ++i) c.add("certificate_rejected", "");
    c.add("unmapped_certificate", "ab12");
    c.add("unmapped_certificate", "ab12");
    auto e = c.take("2025-01-01T00:01:00.000Z");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->action, "auth.failure");
    EXPECT_EQ(e->actor, "internal-listener");
    EXPECT_EQ(e->outcome, "refused");
    EXPECT_EQ(e->details["counts"]["certificate_rejected"], 1000);
    EXPECT_EQ(e->details["counts"]["unmapped_certificate"], 2);
    EXPECT_EQ(e->details["unmapped_certificates"]["ab12"], 2);
    EXPECT_FALSE(c.take("2025-01-01T00:02:00.000Z"));  // counted once only
}

TEST(failure_counter, names_a_bounded_number_of_certificates) {
    failure_counter c(2);
    for (int i = 0; i < 50; ++i) c.add("unmapped_certificate", "fp" + std::to_string(i));
    auto e = c.take("2025-01-01T00:01:00.000Z");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->details["unmapped_certificates"].size(), 2u);
    EXPECT_EQ(e->details["other_unmapped_certificates"], 48);
    EXPECT_LT(canonical_json(*e).size(), 600u);
}

}  // namespace
}  // namespace huoli::audit
