#include "http/request_head.hpp"

#include "http/problem.hpp"

namespace huoli::http {
namespace {

bool starts_with_scheme(std::string_view target, std::string_view scheme) {
    return target.size() > scheme.size() && same_field_name(target.substr(0, scheme.size()), scheme);
}

}  // namespace

std::optional<response> check_framing(const request_framing& f) {
    if (f.transfer_encoding_fields > 0) {
        if (f.version < 11) {
            return problem(problem_code::transfer_encoding_in_http10);
        }
        // Exactly one coding, `chunked`: a list ("gzip, chunked"), a repeated field or another
        // coding is not something this server decodes.
        if (f.transfer_encoding_fields != 1 || !same_field_name(trim_ows(f.transfer_encoding), "chunked")) {
            return problem(problem_code::unsupported_transfer_encoding);
        }
    }
    if (f.host_fields > 1) {
        return problem(problem_code::duplicate_host);
    }
    if (f.version >= 11 && f.host_fields == 0) {
        return problem(problem_code::missing_host);
    }
    return std::nullopt;
}

std::optional<request_target> split_target(std::string_view target) {
    std::string_view rest;
    if (!target.empty() && target.front() == '/') {
        rest = target;
    } else {
        std::size_t scheme = 0;
        if (starts_with_scheme(target, "https://")) scheme = 8;
        else if (starts_with_scheme(target, "http://")) scheme = 7;
        else return std::nullopt;
        const std::string_view after = target.substr(scheme);
        const auto authority_end = after.find_first_of("/?");
        const std::string_view authority = after.substr(0, authority_end);
        if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;  // no userinfo (RFC 9110 4.2.4)
        rest = authority_end == std::string_view::npos ? std::string_view{} : after.substr(authority_end);
    }
    request_target out;
    const auto q = rest.find('?');
    out.path = std::string(rest.substr(0, q));
    // "https://host" and "https://host?x" name the root (RFC 9112 3.2.2 with RFC 3986's empty path).
    if (out.path.empty()) out.path = "/";
    if (q != std::string_view::npos) out.query = std::string(rest.substr(q + 1));
    return out;
}

response invalid_target() {
    return problem(problem_code::invalid_target);
}

}  // namespace huoli::http
