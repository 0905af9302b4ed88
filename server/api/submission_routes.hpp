// POST /api/v1/submissions/{form} on the public listener: validate, route, commit durably, answer.
//
// 201 means the notice, its routing record, its queue entry and its audit event are on disk in one
// transaction. 422 lists every validation error by JSON Pointer, or refuses a notice this instance
// does not route (Åland, which has its own social services; an organisation not in the queue
// configuration's "served", named with where its notices go), nothing stored; 503 with Retry-After means nothing was stored and a retry with the same
// Idempotency-Key is safe.
#pragma once

#include <chrono>
#include <functional>

#include "forms/validator.hpp"
#include "http/router.hpp"
#include "routing/reference_data.hpp"
#include "routing/queue_config.hpp"
#include "store/store.hpp"

namespace huoli::api {

struct submission_deps {
    const forms::schema_registry* schemas;
    const forms::validator* validator;
    const routing::reference_data* routing_data;  // the table in force on the day of receipt routes
    const routing::queue_config* queues;
    store::store* storage;
    std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
    // After a new notice is durable (not on an idempotent replay): wakes the queue's long-polls.
    std::function<void(const std::string& queue_id)> on_stored;
    // Every answer, with the form as requested (for the metrics counters).
    std::function<void(const std::string& form, const http::response&)> observe;
};

void add_submission_routes(http::router& r, submission_deps deps);

// An Idempotency-Key is 1–128 visible ASCII characters (a UUID in practice).
bool valid_idempotency_key(std::string_view key);

}  // namespace huoli::api
