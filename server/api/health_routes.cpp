#include "api/health_routes.hpp"

#include "http/problem.hpp"

namespace huoli::api {

void add_health_routes(http::router& r, std::function<bool()> ready) {
    for (auto listener : {http::listener_kind::public_, http::listener_kind::internal}) {
        r.add({"GET", "/healthz", listener, [](const http::request&, const http::route_params&, http::responder respond) {
                   respond(http::json_response(200, {{"status", "ok"}}));
               }});
        r.add({"GET", "/readyz", listener,
               [ready](const http::request&, const http::route_params&, http::responder respond) {
                   if (ready()) return respond(http::json_response(200, {{"status", "ready"}}));
                   respond(http::service_unavailable(5));
               }});
    }
}

void add_whoami_route(http::router& r) {
    r.add({"GET", "/api/v1/whoami", http::listener_kind::internal,
           [](const http::request& req, const http::route_params&, http::responder respond) {
               const auth::principal& p = *req.principal;  // the router guarantees a principal here
               nlohmann::json roles = nlohmann::json::array();
               for (auto role : p.roles) roles.push_back(auth::to_string(role));
               respond(http::json_response(200, {{"id", p.id},
                                                 {"organisation", p.organisation},
                                                 {"roles", roles},
                                                 {"queues", p.queues},
                                                 {"certificate_sha256", p.fingerprint}}));
           }});
}

}  // namespace huoli::api
