#include "http/security_headers.hpp"

namespace huoli::http {

void apply_security_headers(response& r) {
    auto& h = r.headers;
    h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    h.set("Content-Security-Policy", content_security_policy);
    h.set("X-Content-Type-Options", "nosniff");
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    h.set("Cross-Origin-Resource-Policy", "same-origin");
    h.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (r.cacheable) {
        // Revalidate with the ETag each time: forms must never run stale code after a fix.
        h.set("Cache-Control", "no-cache");
    } else {
        h.set("Cache-Control", "no-store");
    }
}

}  // namespace huoli::http
