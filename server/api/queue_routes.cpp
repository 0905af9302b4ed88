#include "api/queue_routes.hpp"

#include <charconv>

#include "api/lease_poll.hpp"
#include "api/notice_fields.hpp"
#include "api/problems.hpp"
#include "api/queue_json.hpp"
#include "api/request_body.hpp"
#include "api/thread_reader.hpp"
#include "http/problem.hpp"
#include "http/query.hpp"
#include "queue/access.hpp"
#include "queue/item_ops.hpp"
#include "queue/operation.hpp"
#include "queue/queries.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;
template <class T>
using job = std::function<result<T>(SQLite::Database&, const queue::operation_context&)>;

// Notice ids are UUIDs (store/receipt.hpp); anything else cannot be one, mine or not.
bool looks_like_notice_id(const std::string& id) {
    return id.size() == 36 && id.find_first_not_of("0123456789abcdef-") == std::string::npos;
}

// Whether `id` is an item the caller may touch, asked on a read-only connection: a request for
// an id that does not exist or is another organisation's is answered 404 without a write
// transaction, so probing for ids cannot occupy the writer. The write job checks again.
bool callers_item(const queue_deps& deps, const http::request& req, const std::string& id) {
    if (!looks_like_notice_id(id)) return false;
    auto reader = thread_reader(*deps.storage);
    if (!reader) return true;  // no reader: let the write job answer (503 if storage is down)
    try {
        return queue::owns_item(reader.value()->connection(), *req.principal, id);
    } catch (const std::exception&) {
        return true;  // a read that failed proves nothing either way
    }
}

