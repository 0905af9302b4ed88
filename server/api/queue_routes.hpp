// The intake queue API on the internal listener, for social services' case-management systems
// (intake role only; auditors and admins get 403 from the router):
//
//   GET  /api/v1/queues                                   the caller's queues with counts and ages
//   POST /api/v1/queues/{queue}/lease   {max, lease_seconds, wait_seconds}   lease, long-poll
//   GET  /api/v1/queues/{queue}/items?state=&after=&limit=                   metadata, paginated
//   GET  /api/v1/items/{id}                               the notice in full ("read" audit event)
//   POST /api/v1/items/{id}/ack        {lease_token, case_reference?}
//   POST /api/v1/items/{id}/extend     {lease_token, lease_seconds}
//   POST /api/v1/items/{id}/release    {lease_token}
//   POST /api/v1/items/{id}/transfer   {to_queue, reason: "moved" | "misrouted"}
//   POST /api/v1/items/{id}/reopen     {reason: "lost_by_case_system" | "acknowledged_in_error"}  (admin role)
//
// ack takes the notice's last lease token, also after that lease expired, as long as nobody has
// leased the notice again (the case system has it; refusing would only make it fetch it again);
// after a new lease the old token is 409 lease_not_held. lease_expired is what extend and release
// answer for a lease that ran out. transfer: only while unacknowledged (409
// acknowledged_not_transferable; an admin reopens first), only to a queue that takes the
// notice's kind (422 queue_not_for_this_notice: a child's notice to a children's queue); the
// receiving county sees `transferred_from` on the item.
//
// Another organisation's queue or notice is answered 404 on every route (ids are not confirmed).
// Lease-token conflicts are 409 (lease_not_held, lease_expired, already_acknowledged); body
// errors 400/422 with JSON Pointers; storage failures 503. Semantics: server/queue/*.hpp; the
// responses' JSON: api/queue_json.hpp.
#pragma once

#include <chrono>
#include <functional>

#include "http/router.hpp"
#include "queue/arrivals.hpp"
#include "queue/overdue.hpp"
#include "routing/queue_config.hpp"
#include "store/store.hpp"

namespace huoli::api {

struct queue_deps {
    store::store* storage;
    const routing::queue_config* queues;
    queue::arrivals* arrivals;
    queue::policy rules;
    std::function<std::chrono::system_clock::time_point()> now = [] { return std::chrono::system_clock::now(); };
};

void add_queue_routes(http::router& r, queue_deps deps);

}  // namespace huoli::api
