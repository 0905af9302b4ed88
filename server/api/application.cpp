#include "api/application.hpp"

#include "api/health_routes.hpp"

namespace huoli::api {

application::application(const config::server_config& cfg) : cfg_(cfg), static_files_(cfg.forms_dir) {
    add_health_routes(router_, [this] { return ready(); });
    add_whoami_route(router_);
    router_.set_public_fallback([this](const http::request& req, const http::route_params&, http::responder respond) {
        auto r = static_files_.serve(req);
        r.route = "/{static}";
        respond(std::move(r));
    });
}

application::~application() = default;

void application::handle(const http::request& req, http::responder respond) const {
    router_.dispatch(req, std::move(respond));
}

bool application::ready() const { return static_files_.file_count() > 0; }

void application::shutdown() {}

}  // namespace huoli::api
