// Conditional GET for resources that change only with a deployment (schemas, translations,
// the municipality table): the ETag is computed once, and a matching If-None-Match gets 304.
#pragma once

#include <string>

#include "http/message.hpp"

namespace huoli::http {

// A strong ETag for `content`: a quoted prefix of its SHA-256.
std::string make_etag(const std::string& content);

// 200 with `body`, `media_type` and `etag`, or 304 when the request already has it.
response cacheable(const request& req, const std::string& body, const std::string& media_type, const std::string& etag);

}  // namespace huoli::http
