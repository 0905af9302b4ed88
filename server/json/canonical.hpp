// Canonical serialisation of a JSON document, for hashing and signing stored records.
//
// Output: no whitespace, object members sorted by key (nlohmann's object_t is a
// std::map, ordered by UTF-8 bytes), strings as UTF-8 with only '"', '\\' and control
// characters escaped (\b \f \n \r \t, other controls as \u00xx lower-case).
//
// Relation to RFC 8785 (JCS): identical for documents produced by parse_guarded() whose
// numbers are integers (the only numbers our schemas allow) and whose keys have no
// characters above U+FFFF. It differs in two places:
//  - key order: JCS sorts by UTF-16 code units, we by code points (UTF-8 bytes); the two
//    disagree only between U+E000..U+FFFF and supplementary characters;
//  - floating-point numbers: nlohmann prints a shortest round-trip form but not the
//    ECMAScript one (1.0 stays "1.0", -0.0 stays "-0.0", exponent thresholds differ).
// The output is stable for a given nlohmann version; a change in its float printing
// would change hashes of documents containing non-integers.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace huoli::json {

// Never throws. Strings that are not valid UTF-8 (impossible after parse_guarded) are
// serialised with U+FFFD in place of the bad bytes.
std::string canonical(const nlohmann::json& document);

}  // namespace huoli::json
