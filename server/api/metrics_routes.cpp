#include "api/metrics_routes.hpp"

#include <sstream>

#include "api/problems.hpp"
#include "api/thread_reader.hpp"
#include "queue/queries.hpp"

namespace huoli::api {
namespace {

std::string label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

void family(std::ostringstream& out, const char* name, const char* type, const char* help) {
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
}

}  // namespace

void submission_counters::count(const std::string& form, const std::string& outcome) {
    std::lock_guard lock(mutex_);
    ++counts_[{form, outcome}];
}

std::map<std::pair<std::string, std::string>, std::uint64_t> submission_counters::snapshot() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

std::string submission_outcome(const http::response& r) {
    switch (r.status) {
        case 201: return r.headers.has("Idempotent-Replayed") ? "replayed" : "accepted";
        case 400: return "bad_request";
        case 404: return "unknown_form";
        case 422: return "rejected";
        case 503: return "unavailable";
        default: return "error";
    }
}

void add_metrics_route(http::router& r, queue_deps deps, const submission_counters& counters) {
    http::route route{"GET", "/metrics", http::listener_kind::internal,
                      [deps, &counters](const http::request&, const http::route_params&, http::responder respond) {
                          auto reader = thread_reader(*deps.storage);
                          if (!reader) return respond(problem_for(reader.error()));
                          auto& db = reader.value()->connection();
                          auto stats = queue::stats(db, deps.queues->all_queue_ids(), deps.now(), deps.rules);
                          auto stored = queue::stored_by_form(db);
                          if (!stats) return respond(problem_for(stats.error()));
                          if (!stored) return respond(problem_for(stored.error()));

                          std::ostringstream out;
                          family(out, "huoli_submissions_total", "counter",
                                 "Submissions answered since the process started, by form and outcome.");
                          for (const auto& [key, n] : counters.snapshot()) {
                              out << "huoli_submissions_total{form=\"" << label(key.first) << "\",outcome=\""
                                  << label(key.second) << "\"} " << n << '\n';
                          }
                          family(out, "huoli_notices_stored", "gauge", "Notices in the database, by form.");
                          for (const auto& [form, n] : stored.value()) {
                              out << "huoli_notices_stored{form=\"" << label(form) << "\"} " << n << '\n';
                          }
                          family(out, "huoli_queue_depth", "gauge", "Unacknowledged notices by queue and state.");
                          for (const auto& s : stats.value()) {
                              out << "huoli_queue_depth{queue=\"" << label(s.queue_id) << "\",state=\"available\"} "
                                  << s.available << '\n';
                              out << "huoli_queue_depth{queue=\"" << label(s.queue_id) << "\",state=\"leased\"} "
                                  << s.leased << '\n';
                          }
                          family(out, "huoli_queue_flagged", "gauge",
                                 "Unacknowledged notices flagged after too many expired or released leases.");
                          for (const auto& s : stats.value()) {
                              out << "huoli_queue_flagged{queue=\"" << label(s.queue_id) << "\"} " << s.flagged << '\n';
                          }
                          family(out, "huoli_queue_oldest_unacknowledged_age_seconds", "gauge",
                                 "Age of the oldest unacknowledged notice (0 when none).");
                          for (const auto& s : stats.value()) {
                              out << "huoli_queue_oldest_unacknowledged_age_seconds{queue=\"" << label(s.queue_id)
                                  << "\"} " << s.oldest_unacknowledged_age_seconds.value_or(0.0) << '\n';
                          }
                          family(out, "huoli_queue_overdue", "gauge",
                                 "Unacknowledged notices past the acknowledgement window or past decision_due.");
                          for (const auto& s : stats.value()) {
                              const std::string q = label(s.queue_id);
                              out << "huoli_queue_overdue{queue=\"" << q << "\",clock=\"acknowledgement\"} "
                                  << s.acknowledgement_overdue << '\n';
                              out << "huoli_queue_overdue{queue=\"" << q << "\",clock=\"decision\"} "
                                  << s.decision_overdue << '\n';
                              out << "huoli_queue_overdue{queue=\"" << q << "\",clock=\"any\"} " << s.overdue << '\n';
                              out << "huoli_queue_overdue{queue=\"" << q << "\",clock=\"urgent_acknowledgement\"} "
                                  << s.urgent_acknowledgement_overdue << '\n';
                          }
                          http::response res;
                          res.headers.set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                          res.body = out.str();
                          respond(std::move(res));
                      }};
    route.roles = {auth::role::admin, auth::role::auditor};
    r.add(std::move(route));
}

}  // namespace huoli::api
