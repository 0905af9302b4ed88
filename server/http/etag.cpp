#include "http/etag.hpp"

#include "json/digest.hpp"

namespace huoli::http {

std::string make_etag(const std::string& content) { return "\"" + json::sha256_hex(content).substr(0, 32) + "\""; }

response cacheable(const request& req, const std::string& body, const std::string& media_type, const std::string& etag) {
    response r;
    r.cacheable = true;
    r.headers.set("ETag", etag);
    auto inm = req.headers.get("If-None-Match");
    if (inm && inm->find(etag) != std::string_view::npos) {
        r.status = 304;
        return r;
    }
    r.headers.set("Content-Type", media_type);
    r.body = body;
    return r;
}

}  // namespace huoli::http
