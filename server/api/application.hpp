// The application behind both listeners: builds the router from every concern's routes and owns
// the long-lived objects they use. Loading happens in the constructor (start-up: may throw);
// handle() is the request path (never throws).
#pragma once

#include <memory>

#include "config/config.hpp"
#include "http/message.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"

namespace huoli::api {

class application {
public:
    explicit application(const config::server_config& cfg);
    ~application();

    void handle(const http::request& req, http::responder respond) const;
    // Storage writable and reference data loaded: what /readyz reports.
    bool ready() const;
    // Called after the network has drained: flush and close storage.
    void shutdown();

private:
    const config::server_config& cfg_;
    http::static_files static_files_;
    http::router router_;
};

}  // namespace huoli::api
