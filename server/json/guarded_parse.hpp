// Guarded JSON parsing for hostile request bodies, run before any schema validation.
//
// The body comes from an unauthenticated-until-proven network peer, so parsing must be
// bounded in time, memory and stack whatever the input. parse_guarded() drives nlohmann's
// SAX parser (which is iterative, never recursive) with a handler that builds the document
// and aborts at the first limit crossed, so a 10 000-deep nesting or a 100 000-item array
// costs no more than the limit allows. A document is read first with RapidJSON's iterative
// SAX reader (several times faster) through the same handler; anything it or a limit refuses
// is read again by nlohmann, whose errors are the ones reported.
//
// Errors are values; no exception escapes. The `pointer` (RFC 6901) may echo keys the
// client sent: return it to that client, but do not log it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace huoli::json {

struct parse_limits {
    // The largest notification (free-text description ~8 000 characters, some of them
    // 2-3 bytes in UTF-8, plus child, guardians and notifier) stays well under 64 KiB;
    // 256 KiB leaves room for a form with many children without inviting abuse.
    std::size_t max_bytes = 256 * 1024;
    // Our schemas nest about 5 deep; 32 is generous and still bounds the work stack.
    std::size_t max_depth = 32;
    // Longest legitimate string is a free-text description (schema maxLength is in
    // characters; 20 000 bytes covers ~8 000 characters even if all were 2-byte).
    // Applies to keys too.
    std::size_t max_string_bytes = 20000;
    // No schema object has more than a few dozen properties.
    std::size_t max_object_members = 200;
    // Arrays hold children, guardians, reasons: tens at most.
    std::size_t max_array_items = 200;
    // Caps the number of nodes (each costs ~16 bytes plus allocation) independently of
    // how they are spread over objects and arrays.
    std::size_t max_total_values = 20000;
};

// Why a body was refused. `code` is one of:
//   body_too_large, invalid_json, invalid_utf8, too_deep, string_too_long,
//   too_many_members, too_many_items, too_many_values, duplicate_key,
//   number_out_of_range, not_an_object.
// `pointer` names the value (or key) where the problem was found, "" for the whole
// document. `byte_offset` is how far the parser had read when it stopped: at or just
// after the offending token (nlohmann reads one character ahead after numbers).
struct parse_error {
    std::string code;
    std::string pointer;
    std::size_t byte_offset = 0;
};

// Parses `body` as one JSON object (RFC 8259, strict: no comments, no trailing data) and
// enforces `limits`. Beyond RFC 8259 it also refuses, as I-JSON (RFC 7493) does: invalid
// UTF-8 in strings and keys (including escaped lone surrogates), duplicate keys, numbers
// that are not finite, and integers outside ±2^53 (they would not survive a JavaScript
// client); a huge integer literal is refused even though nlohmann would read it as double.
result<nlohmann::json, parse_error> parse_guarded(std::string_view body,
                                                  const parse_limits& limits = {});

}  // namespace huoli::json
