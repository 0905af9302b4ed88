#include "forms/field_error.hpp"

namespace huoli::forms {

const std::vector<std::string_view>& all_error_codes() {
    static const std::vector<std::string_view> codes = {
        // json::parse_guarded
        "body_too_large", "invalid_json", "invalid_utf8", "too_deep", "string_too_long",
        "too_many_members", "too_many_items", "too_many_values", "duplicate_key",
        "number_out_of_range", "not_an_object",
        // before the schema: a key long enough to make patternProperties unsafe
        "key_too_long",
        // JSON Schema keywords
        "required", "type", "enum", "const", "minLength", "maxLength", "pattern",
        "additional_property", "min_items", "max_items", "unique_items", "minimum", "maximum",
        "multiple_of", "min_properties", "max_properties", "not", "one_of", "any_of",
        "contains", "additional_items", "invalid",
        // formats
        "format_date", "format_email", "format_fi_hetu", "format_fi_hetu_checksum",
        "format_fi_hetu_date", "format_fi_business_id", "format_fi_municipality",
        "format_fi_phone",
        // semantic rules
        "date_in_future", "due_date_in_past", "birth_date_mismatch", "hetu_date_in_future",
        "not_a_child", "not_an_adult",
        // caller error
        "unknown_form"};
    return codes;
}

}  // namespace huoli::forms
