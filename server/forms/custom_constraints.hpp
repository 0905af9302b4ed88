// valijson keywords that replace the built-in `pattern`, `format` and
// `additionalProperties: false` (schema_compiler renames them before parsing).
//
// Why: valijson 1.0 has no pluggable regex engine; its `pattern` and `format` checks run
// std::regex, whose libstdc++ executor recurses once per character or more and overflows
// the stack on long strings (measured: ~7 500 characters for "^(1|2)*$" on an 8 MiB stack
// under ASan, ~220 on a 256 KiB one). Our `x-huoli-pattern` never hands std::regex a
// string longer than max_pattern_subject_bytes: a longer string fails the pattern without
// being matched. `x-huoli-format` checks formats without regexes (format_checks.hpp).
// `x-huoli-forbidden` fails every value, so `additionalProperties: false` reports each
// unexpected property at its own pointer instead of only the first one.
//
// Errors are pushed with the description "huoli:<code>"; error_mapping reads the code.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace valijson {
class SchemaParser;
}

namespace huoli::forms {

inline constexpr std::string_view pattern_keyword = "x-huoli-pattern";
inline constexpr std::string_view format_keyword = "x-huoli-format";
inline constexpr std::string_view forbidden_keyword = "x-huoli-forbidden";
inline constexpr std::string_view max_length_keyword = "x-huoli-maxLength";
inline constexpr std::string_view min_length_keyword = "x-huoli-minLength";
inline constexpr std::string_view custom_error_prefix = "huoli:";

// 256 bytes: 30x below the smallest crash length measured on an 8 MiB stack (ASan), and
// far above the longest value any of our patterns accepts (11 characters).
inline constexpr std::size_t max_pattern_subject_bytes = 256;

// Adds the five keywords to `parser`. Building a pattern constraint throws
// std::runtime_error for a pattern std::regex (ECMAScript) cannot compile.
void register_custom_constraints(valijson::SchemaParser& parser);

// Where a format was applied during one validation, so the semantic pass knows which
// values are dates, identity codes and phone numbers without walking the schema again.
struct format_hit {
    std::string pointer;
    std::string format;
    // fi-phone: the number in E.164 when valid. libphonenumber's parse is the dearest step of a
    // validation (its regular expressions), so the check's result is kept rather than redone.
    std::string normalised;
};

// While alive, format checks on this thread consult `municipality_exists` and append to
// `hits`. Without a scope (e.g. conformance tests) formats are checked context-free.
class format_scope {
public:
    format_scope(const std::function<bool(std::string_view)>& municipality_exists, std::vector<format_hit>& hits);
    ~format_scope();
    format_scope(const format_scope&) = delete;
    format_scope& operator=(const format_scope&) = delete;

    const std::function<bool(std::string_view)>& municipality_exists() const { return municipality_exists_; }
    void record(format_hit hit) const { hits_.push_back(std::move(hit)); }

private:
    const format_scope* previous_;
    const std::function<bool(std::string_view)>& municipality_exists_;
    std::vector<format_hit>& hits_;
};

}  // namespace huoli::forms
