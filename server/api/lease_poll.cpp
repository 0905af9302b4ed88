#include "api/lease_poll.hpp"

#include <memory>

#include "api/problems.hpp"
#include "api/queue_json.hpp"
#include "http/problem.hpp"
#include "queue/operation.hpp"

namespace huoli::api {
namespace {

class lease_poll : public std::enable_shared_from_this<lease_poll> {
public:
    lease_poll(const queue_deps& deps, auth::principal who, queue::lease_request request,
               queue::arrivals::clock::time_point deadline, http::responder respond)
        : deps_(deps), who_(std::move(who)), request_(std::move(request)), deadline_(deadline),
          respond_(std::move(respond)) {}

    void attempt(bool last) {
        // Read before the attempt: an arrival committed after this point bumps the generation,
        // so wait() below returns at once instead of missing it.
        const auto seen = deps_.arrivals->generation(request_.queue_id);
        auto ctx = queue::make_context(who_, deps_.now(), deps_.rules);
        deps_.storage->run_write<queue::lease_result>(
            [ctx = std::move(ctx), request = request_](SQLite::Database& db) { return queue::lease(db, ctx, request); },
            [self = shared_from_this(), seen, last](result<queue::lease_result> r) {
                self->on_attempt(std::move(r), seen, last);
            });
    }

private:
    void on_attempt(result<queue::lease_result> r, std::uint64_t seen, bool last) {
        if (!r) return respond_(problem_for(r.error()));
        if (!r.value().items.empty() || last || queue::arrivals::clock::now() >= deadline_) {
            return respond_(http::json_response(200, to_json(r.value())));
        }
        deps_.arrivals->wait(request_.queue_id, seen, deadline_, [self = shared_from_this()](queue::woken why) {
            if (why == queue::woken::closed) {
                return self->respond_(http::json_response(200, to_json(queue::lease_result{})));
            }
            self->attempt(why == queue::woken::timed_out);
        });
    }

    queue_deps deps_;
    auth::principal who_;
    queue::lease_request request_;
    queue::arrivals::clock::time_point deadline_;
    http::responder respond_;
};

}  // namespace

void start_lease_poll(const queue_deps& deps, auth::principal who, queue::lease_request request, int wait_seconds,
                      http::responder respond) {
    const auto deadline = queue::arrivals::clock::now() + std::chrono::seconds(wait_seconds);
    auto poll = std::make_shared<lease_poll>(deps, std::move(who), std::move(request), deadline, std::move(respond));
    poll->attempt(wait_seconds == 0);
}

}  // namespace huoli::api
