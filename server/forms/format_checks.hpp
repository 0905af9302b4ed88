// The string formats our schemas declare, checked without regular expressions (so their
// cost is linear and their stack use constant whatever the input).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace huoli::forms {

// "YYYY-MM-DD" (RFC 3339 full-date) naming a real calendar day; nullopt otherwise.
std::optional<std::chrono::year_month_day> parse_date(std::string_view text);

// A sane address for a reply: one '@', a local part of 1-64 printable characters without
// spaces, quotes or brackets, a domain of at least two dot-separated labels of letters,
// digits and hyphens (non-ASCII allowed for IDN), the last one at least two letters.
// Deliberately stricter than RFC 5321 (no quoted local parts, no IP literals).
bool plausible_email(std::string_view text);

// E.164 form of a phone number ("+358401234567"), or nullopt if it is not one:
// identifiers::normalise_phone (libphonenumber, required by the build).
std::optional<std::string> normalise_phone_number(std::string_view text);

// Checks `value` against `format` ("date", "email", "fi-hetu", "fi-business-id",
// "fi-municipality", "fi-phone"). Returns "" when it conforms or the format is not one of
// ours (formats are annotations in JSON Schema draft 7), otherwise the error code
// ("format_date", "format_fi_hetu_checksum", ...). `municipality_exists` may be empty:
// then a municipality code is not looked up.
std::string check_format(std::string_view format, std::string_view value,
                         const std::function<bool(std::string_view)>& municipality_exists);

}  // namespace huoli::forms
