// GET /metrics on the internal listener, Prometheus text format 0.0.4, for the admin and
// auditor roles only (intake principals would otherwise see other organisations' queues).
//
//   huoli_submissions_total{form,outcome}        counter, since the process started (resets)
//   huoli_notices_stored{form}                   gauge, all notices in the database
//   huoli_queue_depth{queue,state}               gauge, unacknowledged by state (available, leased)
//   huoli_queue_flagged{queue}                   gauge, unacknowledged and flagged
//   huoli_queue_oldest_unacknowledged_age_seconds{queue}   gauge (0 when empty)
//   huoli_queue_overdue{queue,clock}             gauge, clock = acknowledgement | urgent_acknowledgement | decision | any
//
// Queue numbers are read from the database at scrape time, so they survive restarts.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "api/queue_routes.hpp"
#include "http/router.hpp"

namespace huoli::api {

// Answered submissions by form and outcome. Thread-safe.
class submission_counters {
public:
    void count(const std::string& form, const std::string& outcome);
    std::map<std::pair<std::string, std::string>, std::uint64_t> snapshot() const;

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::uint64_t> counts_;
};

// The outcome label of a submission response: accepted, replayed, rejected, bad_request,
// unknown_form, unavailable, error.
std::string submission_outcome(const http::response& r);

// `deps` and `counters` must outlive the router.
void add_metrics_route(http::router& r, queue_deps deps, const submission_counters& counters);

}  // namespace huoli::api