// The kind of notice `id` is (its form, and whose welfare it concerns), read on the calling
// thread's read connection; nullopt if it cannot be read.
std::optional<std::pair<std::string, routing::subject_kind>> notice_kind_of(const queue_deps& deps,
                                                                           const std::string& id) {
    auto reader = thread_reader(*deps.storage);
    if (!reader) return std::nullopt;
    try {
        SQLite::Statement q(reader.value()->connection(), "SELECT n.form, c.payload FROM notices n JOIN notice_content c ON c.notice_id = n.id WHERE n.id = ?");
        q.bind(1, id);
        if (!q.executeStep()) return std::nullopt;
        const std::string form = q.getColumn(0).getString();
        const json doc = json::parse(q.getColumn(1).getString(), nullptr, false);
        if (doc.is_discarded()) return std::nullopt;
        auto subject = routing::subject_of(form, routing_inputs_of(form, doc).subject_is_child);
        if (!subject) return std::nullopt;
        return std::make_pair(form, *subject);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The legal basis a transfer's audit events record. LSL 25 d §: when the child moves, the
// county passes the matter to the county of the child's new home. A notice that reached an
// organisation not responsible for it is passed to the responsible one under the Administrative
// Procedure Act (hallintolaki 434/2003) 21 §, as is an adult's contact request that moved (the
// Social Welfare Act has no 25 d § of its own). The HL 21 § citation is not in ../shared/domain:
// it is this code's reading, to be confirmed by the service's lawyer.
std::string transfer_basis(routing::subject_kind subject, const std::string& reason) {
    if (reason == "moved" && subject == routing::subject_kind::child) return "LSL 25 d §";
    return "HL 21 § (434/2003)";
}

// A refusal of the transfer's target queue, pointed at the member that named it.
http::response to_queue_refusal(http::problem_code code) {
    const http::error_entry entry{http::error_entry::located_by::pointer, "/to_queue",
                                  std::string(http::type_of(code).name), http::problem_message(code)};
    return http::problem(code, {}, {{"errors", http::errors_json({entry})}});
}

// Runs `op` as one write job for the caller and answers with its result's JSON (200,
// queue_json.hpp) or its problem. `after_commit` sees the committed result first.
template <class T>
void run_item_job(const queue_deps& deps, const http::request& req, job<T> op, http::responder respond,
                  std::function<void(const T&)> after_commit = {}) {
    auto ctx = queue::make_context(*req.principal, deps.now(), deps.rules);
    deps.storage->run_write<T>(
        [ctx = std::move(ctx), op = std::move(op)](SQLite::Database& db) { return op(db, ctx); },
        [respond, after_commit = std::move(after_commit)](result<T> r) {
            if (!r) return respond(problem_for(r.error()));
            if (after_commit) after_commit(r.value());
            respond(http::json_response(200, to_json(r.value())));
        });
}

// `state=` and `after=` with nothing after them mean no filter and the first page.
std::optional<http::response> parse_listing_query(std::string_view query, queue::listing_request& out) {
    using http::query_problem;
    auto q = http::parse_query(query, {"state", "after", "limit"});
    if (!q) return http::invalid_query(q.error());
    if (auto state = q.value().get("state"); state && !state->empty()) {
        out.state = queue::parse_state(*state);
        if (!out.state) return http::invalid_query({query_problem::invalid_value, "state"});
    }
    if (auto after = q.value().get("after"); after && !after->empty()) {
        out.after = queue::decode_cursor(std::string(*after));
        if (!out.after) return http::invalid_query({query_problem::invalid_value, "after"});
    }
    if (auto limit = q.value().get("limit")) {
        int n = 0;
        const char* last = limit->data() + limit->size();
        auto [end, ec] = std::from_chars(limit->data(), last, n);
        if (end != last || (ec != std::errc() && ec != std::errc::result_out_of_range)) {
            return http::invalid_query({query_problem::invalid_value, "limit"});
        }
        if (ec != std::errc() || n < 1 || n > 200) return http::invalid_query({query_problem::out_of_range, "limit"});
        out.limit = n;
    }
    return std::nullopt;
}

void list_queues(const queue_deps& deps, const http::request& req, http::responder respond) {
    auto reader = thread_reader(*deps.storage);
    if (!reader) return respond(problem_for(reader.error()));
    auto s = queue::stats(reader.value()->connection(), req.principal->queues, deps.now(), deps.rules);
    if (!s) return respond(problem_for(s.error()));
    respond(http::json_response(200, to_json(s.value())));
}

void list_items(const queue_deps& deps, const http::request& req, const std::string& queue_id, http::responder respond) {
    if (!queue::may_use_queue(*req.principal, queue_id)) return respond(http::not_found());
    queue::listing_request listing;
    listing.queue_id = queue_id;
    if (auto bad = parse_listing_query(req.query, listing)) return respond(std::move(*bad));
    auto reader = thread_reader(*deps.storage);
    if (!reader) return respond(problem_for(reader.error()));
    auto page = queue::list_items(reader.value()->connection(), listing, deps.now(), deps.rules);
    if (!page) return respond(problem_for(page.error()));
    respond(http::json_response(200, to_json(page.value())));
}

void lease(const queue_deps& deps, const http::request& req, const std::string& queue_id, http::responder respond) {
    if (!queue::may_use_queue(*req.principal, queue_id)) return respond(http::not_found());
    body_reader body(req.body, {"max", "lease_seconds", "wait_seconds"});
    queue::lease_request r;
    r.queue_id = queue_id;
    r.max = body.integer("max", 1, 100, 10);
    r.lease_seconds = body.integer("lease_seconds", 10, 3600, 300);
    const int wait_seconds = body.integer("wait_seconds", 0, 30, 0);
    if (!body.ok()) return respond(body.problem());
    start_lease_poll(deps, *req.principal, std::move(r), wait_seconds, std::move(respond));
}

void item_action(const queue_deps& deps, const http::request& req, const std::string& id, const std::string& action,
                 http::responder respond) {
    if (!callers_item(deps, req, id)) return respond(http::not_found());
    if (action == "ack") {
        body_reader body(req.body, {"lease_token", "case_reference"});
        auto token = body.text("lease_token", true, 64);
        auto case_reference = body.text("case_reference", false, 200);
        if (!body.ok()) return respond(body.problem());
        return run_item_job<queue::ack_result>(
            deps, req,
            [id, token = *token, case_reference](auto& db, const auto& ctx) {
                return queue::acknowledge(db, ctx, id, token, case_reference);
            },
            std::move(respond));
    }
    if (action == "extend") {
        body_reader body(req.body, {"lease_token", "lease_seconds"});
        auto token = body.text("lease_token", true, 64);
        const int seconds = body.integer("lease_seconds", 10, 3600, 300);
        if (!body.ok()) return respond(body.problem());
        return run_item_job<queue::extend_result>(
            deps, req,
            [id, token = *token, seconds](auto& db, const auto& ctx) {
                return queue::extend(db, ctx, id, token, seconds);
            },
            std::move(respond));
    }
    if (action == "release") {
        body_reader body(req.body, {"lease_token"});
        auto token = body.text("lease_token", true, 64);
        if (!body.ok()) return respond(body.problem());
        auto* arrivals = deps.arrivals;
        return run_item_job<queue::release_result>(
            deps, req, [id, token = *token](auto& db, const auto& ctx) { return queue::release(db, ctx, id, token); },
            std::move(respond), [arrivals](const queue::release_result& released) { arrivals->signal(released.queue); });
    }
    // transfer
    body_reader body(req.body, {"to_queue", "reason"});
    auto to_queue = body.text("to_queue", true, 64);
    auto reason = body.choice("reason", true, {"moved", "misrouted"});
    if (!body.ok()) return respond(body.problem());
    auto to_organisation = deps.queues->organisation_of_queue(*to_queue);
    if (!to_organisation) {
        return respond(to_queue_refusal(http::problem_code::unknown_queue));
    }
    const auto kind = notice_kind_of(deps, id);
    if (!kind) return respond(http::service_unavailable(5));
    if (!deps.queues->queue_takes(*to_queue, kind->first, kind->second)) {
        // A notice about a child goes to a queue for children (and an adult's to one for adults).
        return respond(to_queue_refusal(http::problem_code::queue_not_for_this_notice));
    }
    auto* arrivals = deps.arrivals;
    run_item_job<queue::transfer_result>(
        deps, req,
        [id, to = *to_queue, org = *to_organisation, why = *reason, basis = transfer_basis(kind->second, *reason)](
            auto& db, const auto& ctx) { return queue::transfer(db, ctx, id, to, org, why, basis); },
        std::move(respond), [arrivals](const queue::transfer_result& moved) { arrivals->signal(moved.to_queue); });
}

void reopen_item(const queue_deps& deps, const http::request& req, const std::string& id, http::responder respond) {
    if (!looks_like_notice_id(id)) return respond(http::not_found());
    body_reader body(req.body, {"reason"});
    auto reason = body.choice("reason", true, {"lost_by_case_system", "acknowledged_in_error"});
    if (!body.ok()) return respond(body.problem());
    auto* arrivals = deps.arrivals;
    run_item_job<queue::reopen_result>(
        deps, req, [id, why = *reason](auto& db, const auto& ctx) { return queue::reopen(db, ctx, id, why); },
        std::move(respond), [arrivals](const queue::reopen_result& reopened) { arrivals->signal(reopened.queue); });
}

void read_item(const queue_deps& deps, const http::request& req, const std::string& id, http::responder respond) {
    if (!callers_item(deps, req, id)) return respond(http::not_found());
    run_item_job<queue::item_view>(
        deps, req, [id](auto& db, const auto& ctx) { return queue::read_item(db, ctx, id); }, std::move(respond));
}

}  // namespace

void add_queue_routes(http::router& r, queue_deps deps) {
    const auto internal = http::listener_kind::internal;
    const std::vector<auth::role> intake{auth::role::intake};
    auto add = [&](const char* method, const char* path, bool json_body, http::handler h) {
        http::route route{method, path, internal, std::move(h)};
        route.expects_json = json_body;
        route.roles = intake;
        r.add(std::move(route));
    };
    add("GET", "/api/v1/queues", false, [deps](const http::request& req, const http::route_params&, http::responder respond) {
        list_queues(deps, req, std::move(respond));
    });
    add("POST", "/api/v1/queues/{queue}/lease", true,
        [deps](const http::request& req, const http::route_params& p, http::responder respond) {
            lease(deps, req, p.at("queue"), std::move(respond));
        });
    add("GET", "/api/v1/queues/{queue}/items", false,
        [deps](const http::request& req, const http::route_params& p, http::responder respond) {
            list_items(deps, req, p.at("queue"), std::move(respond));
        });
    add("GET", "/api/v1/items/{id}", false,
        [deps](const http::request& req, const http::route_params& p, http::responder respond) {
            read_item(deps, req, p.at("id"), std::move(respond));
        });
    {
        http::route reopen{"POST", "/api/v1/items/{id}/reopen", internal,
                           [deps](const http::request& req, const http::route_params& p, http::responder respond) {
                               reopen_item(deps, req, p.at("id"), std::move(respond));
                           }};
        reopen.expects_json = true;
        reopen.roles = {auth::role::admin};
        r.add(std::move(reopen));
    }
    for (const char* action : {"ack", "extend", "release", "transfer"}) {
        add("POST", (std::string("/api/v1/items/{id}/") + action).c_str(), true,
            [deps, action = std::string(action)](const http::request& req, const http::route_params& p,
                                                 http::responder respond) {
                item_action(deps, req, p.at("id"), action, std::move(respond));
            });
    }
}

}  // namespace huoli::api
