// A response as the bytes an HTTP/1.1 connection sends (RFC 9112), in one buffer.
//
// Why by hand: Beast's serializer, which did this before, walks a sequence of small buffers per
// header field and copies them once more to make one TLS record; for our small JSON answers
// that machinery cost more than the answer itself (perf: ≈ 7% of the I/O threads' time went to
// the user-space part of writing a response). The rules are few and are tested here.
#pragma once

#include <string>
#include <string_view>

#include "http/message.hpp"

namespace huoli::http {

// The standard reason phrase (RFC 9110), or "" for a code without one (the phrase is optional).
std::string_view reason_phrase(int status);

// Appends the status line, the header fields and the body to `out`:
//  - Content-Length, Connection and Transfer-Encoding are the connection's to set, so the
//    response's own are left out; so is any field whose name or value could end the line (CR, LF
//    or NUL), which none of ours ever does.
//  - 1xx, 204 and 304 have neither body nor Content-Length (RFC 9110 8.6, 15.3.5, 15.4.5).
//  - For a HEAD request, Content-Length is the length the GET would have had, and no body follows.
//  - `keep_alive` false adds "Connection: close".
void append_response(std::string& out, const response& r, bool head_request, bool keep_alive);

}  // namespace huoli::http
