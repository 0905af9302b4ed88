// Turns valijson's results into {pointer, code} pairs a client can act on.
//
// valijson 1.0 describes each error with an English sentence and a context path
// ("<root>", "[child]", "[0]", ...). We read only the stable start of each sentence to
// derive the code (its wording is never shown to anyone), and we drop the noise that
// combinators produce: the summary errors of allOf/anyOf/oneOf/if-then-else/items/
// properties whenever a more specific error lies at or below the same place.
#pragma once

#include <string>
#include <vector>

namespace valijson {
class ValidationResults;
}

namespace huoli::forms {

struct located_code {
    std::string pointer;
    std::string code;
};

// "<root>", "[child]", "[a/b]" -> "/child/a~1b" (RFC 6901). Array indexes and property
// names look alike in valijson's context and need not be told apart: both are tokens.
std::string context_to_pointer(const std::vector<std::string>& context);

// All distinct errors, most specific first-seen order. A `required` error points at the
// missing property ("/notifier/phone"), an additional property at that property.
std::vector<located_code> map_valijson_errors(const valijson::ValidationResults& results);

}  // namespace huoli::forms
