// The query string of an API request ("state=leased&limit=50"), split and decoded in one place.
//
// Pure: no I/O, no exceptions, no allocation beyond the result. Every route that reads
// `request::query` goes through parse_query and answers its errors with invalid_query:
//
//   auto q = http::parse_query(req.query, {"state", "after", "limit"});
//   if (!q) return respond(http::invalid_query(q.error()));
//   if (auto limit = q.value().get("limit")) ...
//
// What it accepts: `name=value` pairs joined by '&' (RFC 3986 3.4); an empty pair ("a=1&&b=2",
// a trailing '&') is skipped; `name` and `name=` both give the empty value. Names and values are
// percent-decoded (http/percent.hpp), and '+' stays a '+': these are API query strings, not HTML
// form posts, and an identity code of someone born in the 1800s has '+' as its century sign.
// What it refuses, stopping at the first: a query longer than max_bytes, more than
// max_parameters pairs, a malformed escape, decoded bytes that are not UTF-8, a control character
// (C0, DEL, C1) in a name or value, a name not in `allowed`, a name given twice.
//
// An error names the parameter only by one of the caller's `allowed` names, never by what the
// client sent, and never carries a value: values may be identity codes.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace huoli::http {

enum class query_problem {
    too_long,             // the raw query exceeds max_bytes
    too_many_parameters,  // more than max_parameters pairs
    malformed_escape,     // a '%' not followed by two hex digits
    invalid_utf8,         // the decoded bytes are not well-formed UTF-8
    control_character,    // U+0000..U+001F, U+007F or U+0080..U+009F after decoding
    unknown_parameter,    // a name the route does not take
    repeated_parameter,   // a name given more than once (which one would count is a guess)
    // For the route, once the query is parsed: a value it cannot read, or one outside its range.
    invalid_value,
    out_of_range,
};

// The stable code of a problem, as problem+json's errors[].code ("repeated_parameter").
const char* to_string(query_problem p);

struct query_error {
    query_problem problem;
    // One of the caller's allowed names, or empty when the problem is not in a parameter the
    // route knows (the whole query, an unknown name, a name that does not decode).
    std::string parameter;
    // For too_long and too_many_parameters: the limit exceeded (it is in the message).
    std::size_t limit = 0;
};

struct query_limits {
    // The raw query, before decoding. The longest useful query (every audit filter, fully
    // percent-encoded) is well under 1 KiB; the whole request head is capped separately
    // (listener limit max_header_bytes, default 8 KiB).
    std::size_t max_bytes = 2048;
    // Non-empty pairs. No route takes more than nine parameters.
    std::size_t max_parameters = 16;
};

class query_params;

[[nodiscard]] result<query_params, query_error> parse_query(std::string_view query,
                                                            std::initializer_list<std::string_view> allowed,
                                                            const query_limits& limits = {});

// The decoded parameters, in the order given.
class query_params {
public:
    // The value of `name`; nullopt when the query does not have it.
    std::optional<std::string_view> get(std::string_view name) const;
    bool has(std::string_view name) const { return get(name).has_value(); }
    std::size_t size() const { return values_.size(); }
    const std::vector<std::pair<std::string, std::string>>& all() const { return values_; }

private:
    friend result<query_params, query_error> parse_query(std::string_view, std::initializer_list<std::string_view>,
                                                         const query_limits&);
    std::vector<std::pair<std::string, std::string>> values_;
};

// The 400 for a query error: problem+json with code "invalid_query", a message in fi/sv/en
// naming the parameter, `parameter` (the name, or null), and `errors` with the one
// {parameter, code, message} entry (the shape of the body errors' {pointer, code, message}).
response invalid_query(const query_error& e);

}  // namespace huoli::http
