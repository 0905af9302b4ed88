#include "http/router.hpp"

#include <algorithm>

#include "http/percent.hpp"
#include "http/problem.hpp"

namespace huoli::http {

std::vector<std::string> router::split(const std::string& path) {
    std::vector<std::string> segs;
    std::size_t start = 1;
    if (path.empty() || path[0] != '/') return segs;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        segs.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return segs;
}

void router::add(route r) {
    compiled c{std::move(r), {}};
    c.segments = split(c.r.path_template);
    routes_.push_back(std::move(c));
}

bool router::match(const compiled& c, const std::vector<std::string>& segs, route_params& out) {
    if (c.segments.size() != segs.size()) return false;
    route_params params;
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const auto& t = c.segments[i];
        if (t.size() > 2 && t.front() == '{' && t.back() == '}') {
            auto decoded = percent_decode(segs[i]);
            if (!decoded || decoded->empty() || decoded->find('/') != std::string::npos) return false;
            params[t.substr(1, t.size() - 2)] = *decoded;
        } else if (t != segs[i]) {
            return false;
        }
    }
    out = std::move(params);
    return true;
}

namespace {
bool is_json_media_type(std::string_view ct) {
    auto semi = ct.find(';');
    auto base = ct.substr(0, semi);
    while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
    std::string lower(base);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower == "application/json";
}

void allow_method(std::string& allow, const std::string& method) {
    if (allow.find(method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + method;
}

void answer(responder& respond, response r, const std::string& route) {
    r.route = route;
    respond(std::move(r));
}
}  // namespace

void router::dispatch(const request& req, responder respond) const {
    if (req.listener == listener_kind::internal && !req.principal) {
        return answer(respond, problem(problem_code::forbidden), "-");
    }
    const auto segs = split(req.path);
    std::string allow;
    for (const auto& c : routes_) {
        if (c.r.listener != req.listener) continue;
        route_params params;
        if (!match(c, segs, params)) continue;
        // HEAD is answered wherever GET is, by the GET handler: the session sends its headers
        // and drops the body (RFC 9110 9.3.2).
        const bool same_method = c.r.method == req.method || (c.r.method == "GET" && req.method == "HEAD");
        if (!same_method) {
            allow_method(allow, c.r.method);
            if (c.r.method == "GET") allow_method(allow, "HEAD");
            continue;
        }
        if (c.r.expects_json && (!req.body.empty() || req.method == "POST" || req.method == "PUT")) {
            auto ct = req.headers.get("Content-Type");
            if (!ct || !is_json_media_type(*ct)) {
                return answer(respond, unsupported_media_type("application/json"), c.r.path_template);
            }
        }
        if (!c.r.roles.empty()) {
            bool allowed = req.principal && std::any_of(c.r.roles.begin(), c.r.roles.end(),
                                                        [&](auth::role r) { return req.principal->has_role(r); });
            if (!allowed) return answer(respond, problem(problem_code::forbidden), c.r.path_template);
        }
        const std::string tmpl = c.r.path_template;
        return c.r.handle(req, params, [respond, tmpl](response r) mutable {
            if (r.route == "-") r.route = tmpl;
            respond(std::move(r));
        });
    }
    if (!allow.empty()) return answer(respond, method_not_allowed(allow), "-");
    if (fallback_ && req.listener == listener_kind::public_ && (req.method == "GET" || req.method == "HEAD")) {
        return fallback_(req, {}, std::move(respond));
    }
    answer(respond, not_found(), "-");
}

std::optional<response> router::dispatch_sync(const request& req) const {
    std::optional<response> out;
    dispatch(req, [&out](response r) { out = std::move(r); });
    return out;
}

}  // namespace huoli::http
