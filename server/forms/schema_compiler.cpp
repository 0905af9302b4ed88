#include "forms/schema_compiler.hpp"

#include <stdexcept>
#include <string_view>

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "forms/custom_constraints.hpp"
#include "forms/valijson_properties.hpp"

namespace huoli::forms {

namespace {

bool is_one_of(std::string_view key, std::initializer_list<std::string_view> keys) {
    for (auto k : keys) {
        if (key == k) return true;
    }
    return false;
}

nlohmann::json prepare_map(const nlohmann::json& map, const schema_policy& policy, bool keys_are_patterns) {
    if (!map.is_object()) return map;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [name, subschema] : map.items()) {
        if (keys_are_patterns && policy.on_pattern) policy.on_pattern(name);
        out[name] = subschema.is_array() ? subschema : prepare_schema(subschema, policy);  // arrays: dependencies
    }
    return out;
}

nlohmann::json prepare_list(const nlohmann::json& list, const schema_policy& policy) {
    if (!list.is_array()) return prepare_schema(list, policy);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& subschema : list) out.push_back(prepare_schema(subschema, policy));
    return out;
}

// Parses "{n}" / "{n,m}" at `i` (pointing at '{'); returns the upper bound, advances `i`
// past '}'. Throws for "{n,}" and malformed bounds.
std::size_t repetition_upper_bound(const std::string& p, std::size_t& i) {
    auto close = p.find('}', i);
    if (close == std::string::npos) throw std::runtime_error("unterminated {} in pattern '" + p + "'");
    std::string inside = p.substr(i + 1, close - i - 1);
    auto comma = inside.find(',');
    std::string upper = comma == std::string::npos ? inside : inside.substr(comma + 1);
    if (upper.empty() || upper.size() > 4 || upper.find_first_not_of("0123456789") != std::string::npos) {
        throw std::runtime_error("pattern '" + p + "' has unbounded or malformed repetition");
    }
    i = close + 1;
    return std::stoul(upper);
}

}  // namespace

nlohmann::json prepare_schema(const nlohmann::json& schema, const schema_policy& policy) {
    if (!schema.is_object()) return schema;
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, value] : schema.items()) {
        if (key == "pattern" && value.is_string()) {
            if (policy.on_pattern) policy.on_pattern(value.get<std::string>());
            out[std::string(pattern_keyword)] = value;
        } else if (key == "maxLength" && value.is_number()) {
            out[std::string(max_length_keyword)] = value;
        } else if (key == "minLength" && value.is_number()) {
            out[std::string(min_length_keyword)] = value;
        } else if (key == "format" && value.is_string()) {
            out[std::string(format_keyword)] = value;
        } else if (key == "additionalProperties") {
            out[key] = value == false ? nlohmann::json{{std::string(forbidden_keyword), true}} : prepare_schema(value, policy);
        } else if (key == "$ref" && value.is_string()) {
            if (policy.on_ref) policy.on_ref(value.get<std::string>());
            out[key] = value;
        } else if (is_one_of(key, {"additionalItems", "contains", "propertyNames", "not", "if", "then", "else"})) {
            out[key] = prepare_schema(value, policy);
        } else if (is_one_of(key, {"items", "allOf", "anyOf", "oneOf"})) {
            out[key] = prepare_list(value, policy);
        } else if (is_one_of(key, {"properties", "definitions", "dependencies"})) {
            out[key] = prepare_map(value, policy, false);
        } else if (key == "patternProperties") {
            out[key] = prepare_map(value, policy, true);
        } else {
            out[key] = value;
        }
    }
    return out;
}

std::unique_ptr<valijson::Schema> compile_schema(const nlohmann::json& root, const document_fetcher& fetch,
                                                 const schema_policy& policy) {
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    register_custom_constraints(parser);
    auto schema = std::make_unique<valijson::Schema>();
    const nlohmann::json prepared = prepare_schema(root, policy);
    valijson::adapters::NlohmannJsonAdapter adapter(prepared);
    // valijson owns what fetch_doc returns until it calls free_doc.
    auto fetch_doc = [&](const std::string& uri) -> const nlohmann::json* {
        std::optional<nlohmann::json> raw = fetch ? fetch(uri) : std::nullopt;
        return raw ? new nlohmann::json(prepare_schema(*raw, policy)) : nullptr;
    };
    auto free_doc = [](const nlohmann::json* document) { delete document; };
    parser.populateSchema(adapter, *schema, fetch_doc, free_doc);
    return schema;
}

bool run_schema(const valijson::Schema& schema, const nlohmann::json& document, valijson::ValidationResults* results) {
    // Building a Validator is cheap, but it carries a regex cache; one per thread keeps
    // that cache warm and avoids sharing mutable state between threads.
    thread_local valijson::Validator validator(valijson::Validator::kStrongTypes);
    valijson::adapters::NlohmannJsonAdapter target(document);
    return validator.validate(schema, target, results);
}

void require_bounded_pattern(const std::string& p) {
    constexpr std::size_t max_match = 64;
    std::size_t longest = 0;      // sum over all atoms and branches: an upper bound
    std::size_t last_atom = 0;    // width of the atom a quantifier would apply to; 0 = none
    for (std::size_t i = 0; i < p.size();) {
        char c = p[i];
        if (c == '*' || c == '+') throw std::runtime_error("pattern '" + p + "' has unbounded repetition");
        if (c == '{') {
            if (last_atom == 0) throw std::runtime_error("pattern '" + p + "' quantifies a group or nothing");
            longest += repetition_upper_bound(p, i) - 1;
            last_atom = 0;
            continue;
        }
        if (c == '?') {
            if (last_atom == 0) throw std::runtime_error("pattern '" + p + "' quantifies a group or nothing");
            last_atom = 0;
            ++i;
            continue;
        }
        if (c == '(') {
            if (i + 1 < p.size() && p[i + 1] == '?') {
                if (i + 2 >= p.size() || p[i + 2] != ':') throw std::runtime_error("pattern '" + p + "' uses look-around");
                i += 3;
            } else {
                ++i;
            }
            last_atom = 0;
            continue;
        }
        if (c == ')' || c == '|' || c == '^' || c == '$') {
            last_atom = 0;
            ++i;
            continue;
        }
        if (c == '\\') {
            i += 2;
        } else if (c == '[') {
            std::size_t j = i + 1;
            while (j < p.size() && p[j] != ']') j += p[j] == '\\' ? 2 : 1;
            if (j >= p.size()) throw std::runtime_error("unterminated [] in pattern '" + p + "'");
            i = j + 1;
        } else {
            ++i;
        }
        last_atom = 1;
        ++longest;
    }
    if (longest > max_match) throw std::runtime_error("pattern '" + p + "' may match more than 64 characters");
}

}  // namespace huoli::forms
