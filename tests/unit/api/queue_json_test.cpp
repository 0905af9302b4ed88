// The queue API's JSON (api/queue_json.hpp), byte for byte: these strings are what clients
// receive (nlohmann::json sorts an object's keys when it writes them).
#include "api/queue_json.hpp"

#include <gtest/gtest.h>

#include "queue/cursor.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

queue::item_view bare_item() {
    queue::item_view v;
    v.id = "01a244fb-f8ae-77a6-8b1f-d03a37d0d437";
    v.receipt = "HUO-7K2M-9QXD";
    v.form = "child-welfare-notification";
    v.received_at = "2025-03-03T08:00:00.000Z";
    v.organisation = "kainuu";
    v.queue = "kainuu-children";
    v.payload_sha256 = "p";
    v.schema_sha256 = "s";
    v.submission = json{{"child", {{"hetu", "010101A123N"}}}};
    return v;
}

TEST(queue_json, a_full_item_answers_null_for_whatever_it_does_not_have) {
    EXPECT_EQ(to_json(bare_item()).dump(),
              R"({"acknowledged_at":null,"attempts":0,"case_reference":null,)"
              R"("deadlines":{"assessment_due":null,"decision_due":null},"fetched_at":null,"flagged":false,)"
              R"("form":"child-welfare-notification","group":null,"id":"01a244fb-f8ae-77a6-8b1f-d03a37d0d437",)"
              R"("organisation":"kainuu","payload_sha256":"p","queue":"kainuu-children",)"
              R"("receipt":"HUO-7K2M-9QXD","received_at":"2025-03-03T08:00:00.000Z","routing":null,)"
              R"("schema_sha256":"s","state":"available","submission":{"child":{"hetu":"010101A123N"}},)"
              R"("temporary_identity_codes":[],"transferred_from":null,"urgent":false})");
}

TEST(queue_json, a_full_item_leaves_out_acknowledge_by_it_cannot_compute_where_a_listing_says_null) {
    // deadlines.acknowledge_by is absent, not null (above); a listing item's is null.
    queue::listing_item i;
    EXPECT_TRUE(to_json(queue::listing_page{{i}, std::nullopt})["items"][0]["acknowledge_by"].is_null());
    auto v = bare_item();
    v.deadlines = {"2025-03-13", "2025-06-04", "2025-03-04T22:00:00.000Z"};
    EXPECT_EQ(to_json(v)["deadlines"].dump(),
              R"({"acknowledge_by":"2025-03-04T22:00:00.000Z","assessment_due":"2025-06-04","decision_due":"2025-03-13"})");
}

TEST(queue_json, a_full_item_shows_its_routing_where_it_came_from_and_its_family) {
    auto v = bare_item();
    v.state = queue::item_state::acknowledged;
    v.urgent = true;
    v.attempts = 2;
    v.flagged = true;
    v.fetched_at = "2025-03-04T12:00:00.000Z";
    v.acknowledged_at = "2025-03-04T12:01:00.000Z";
    v.case_reference = "KAI-2025-17";
    v.routing = queue::routing_view{"home", std::nullopt, json{{"field", "/child/municipality"}}, "t", "c"};
    v.transferred_from = queue::transfer_origin{"2025-03-04T11:00:00.000Z", "helsinki", "helsinki-children", "moved",
                                                "LSL 25 d §"};
    v.group = queue::group_view{"g1", "/other_children/0", true, {{"a", "/child"}, {"b", "/other_children/0"}}};
    v.temporary_identity_codes = {"/other_children/0/hetu"};
    const json j = to_json(v);
    EXPECT_EQ(j["routing"].dump(),
              R"({"config_sha256":"c","explanation":{"field":"/child/municipality"},"municipality_code":null,)"
              R"("rule":"home","table_sha256":"t"})");
    EXPECT_EQ(j["transferred_from"].dump(),
              R"({"at":"2025-03-04T11:00:00.000Z","legal_basis":"LSL 25 d §","organisation":"helsinki",)"
              R"("queue":"helsinki-children","reason":"moved"})");
    EXPECT_EQ(j["group"].dump(),
              R"({"cases":[{"child":"/child","id":"a"},{"child":"/other_children/0","id":"b"}],"child":"/other_children/0",)"
              R"("id":"g1","routed_with_main_child":true})");
    EXPECT_EQ(j["temporary_identity_codes"].dump(), R"(["/other_children/0/hetu"])");
    EXPECT_EQ(j["state"], "acknowledged");
    EXPECT_EQ(j["attempts"], 2);
    EXPECT_EQ(j["case_reference"], "KAI-2025-17");
    EXPECT_FALSE(j.contains("lease")) << "only a lease hands out a token";
}

TEST(queue_json, a_leased_item_is_the_full_item_with_its_lease) {
    queue::lease_result r;
    r.items.push_back({bare_item(), {"0123456789abcdef0123456789abcdef", "2025-03-04T12:02:00.000Z"}});
    const json j = to_json(r);
    ASSERT_EQ(j["items"].size(), 1u);
    json without_lease = j["items"][0];
    EXPECT_EQ(without_lease["lease"].dump(),
              R"({"expires_at":"2025-03-04T12:02:00.000Z","token":"0123456789abcdef0123456789abcdef"})");
    without_lease.erase("lease");
    EXPECT_EQ(without_lease, to_json(bare_item()));
    EXPECT_EQ(to_json(queue::lease_result{}).dump(), R"({"items":[]})");
}

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

TEST(queue_json, each_item_action_answers_its_own_small_object) {
    EXPECT_EQ(to_json(queue::ack_result{"n1", queue::item_state::acknowledged, "2025-03-04T12:01:00.000Z",
                                        std::nullopt, true})
                  .dump(),
              R"({"acknowledged_at":"2025-03-04T12:01:00.000Z","case_reference":null,"id":"n1","repeated":true,)"
              R"("state":"acknowledged"})");
    EXPECT_EQ(to_json(queue::extend_result{"n1", {"tok", "2025-03-04T12:10:30.000Z"}}).dump(),
              R"({"id":"n1","lease":{"expires_at":"2025-03-04T12:10:30.000Z","token":"tok"}})");
    EXPECT_EQ(to_json(queue::release_result{"n1", "kainuu-children", queue::item_state::available, 3, true}).dump(),
              R"({"attempts":3,"flagged":true,"id":"n1","queue":"kainuu-children","state":"available"})");
    EXPECT_EQ(to_json(queue::transfer_result{"n1", "kainuu-children", "helsinki-children", "helsinki",
                                             "2025-03-03T08:00:00.000Z", "2025-03-13", std::nullopt})
                  .dump(),
              R"({"assessment_due":null,"decision_due":"2025-03-13","from_queue":"kainuu-children","id":"n1",)"
              R"("organisation":"helsinki","received_at":"2025-03-03T08:00:00.000Z","to_queue":"helsinki-children"})");
    EXPECT_EQ(to_json(queue::reopen_result{"n1", "kainuu-children", queue::item_state::available}).dump(),
              R"({"id":"n1","queue":"kainuu-children","state":"available"})");
}

}  // namespace
}  // namespace huoli::api
