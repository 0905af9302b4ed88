// One lease request, long-polling when nothing is available: retries whenever the queue's
// arrivals notifier signals (within milliseconds of a commit), and once more at the deadline
// (which also picks up leases that expired meanwhile), then answers. No thread ever blocks:
// the request lives in callbacks between the writer thread and the notifier thread.
#pragma once

#include "api/queue_routes.hpp"
#include "auth/principal.hpp"
#include "http/message.hpp"
#include "queue/lease_ops.hpp"

namespace huoli::api {

void start_lease_poll(const queue_deps& deps, auth::principal who, queue::lease_request request, int wait_seconds,
                      http::responder respond);

}  // namespace huoli::api
