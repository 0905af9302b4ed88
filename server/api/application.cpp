#include "api/application.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "api/audit_routes.hpp"

#include "api/health_routes.hpp"
#include "api/queue_routes.hpp"
#include "api/reference_routes.hpp"
#include "api/schema_routes.hpp"
#include "api/submission_routes.hpp"
#include "core/log_sink.hpp"
#include "core/utc_timestamp.hpp"
#include "http/page_fields.hpp"
#include "json/digest.hpp"
#include "routing/helsinki_time.hpp"
#include "routing/working_days.hpp"

namespace huoli::api {
namespace {

routing::reference_data load_routing_data(const std::filesystem::path& dir) {
    auto data = routing::reference_data::load(dir);
    if (!data) throw std::runtime_error("routing data in " + dir.string() + ": " + data.error().detail);
    const auto today = routing::helsinki_local_date(std::chrono::system_clock::now());
    if (!data.value().in_force_on(today)) {
        throw std::runtime_error("routing data in " + dir.string() + ": no municipality table is in force on " +
                                 routing::iso_date(today));
    }
    // The January update is easy to miss: say so where the operator looks (no personal data).
    if (auto warning = routing::outdated_table_warning(data.value(), today)) {
        huoli::write_log_line(nlohmann::json{{"event", "routing_table_outdated"}, {"warning", *warning}}.dump());
    }
    return std::move(data).value();
}

// The queue configuration must hold for every table it may meet before the next restart.
routing::queue_config load_queues(const nlohmann::json& doc, const routing::reference_data& data) {
    return routing::queue_config::parse(doc, data.in_force_from(routing::helsinki_local_date(std::chrono::system_clock::now())));
}

// The operator's details in the public pages (forms/*/privacy.html, accessibility.html), in the
// language of the page's folder. Without an "operator" section the pages keep their own
// "not configured" text.
http::static_files::content_filter operator_fields(const std::optional<config::operator_details>& configured) {
    if (!configured) return {};
    return [op = *configured](const std::string& path, std::string content) {
        if (!path.ends_with(".html")) return content;
        const std::string language = path.substr(0, path.find('/'));
        auto value = [&](std::string_view name) -> std::optional<std::string> {
            if (name == "name") return op.name.in(language);
            if (name == "address") return op.address.in(language);
            if (name == "email") return op.email;
            if (name == "dpo_email") return op.dpo_email;
            if (name == "feedback_email") return op.feedback_email;
            return std::nullopt;
        };
        return http::fill_page_fields(content, value, path);
    };
}

std::unique_ptr<store::store> open_store(const std::filesystem::path& data_dir) {
    store::store_options options;
    // A storage fault that persists must be visible: one line per failed transaction, with
    // SQLite's code and its fixed text for it (no data).
    options.on_storage_failure = [](const store::storage_failure& f) {
        huoli::write_log_line(nlohmann::json{{"event", "storage_transaction_failed"},
                                            {"during", f.during},
                                            {"sqlite_code", f.sqlite_code},
                                            {"sqlite_message", f.sqlite_message}}
                                 .dump());
    };
    auto s = store::store::open(data_dir / "huoli.db", std::move(options));
    if (!s) throw std::runtime_error("storage " + (data_dir / "huoli.db").string() + ": " + s.error().detail);
    return std::move(s).value();
}

// Act 703/2023 and issue 6: the log must be signed, so there is no running without a key.
std::unique_ptr<audit::log_service> open_audit(const config::server_config& cfg, store::store& storage) {
    if (!cfg.audit.signing_key) {
        throw std::runtime_error("configuration: /audit/signing_key is required: the audit log must be signed");
    }
    audit::log_service_options o;
    o.signing_key = *cfg.audit.signing_key;
    o.origin = cfg.audit.origin;
    o.checkpoint_interval = std::chrono::seconds(cfg.audit.checkpoint_interval_seconds);
    o.unsigned_tail = cfg.audit.record_unsigned_tail ? audit::unsigned_tail_policy::record
                                                     : audit::unsigned_tail_policy::refuse;
    return std::make_unique<audit::log_service>(storage, o);
}

std::string file_sha256(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (file.empty() || !in) return "";
    std::stringstream buf;
    buf << in.rdbuf();
    return json::sha256_hex(buf.str());
}

// Every table the server routes with, on the audit record of its start-up.
nlohmann::json routing_tables_json(const routing::reference_data& data) {
    nlohmann::json tables = nlohmann::json::array();
    for (const auto& t : data.tables()) {
        tables.push_back({{"name", t.info().name}, {"valid_from", routing::iso_date(t.info().valid_from)},
                          {"sha256", t.content_hash()}});
    }
    return tables;
}

audit::event system_event(std::string action, nlohmann::json details) {
    audit::event e;
    e.at = huoli::utc_timestamp_now();
    e.actor = "system";
    e.action = std::move(action);
    e.object = "-";
    e.outcome = "ok";
    e.details = std::move(details);
    return e;
}

void record_or_throw(audit::log_service& log, audit::event e) {
    if (auto r = log.record_sync(std::move(e)); !r) throw std::runtime_error("audit log: " + r.error().detail);
}

// A refused submission: only the reason code and the listener, never anything of the content.
void record_rejection(audit::log_service& log, const http::response& r) {
    audit::event e;
    e.at = huoli::utc_timestamp_now();
    e.actor = "public";
    e.action = "submit.rejected";
    e.object = "-";
    e.outcome = "rejected";
    e.details = {{"listener", "public"},
                 {"status", r.status},
                 {"reason", r.problem_code.empty() ? std::string("unknown") : r.problem_code}};
    log.record(std::move(e), [](result<std::int64_t>) {});  // the refusal changed nothing: no need to wait
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
      routing_data_(load_routing_data(cfg.routing_dir)),
      queues_(load_queues(cfg.queues, routing_data_)),
      schemas_(forms::schema_registry::load(cfg.schema_dir)),
      validator_(schemas_),
      store_(open_store(cfg.data_dir)),
      audit_(open_audit(cfg, *store_)),
      static_files_(cfg.forms_dir, operator_fields(cfg.service_operator)) {
    check_principal_queues(cfg, queues_);
    add_health_routes(router_, [this] { return ready(); });
    add_whoami_route(router_);
    add_language_redirect(router_);
    add_municipality_route(router_, routing_data_, queues_);
    add_schema_routes(router_, schemas_);
    submission_deps submissions{&schemas_, &validator_, &routing_data_, &queues_, store_.get()};
    submissions.on_stored = [this](const std::string& queue_id) { arrivals_.signal(queue_id); };
    submissions.observe = [this](const std::string& form, const http::response& r) {
        // Only known forms become labels: a client must not be able to mint metric series.
        submissions_.count(schemas_.find(form) ? form : "unknown", submission_outcome(r));
        if (r.status >= 400) record_rejection(*audit_, r);
    };
    add_submission_routes(router_, std::move(submissions));
    const queue_deps queue{store_.get(), &queues_, &arrivals_,
                           queue::policy{static_cast<int>(cfg.queue.ack_within_working_days),
                                         static_cast<int>(cfg.queue.urgent_ack_within_hours),
                                         static_cast<int>(cfg.queue.max_attempts)}};
    add_queue_routes(router_, queue);
    add_metrics_route(router_, queue, submissions_);
    add_audit_routes(router_, {store_.get(), audit_.get()});
    router_.set_public_fallback([this](const http::request& req, const http::route_params&, http::responder respond) {
        auto r = static_files_.serve(req);
        r.route = "/{static}";
        respond(std::move(r));
    });
    // What the server runs with, on record before it serves anything.
    record_or_throw(*audit_, system_event("config.load", {{"config_sha256", file_sha256(cfg.source_file)},
                                                          {"municipality_tables", routing_tables_json(routing_data_)},
                                                          {"mergers_sha256", routing_data_.mergers_hash()},
                                                          {"queue_config_sha256", queues_.config_hash()}}));
    const auto& key = audit_->key();
    char key_id[9];
    std::snprintf(key_id, sizeof key_id, "%08x", key.key_id());
    record_or_throw(*audit_, system_event("key.load", {{"purpose", "audit checkpoints"}, {"key_name", key.name()},
                                                       {"key_id", key_id}, {"vkey", key.vkey()}}));
    record_or_throw(*audit_, system_event("server.start", nlohmann::json::object()));
    // Signed before serving: only a crash within these few milliseconds can leave this run's
    // start-up events unsigned behind the previous run's server.stop (server/audit/README.md).
    if (auto signed_now = audit_->checkpoint_now(); !signed_now) {
        throw std::runtime_error("audit log: cannot sign the start-up events: " + signed_now.error().detail);
    }
    audit_->start();
}

application::~application() = default;

void application::handle(const http::request& req, http::responder respond) const {
    router_.dispatch(req, std::move(respond));
}

bool application::ready() const { return store_->ready().ok() && static_files_.file_count() > 0; }

void application::start_watchdog(std::chrono::microseconds round, std::function<void()> pet) {
    watchdog_ = std::make_unique<store::writer_watchdog>(*store_, round, std::move(pet));
}

// Long-polls are answered (empty) before storage closes; the network has drained by now, so
// their responders only post to a stopped loop.
void application::shutdown() {
    if (watchdog_) watchdog_->stop();  // systemd stops watching at STOPPING=1
    arrivals_.close();
    audit_->flush();
    (void)audit_->record_sync(system_event("server.stop", nlohmann::json::object()));
    store_->close();
    audit_->stop_checkpoints();  // the final checkpoint covers server.stop
}

void application::auth_failure(std::string_view reason, std::string_view fingerprint) const {
    audit_->auth_failure(reason, fingerprint);
}

}  // namespace huoli::api
