// The HTTPS server: two TLS listeners, I/O threads, signals and graceful shutdown.
//
// This header includes no Boost: main.cpp and tests use it without compiling Asio.
// run() blocks until SIGTERM/SIGINT: it then stops accepting, lets in-flight requests finish
// (within limits.shutdown_grace_seconds), and returns. A second signal exits the process at once.
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include "config/config.hpp"
#include "http/message.hpp"

namespace huoli::net {

// Everything above the network layer: called on an I/O thread for every complete request.
using service = std::function<void(const http::request&, http::responder)>;

// Told of every authentication failure on the internal listener (a failed handshake, or a valid
// certificate that maps to no principal), on an I/O thread; must be quick and must not throw.
// `reason` is a fixed code; `fingerprint` the SHA-256 of an unmapped certificate, else empty.
using auth_failure_hook = std::function<void(std::string_view reason, std::string_view fingerprint)>;

class server {
public:
    // Throws at start-up: unreadable certificates, ports in use.
    server(const config::server_config& cfg, service svc, auth_failure_hook on_auth_failure = {});
    ~server();

    // `on_ready` runs once both listeners accept connections.
    void run(const std::function<void()>& on_ready);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace huoli::net
