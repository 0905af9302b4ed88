// The queue API's JSON (api/queue_json.hpp), byte for byte: these strings are what clients
// receive (nlohmann::json sorts an object's keys when it writes them).
#include "api/queue_json.hpp"

#include <gtest/gtest.h>

#include "queue/cursor.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

TEST(queue_json, a_listing_item_is_metadata_with_both_overdue_clocks) {
    queue::listing_item i;
    i.id = "n1";
    i.receipt = "R";
    i.form = "child-welfare-notification";
    i.received_at = "2025-03-17T08:00:00.000Z";
    i.urgent = true;
    i.state = queue::item_state::leased;
    i.attempts = 1;
    i.decision_due = "2025-03-26";
    i.acknowledge_by = "2025-03-17T12:00:00.000Z";
    i.lease_expires_at = "2025-03-17T12:01:00.000Z";
    i.acknowledgement_overdue = true;
    EXPECT_EQ(to_json(queue::listing_page{{i}, std::nullopt}).dump(),
              R"({"items":[{"acknowledge_by":"2025-03-17T12:00:00.000Z","assessment_due":null,"attempts":1,)"
              R"("decision_due":"2025-03-26","flagged":false,"form":"child-welfare-notification","id":"n1",)"
              R"("lease_expires_at":"2025-03-17T12:01:00.000Z","overdue":{"acknowledgement":true,"decision":false},)"
              R"("receipt":"R","received_at":"2025-03-17T08:00:00.000Z","state":"leased","urgent":true}],"next":null})");
}

TEST(queue_json, a_listings_next_is_the_opaque_cursor_the_client_passes_back) {
    const queue::cursor c{"2025-03-17T08:00:00.000Z", "01a244fb-f8ae-77a6-8b1f-d03a37d0d437"};
    const json j = to_json(queue::listing_page{{}, c});
    EXPECT_EQ(j["items"], json::array());
    ASSERT_TRUE(j["next"].is_string());
    EXPECT_EQ(j["next"], queue::encode_cursor(c));
    auto back = queue::decode_cursor(j["next"]);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->notice_id, c.notice_id);
}

TEST(queue_json, queue_counts_name_the_windows_and_null_the_age_of_an_empty_queue) {
    queue::queue_stats full{"kainuu-children", 3, 2, 1, 1, 90.5, 2, 1, 1, 2};
    queue::queue_stats empty;
    empty.queue_id = "kainuu-adults";
    EXPECT_EQ(to_json(std::vector<queue::queue_stats>{full, empty}).dump(),
              R"({"queues":[{"available":2,"depth":3,"flagged":1,"id":"kainuu-children","leased":1,)"
              R"("oldest_unacknowledged_age_seconds":90.5,"overdue":2,"past_acknowledgement_window":1,)"
              R"("past_decision_due":2,"urgent_past_acknowledgement_window":1},)"
              R"({"available":0,"depth":0,"flagged":0,"id":"kainuu-adults","leased":0,)"
              R"("oldest_unacknowledged_age_seconds":null,"overdue":0,"past_acknowledgement_window":0,)"
              R"("past_decision_due":0,"urgent_past_acknowledgement_window":0}]})");
}

}  // namespace
}  // namespace huoli::api
