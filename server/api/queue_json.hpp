// The intake queue API's JSON (queue_routes.hpp), made from what the queue operations return.
// Pure: no I/O, no clock. The one place that names the API's keys for queue items, so a change
// to a response is made here and only here.
//
// Conventions, kept as clients rely on them: an optional value of a result is null, never an
// absent key, except a full item's deadlines.acknowledge_by, which is left out when the notice's
// received_at cannot be read (a listing item has it null instead).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "queue/item_ops.hpp"
#include "queue/item_view.hpp"
#include "queue/lease_ops.hpp"
#include "queue/queries.hpp"

namespace huoli::api {

// GET /api/v1/items/{id}: the notice in full, without a lease.
nlohmann::json to_json(const queue::item_view& v);

// POST .../lease: {"items": [item + "lease": {"token", "expires_at"}]}.
nlohmann::json to_json(const queue::lease_result& r);

// GET .../items: {"items": [metadata + "overdue": {"acknowledgement", "decision"}], "next": cursor
// or null}.
nlohmann::json to_json(const queue::listing_page& p);

// GET /api/v1/queues: {"queues": [counts and ages, one per queue]}.
nlohmann::json to_json(const std::vector<queue::queue_stats>& queues);

// POST /api/v1/items/{id}/ack: {"id", "state", "acknowledged_at", "case_reference", "repeated"}.
nlohmann::json to_json(const queue::ack_result& r);
// .../extend: {"id", "lease": {"token", "expires_at"}}.
nlohmann::json to_json(const queue::extend_result& r);
// .../release: {"id", "queue", "state", "attempts", "flagged"}.
nlohmann::json to_json(const queue::release_result& r);
// .../transfer: {"id", "from_queue", "to_queue", "organisation", "received_at", "decision_due", "assessment_due"}.
nlohmann::json to_json(const queue::transfer_result& r);
// .../reopen: {"id", "queue", "state"}.
nlohmann::json to_json(const queue::reopen_result& r);

}  // namespace huoli::api
