// What a person filling in a form is told about one field, and the catalogue of codes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace huoli::forms {

struct localized_text {
    std::string fi, sv, en;
};

// `pointer` is an RFC 6901 JSON Pointer into the submitted document ("" = the whole body);
// for a missing property it names the property itself ("/notifier/phone"). `code` is one
// of all_error_codes(). Pointers may echo keys the client sent: return them to that
// client, never log them.
struct field_error {
    std::string pointer;
    std::string code;
    localized_text message;
};

// Every code validation can emit: guarded-parse codes, schema codes, format codes and
// semantic-rule codes. translations.json must have a message for each (checked at load).
const std::vector<std::string_view>& all_error_codes();

}  // namespace huoli::forms
