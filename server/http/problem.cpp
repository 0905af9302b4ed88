#include "http/problem.hpp"

namespace huoli::http {

response not_found() { return problem(problem_code::not_found); }

response method_not_allowed(const std::string& allow) {
    auto r = problem(problem_code::method_not_allowed);
    r.headers.set("Allow", allow);
    return r;
}

response unsupported_media_type(const std::string& expected) {
    return problem(problem_code::unsupported_media_type, {{"expected", expected}}, {{"expected", expected}});
}

response payload_too_large(std::size_t limit) {
    return problem(problem_code::body_too_large, {{"limit", std::to_string(limit)}}, {{"limit_bytes", limit}});
}

response too_many_requests(unsigned retry_after_seconds) {
    auto r = problem(problem_code::rate_limited, {}, {{"retry_after_seconds", retry_after_seconds}});
    r.headers.set("Retry-After", std::to_string(retry_after_seconds));
    return r;
}

response service_unavailable(unsigned retry_after_seconds) {
    auto r = problem(problem_code::service_unavailable, {}, {{"retry_after_seconds", retry_after_seconds}});
    r.headers.set("Retry-After", std::to_string(retry_after_seconds));
    return r;
}

response json_response(int status, const nlohmann::json& body) {
    response r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = body.dump();
    return r;
}

}  // namespace huoli::http
