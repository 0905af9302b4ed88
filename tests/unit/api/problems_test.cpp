#include "api/problems.hpp"

#include <gtest/gtest.h>

#include "queue/operation.hpp"
#include "store/new_notice.hpp"

namespace huoli::api {
namespace {

// Every error a queue operation or the store hands the API has its own answer; only a code
// nobody mapped is a 500.
TEST(problem_for, maps_each_queue_and_store_error_to_its_status) {
    const std::pair<const char*, int> cases[] = {
        {queue::not_found, 404},           {queue::lease_not_held, 409},
        {queue::lease_expired, 409},       {queue::already_acknowledged, 409},
        {queue::same_queue, 422},          {queue::acknowledged_not_transferable, 409},
        {queue::not_acknowledged, 409},    {store::storage_unavailable, 503},
        {store::idempotency_key_reused, 422}, {"something_unmapped", 500},
    };
    for (const auto& [code, status] : cases) {
        const http::response r = problem_for(error{code, "detail"});
        EXPECT_EQ(r.status, status) << code;
        EXPECT_EQ(r.body.find("detail"), std::string::npos) << "an error's detail is for operators: " << code;
    }
    EXPECT_EQ(problem_for(error{store::storage_unavailable, ""}).headers.get("Retry-After").value_or(""), "5");
}

TEST(problem_for, same_queue_points_at_the_target_queue) {
    const auto body = nlohmann::json::parse(problem_for(error{queue::same_queue, ""}).body);
    ASSERT_EQ(body["errors"].size(), 1u);
    EXPECT_EQ(body["errors"][0]["pointer"], "/to_queue");
    EXPECT_EQ(body["errors"][0]["code"], "same_queue");
    EXPECT_EQ(body["errors"][0]["message"], body["message"]);
}

}  // namespace
}  // namespace huoli::api
