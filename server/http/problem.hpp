// application/problem+json responses (RFC 9457), the one shape every error takes.
//
// Each problem carries an English `title` for developers and a `message` in Finnish, Swedish and
// English for the person in front of the form; a 4xx about particular fields adds an `errors`
// array of error_entry (http/problems.hpp). Nothing personal ever goes into a problem. The codes,
// their statuses and their texts are in http/problems.{hpp,cpp}; here are the ones that carry a
// header or a value besides.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "http/problems.hpp"

namespace huoli::http {

response not_found();
response method_not_allowed(const std::string& allow);
response unsupported_media_type(const std::string& expected);
response payload_too_large(std::size_t limit);
response too_many_requests(unsigned retry_after_seconds);
response service_unavailable(unsigned retry_after_seconds);

response json_response(int status, const nlohmann::json& body);

}  // namespace huoli::http
