// Percent-decoding (RFC 3986 2.1), the one decoder for request paths and query strings.
//
// '+' is an ordinary character here: RFC 3986 gives it no meaning, and only HTML form posts
// (application/x-www-form-urlencoded) read it as a space.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huoli::http {

// `s` with each %XX escape (two hex digits, either case) replaced by its octet; nullopt when a
// '%' is not followed by two hex digits. Any octet may result, NUL included: the caller decides
// which it accepts (http/query.hpp refuses control characters and invalid UTF-8).
std::optional<std::string> percent_decode_octets(std::string_view s);

// For path segments and file names: as percent_decode_octets, and nullopt on an encoded NUL.
std::optional<std::string> percent_decode(std::string_view s);

}  // namespace huoli::http
