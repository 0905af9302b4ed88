// The one valijson configuration Huoli uses, shared by the schema registry and the
// JSON-Schema-Test-Suite conformance test so that what is tested is what runs.
//
// compile_schema() parses a draft-07 schema with valijson after prepare_schema() has
// swapped `pattern`, `format` and `additionalProperties: false` for our safe keywords, and
// `maxLength` / `minLength` for cheaper ones (custom_constraints.hpp). `$ref`s to other
// documents are resolved through `fetch`.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace valijson {
class Schema;
class ValidationResults;
}  // namespace valijson

namespace huoli::forms {

// Called for every pattern (value of `pattern`, key of `patternProperties`) and every
// `$ref` met at a schema position; may throw std::runtime_error to refuse the schema.
struct schema_policy {
    std::function<void(const std::string& pattern)> on_pattern;
    std::function<void(const std::string& ref)> on_ref;
};

// A copy of `schema` with the keywords replaced at schema positions only (never inside
// `enum`, `const`, `default` or unknown keywords). Throws what `policy` throws.
nlohmann::json prepare_schema(const nlohmann::json& schema, const schema_policy& policy = {});

// Returns the raw document for a `$ref` URI as valijson resolved it (for us the bare file
// name, e.g. "common.schema.json"), or nullopt if there is none.
using document_fetcher = std::function<std::optional<nlohmann::json>(const std::string& uri)>;

// Throws std::runtime_error (or valijson's std::logic_error) for a schema valijson or our
// keywords refuse, or a reference `fetch` cannot resolve. Fetched documents go through
// prepare_schema with the same `policy`.
std::unique_ptr<valijson::Schema> compile_schema(const nlohmann::json& root, const document_fetcher& fetch,
                                                 const schema_policy& policy = {});

// Validates with this thread's valijson::Validator (valijson's Validator is not
// thread-safe; the Schema is immutable and shared). Collects every error when `results`
// is given. May throw only on a valijson defect; callers on the request path catch.
bool run_schema(const valijson::Schema& schema, const nlohmann::json& document, valijson::ValidationResults* results);

// The server's rule for patterns, on top of the subject-length bound: repetition must be
// bounded ({n} or {n,m}, on a single character, escape or class; no *, +, {n,} and no
// quantified groups), no look-around, and the longest possible match must be at most 64
// characters. Then std::regex's recursion depth is bounded by the pattern alone.
// Throws std::runtime_error saying what is wrong.
void require_bounded_pattern(const std::string& pattern);

}  // namespace huoli::forms
