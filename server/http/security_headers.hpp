// Headers every response carries, whatever produced it (handler, router, network layer).
#pragma once

#include "http/message.hpp"

namespace huoli::http {

// The Content-Security-Policy allows only same-origin scripts and styles and no inline code,
// which is why the web forms keep all JS and CSS in files.
inline constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

// Adds HSTS, CSP, nosniff, no-referrer and the cache policy: `no-store` for everything that is not
// a static asset, because any API answer may describe a child.
void apply_security_headers(response& r);

}  // namespace huoli::http
