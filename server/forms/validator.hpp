// Validation of one submitted notice: guarded parse, JSON Schema (every error collected),
// formats and the semantic rules. Pure: no I/O, no clock, no logging.
//
//   forms::validator v(registry);
//   auto outcome = v.validate("child-welfare-notification", body, {today, exists});
//   if (!outcome) return respond(validation_problem(outcome.error()));  // api/submission_routes.cpp
//   store(outcome.value().document, registry.find(form_id)->schema_sha256);
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "forms/error_mapping.hpp"
#include "forms/field_error.hpp"
#include "forms/schema_registry.hpp"
#include "json/guarded_parse.hpp"

namespace huoli::forms {

struct validation_context {
    // The day of submission in Finland (Europe/Helsinki); the date rules compare with it.
    std::chrono::year_month_day today;
    // True if the code is in the official municipality table (routing owns the table;
    // forms only asks). Empty: codes are checked for shape only (tools without the table).
    std::function<bool(std::string_view code)> municipality_exists;
    // max_depth is capped at max_document_depth whatever is set here: valijson recurses
    // once per nesting level.
    json::parse_limits limits{};
};

inline constexpr std::size_t max_document_depth = 64;

// A response lists at most this many errors (the shallowest first): a hostile document with
// 100 000 wrong items must not turn into a multi-megabyte answer.
inline constexpr std::size_t max_reported_errors = 100;

struct validated_notice {
    // The parsed document with phone numbers rewritten to E.164; nothing else changes
    // (identity codes keep their century sign, see identifiers/hetu.hpp).
    nlohmann::json document;
    // Pointers of identity codes that are temporary (900-999): accepted, but the case
    // worker should look up the permanent one.
    std::vector<std::string> temporary_identity_codes;
};

// Either the accepted notice or every error found, each with its fi/sv/en message from
// translations.json. Parse errors come alone (there is no document to check further).
using validation_outcome = result<validated_notice, std::vector<field_error>>;

class validator {
public:
    // `registry` must outlive the validator.
    explicit validator(const schema_registry& registry) : registry_(registry) {}

    // Thread-safe; never throws. An unknown `form_id` yields one error, code unknown_form.
    // Strings longer than max_pattern_subject_bytes fail any `pattern`; object keys longer
    // than that are refused (key_too_long) before the schema runs, because valijson
    // matches patternProperties against keys with std::regex.
    validation_outcome validate(std::string_view form_id, std::string_view body, const validation_context& context) const;

private:
    std::vector<field_error> localise(std::vector<located_code> errors) const;

    const schema_registry& registry_;
};

}  // namespace huoli::forms
