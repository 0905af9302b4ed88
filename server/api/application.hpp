// The application behind both listeners: loads reference data, schemas and storage, builds the
// router from every capability's routes. Loading happens in the constructor (start-up: throws
// with a message naming what is wrong); handle() is the request path (never throws).
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "audit/log_service.hpp"
#include "config/config.hpp"
#include "forms/schema_registry.hpp"
#include "forms/validator.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "api/metrics_routes.hpp"
#include "http/static_files.hpp"
#include "queue/arrivals.hpp"
#include "routing/reference_data.hpp"
#include "routing/queue_config.hpp"
#include "store/store.hpp"
#include "store/writer_watchdog.hpp"

namespace huoli::api {

class application {
public:
    explicit application(const config::server_config& cfg);
    ~application();

    void handle(const http::request& req, http::responder respond) const;
    // Storage writable and reference data loaded: what /readyz reports.
    bool ready() const;
    // A failed TLS handshake or an unmapped client certificate on the internal listener
    // (any I/O thread; counted, written to the audit log once a minute).
    void auth_failure(std::string_view reason, std::string_view fingerprint) const;
    // Pet systemd's watchdog (`pet`) every `round` while the writer completes transactions
    // (store/writer_watchdog.hpp). Called once, when the server is ready.
    void start_watchdog(std::chrono::microseconds round, std::function<void()> pet);
    // Called after the network has drained: stop the watchdog, commit what is queued, close storage.
    void shutdown();

private:
    const config::server_config& cfg_;
    routing::reference_data routing_data_;
    routing::queue_config queues_;
    forms::schema_registry schemas_;
    forms::validator validator_;
    std::unique_ptr<store::store> store_;
    std::unique_ptr<audit::log_service> audit_;
    queue::arrivals arrivals_;
    submission_counters submissions_;
    http::static_files static_files_;
    http::router router_;
    std::unique_ptr<store::writer_watchdog> watchdog_;  // declared last: stopped before the store goes
};

}  // namespace huoli::api
