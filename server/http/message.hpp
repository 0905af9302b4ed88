// Huoli's own request and response types.
//
// The network layer translates Beast messages to and from these, so everything above it —
// routing, handlers, validation — compiles without Boost and is tested without sockets.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/principal.hpp"

namespace huoli::http {

enum class listener_kind { public_, internal };
const char* to_string(listener_kind k);

// Whether two field names are the same name: they compare case-insensitively (RFC 9110 5.1).
// The same ASCII comparison serves for case-insensitive tokens ("chunked", "for=").
bool same_field_name(std::string_view a, std::string_view b);

// `s` without leading and trailing optional whitespace, SP and HTAB (RFC 9110 5.6.3).
std::string_view trim_ows(std::string_view s);

// Header names compare case-insensitively (RFC 9110 5.1).
class headers {
public:
    void set(std::string name, std::string value);
    void add(std::string name, std::string value);
    std::optional<std::string_view> get(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& all() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

struct request {
    std::string method;          // "GET", "POST", …
    std::string path;            // raw (still percent-encoded) path, without the query
    std::string query;           // after '?', never logged: it may carry personal data
    http::headers headers;
    std::string body;
    listener_kind listener = listener_kind::public_;
    std::string client_address;  // for rate limiting only, never logged
    // Set on the internal listener when the client certificate maps to a principal.
    std::optional<auth::principal> principal;
};

struct response {
    int status = 200;
    http::headers headers;
    std::string body;
    // Static assets may be cached by the browser; everything else is `no-store`.
    bool cacheable = false;
    // The matched route template ("/api/v1/items/{id}/ack"), for the request log.
    std::string route = "-";
    // A problem+json answer's `code` (http/problem.hpp), so a caller that records the refusal
    // (the audit log's submit.rejected) need not parse the body it was just given back.
    std::string problem_code;
};

// Handlers answer through a responder so that a handler may finish later, on another thread
// (a storage commit, a long-poll): the network layer posts the response back to its connection.
// The request passed to a handler stays valid until the responder is called.
using responder = std::function<void(response)>;

}  // namespace huoli::http
