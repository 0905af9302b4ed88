#include "api/application.hpp"

#include <stdexcept>

#include "api/health_routes.hpp"
#include "api/reference_routes.hpp"
#include "api/schema_routes.hpp"
#include "api/submission_routes.hpp"

namespace huoli::api {
namespace {

routing::municipality_table load_table(const std::filesystem::path& dir) {
    auto t = routing::municipality_table::load(dir / "kunnat_hyvinvointialueet_2026.csv", dir / "hyvinvointialueet_2025.csv");
    if (!t) throw std::runtime_error("municipality table in " + dir.string() + ": " + t.error().detail);
    return std::move(t).value();
}

std::unique_ptr<store::store> open_store(const std::filesystem::path& data_dir) {
    auto s = store::store::open(data_dir / "huoli.db");
    if (!s) throw std::runtime_error("storage " + (data_dir / "huoli.db").string() + ": " + s.error().detail);
    return std::move(s).value();
}

// Isolation starts in the configuration: a principal may only be given queues that exist and
// belong to its own organisation.
void check_principal_queues(const config::server_config& cfg, const routing::queue_config& queues) {
    for (std::size_t i = 0; i < cfg.principals.size(); ++i) {
        const auto& p = cfg.principals[i].who;
        for (std::size_t q = 0; q < p.queues.size(); ++q) {
            auto owner = queues.organisation_of_queue(p.queues[q]);
            const std::string where = "configuration: /principals/" + std::to_string(i) + "/queues/" + std::to_string(q);
            if (!owner) throw std::runtime_error(where + ": no such queue: " + p.queues[q]);
            if (*owner != p.organisation) {
                throw std::runtime_error(where + ": queue " + p.queues[q] + " belongs to " + *owner + ", not " +
                                         p.organisation);
            }
        }
    }
}

}  // namespace

application::application(const config::server_config& cfg)
    : cfg_(cfg),
      table_(load_table(cfg.routing_dir)),
      queues_(routing::queue_config::parse(cfg.queues, table_)),
      schemas_(forms::schema_registry::load(cfg.schema_dir)),
      validator_(schemas_),
      store_(open_store(cfg.data_dir)),
      static_files_(cfg.forms_dir) {
    check_principal_queues(cfg, queues_);
    add_health_routes(router_, [this] { return ready(); });
    add_whoami_route(router_);
    add_language_redirect(router_);
    add_municipality_route(router_, table_);
    add_schema_routes(router_, schemas_);
    add_submission_routes(router_, {&schemas_, &validator_, &table_, &queues_, store_.get()});
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

bool application::ready() const { return store_->ready().ok() && static_files_.file_count() > 0; }

void application::shutdown() { store_->close(); }

}  // namespace huoli::api
