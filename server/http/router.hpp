// Maps (method, path, listener, principal) to a handler. Pure: no sockets, no clocks.
//
// Route templates use `{name}` for one path segment: "/api/v1/items/{id}/ack". The router answers
// the protocol-level problems itself, in this order: unmapped client certificate on the internal
// listener → 403; unknown path → fallback or 404; known path, other method → 405 with `Allow`;
// body of the wrong media type → 415; missing role → 403. A GET route also answers HEAD.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "auth/principal.hpp"
#include "http/message.hpp"

namespace huoli::http {

using route_params = std::map<std::string, std::string>;
using handler = std::function<void(const request&, const route_params&, responder)>;

struct route {
    std::string method;
    std::string path_template;
    listener_kind listener = listener_kind::public_;
    handler handle;
    // Requests with a body must say `Content-Type: application/json`.
    bool expects_json = false;
    // Internal routes: the principal must hold one of these roles (empty: any mapped principal).
    std::vector<auth::role> roles;
};

class router {
public:
    void add(route r);
    // Called for unmatched GET/HEAD requests on the public listener (static files).
    void set_public_fallback(handler h) { fallback_ = std::move(h); }

    void dispatch(const request& req, responder respond) const;

    // For tests and simple callers: dispatch and return what was answered synchronously.
    std::optional<response> dispatch_sync(const request& req) const;

private:
    struct compiled {
        route r;
        std::vector<std::string> segments;
    };
    static std::vector<std::string> split(const std::string& path);
    static bool match(const compiled& c, const std::vector<std::string>& segs, route_params& out);

    std::vector<compiled> routes_;
    handler fallback_;
};

}  // namespace huoli::http
