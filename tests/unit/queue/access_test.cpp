#include <gtest/gtest.h>

#include "queue/access.hpp"
#include "queue_fixture.hpp"

namespace huoli::queue {
namespace {

using testing::intake;

TEST(access, intake_principal_uses_only_its_configured_queues) {
    const auto kainuu = intake("kainuu", {"kainuu-children"});
    EXPECT_TRUE(may_use_queue(kainuu, "kainuu-children"));
    EXPECT_FALSE(may_use_queue(kainuu, "kainuu-adults"));
    EXPECT_FALSE(may_use_queue(kainuu, "helsinki-children"));
}

TEST(access, auditor_and_admin_use_no_queue_even_if_configured) {
    auto p = intake("kainuu", {"kainuu-children"});
    p.roles = {auth::role::auditor, auth::role::admin};
    EXPECT_FALSE(may_use_queue(p, "kainuu-children"));
}

TEST(access, item_of_another_organisation_is_untouchable_even_in_a_listed_queue_id) {
    const auto kainuu = intake("kainuu", {"kainuu-children"});
    EXPECT_TRUE(may_touch_item(kainuu, "kainuu", "kainuu-children"));
    EXPECT_FALSE(may_touch_item(kainuu, "helsinki", "kainuu-children"));
    EXPECT_FALSE(may_touch_item(kainuu, "helsinki", "helsinki-children"));
    EXPECT_FALSE(may_touch_item(kainuu, "kainuu", "kainuu-adults"));
}

TEST(access, principal_without_organisation_touches_nothing) {
    const auto nobody = intake("", {"kainuu-children"});
    EXPECT_FALSE(may_touch_item(nobody, "", "kainuu-children"));
}

}  // namespace
}  // namespace huoli::queue
