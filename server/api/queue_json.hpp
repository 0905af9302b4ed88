// The intake queue API's JSON (queue_routes.hpp), made from what the queue operations return.
// Pure: no I/O, no clock. The one place that names the API's keys for queue items, so a change
// to a response is made here and only here.
//
// Convention, kept as clients rely on it: an optional value of a result is null, never an
// absent key.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "queue/queries.hpp"

namespace huoli::api {

// GET .../items: {"items": [metadata + "overdue": {"acknowledgement", "decision"}], "next": cursor
// or null}.
nlohmann::json to_json(const queue::listing_page& p);

// GET /api/v1/queues: {"queues": [counts and ages, one per queue]}.
nlohmann::json to_json(const std::vector<queue::queue_stats>& queues);

}  // namespace huoli::api
