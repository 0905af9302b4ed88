// application/problem+json responses (RFC 9457), the one shape every error takes.
//
// Each problem carries an English `title` for developers and a `message` in Finnish, Swedish and
// English for the person in front of the form. Validation problems add an `errors` array of
// {pointer, code, message:{fi,sv,en}}. Nothing personal ever goes into a problem.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace huoli::http {

struct localized {
    std::string fi, sv, en;
};

// `code` becomes the type URI "urn:huoli:problem:<code>" and a stable `code` member.
response problem(int status, const std::string& code, const std::string& title, const localized& message,
                 nlohmann::json extra = nlohmann::json::object());

// The standard problems of the HTTP layer.
response not_found();
response method_not_allowed(const std::string& allow);
response unsupported_media_type(const std::string& expected);
response payload_too_large(std::size_t limit);
response headers_too_large();
response too_many_requests(unsigned retry_after_seconds);
response forbidden();
response bad_request(const std::string& code, const localized& message);
response service_unavailable(unsigned retry_after_seconds);

response json_response(int status, const nlohmann::json& body);

}  // namespace huoli::http
