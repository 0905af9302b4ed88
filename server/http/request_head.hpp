// What RFC 9112 asks of a request's head before its body is read, as pure functions.
//
// Beast parses the bytes; these decide what Huoli accepts of them. They run on every request
// and allocate nothing unless the request is refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace huoli::http {

// The framing facts of one request head, collected by the network layer from the parsed fields.
struct request_framing {
    unsigned version = 11;             // 10 for HTTP/1.0, 11 for HTTP/1.1
    unsigned host_fields = 0;          // how many Host fields
    unsigned transfer_encoding_fields = 0;
    std::string_view transfer_encoding;  // the first Transfer-Encoding field's value
};

// nullopt when the head may be read on; otherwise the answer, after which the connection closes:
// - Transfer-Encoding other than exactly one `chunked` → 501 (RFC 9112 6.1: a coding the server
//   does not understand; anything else would let a body be read as the next request);
// - Transfer-Encoding in an HTTP/1.0 request → 400 (RFC 9112 6.1: the framing is faulty);
// - no Host in HTTP/1.1, or more than one Host → 400 (RFC 9112 3.2).
std::optional<response> check_framing(const request_framing& f);

// A request target split into the raw path and the query (both still percent-encoded).
struct request_target {
    std::string path;
    std::string query;
};

// Origin form ("/a/b?q") and absolute form ("https://host/a/b?q", RFC 9112 3.2.2: a server MUST
// accept it, and then ignores Host) give the same result; anything else is nullopt (a 400).
std::optional<request_target> split_target(std::string_view target);

// The 400 answered for a target split_target refuses.
response invalid_target();

}  // namespace huoli::http
