#include "forms/error_mapping.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include <valijson/validation_results.hpp>

#include "forms/custom_constraints.hpp"
#include "json/pointer.hpp"

namespace huoli::forms {

namespace {

struct classified {
    std::string code;
    bool summary = false;     // only says that something below failed
    bool names_child = false; // the sentence quotes the property the error is about
};

struct rule {
    std::string_view prefix;
    classified result;
};

// Start of each valijson 1.0 sentence (validation_visitor.hpp) and what it means.
const rule rules[] = {
    {"Missing required property '", {"required", false, true}},
    {"Missing dependency '", {"required", false, true}},
    {"Object contains a property that could not be validated", {"additional_property", false, true}},
    {"Value type not permitted", {"type"}},
    {"Failed to match against any enum values", {"enum"}},
    {"Failed to match expected value set by 'const'", {"const"}},
    {"Target value and comparison value are not equal", {"const"}},
    {"String should be no more than", {"maxLength"}},
    {"String should be no fewer than", {"minLength"}},
    {"Array should contain no more than", {"max_items"}},
    {"Array should contain no fewer than", {"min_items"}},
    {"Object should have no more than", {"max_properties"}},
    {"Object should have no fewer than", {"min_properties"}},
    {"Expected number less than", {"maximum"}},
    {"Expected number greater than", {"minimum"}},
    {"Value should be a multiple of", {"multiple_of"}},
    {"Value could not be converted", {"multiple_of"}},
    {"Elements at indexes", {"unique_items"}},
    {"Target should not validate against schema specified in 'not'", {"not"}},
    {"Failed to validate against exactly one child schema", {"one_of"}},
    {"Failed to validate against any child schemas allowed by oneOf", {"one_of", true}},
    {"Failed to validate against any schemas allowed by anyOf", {"any_of", true}},
    {"Failed to any values against subschema in 'contains'", {"contains"}},
    {"Array contains more items than allowed", {"additional_items"}},
    {"Cannot validate item #", {"additional_items"}},
    {"Failed to match regex", {"pattern"}},
    {"String should be a valid date", {"format_date"}},
    {"Failed to validate against a conditional schema", {"invalid", true}},
    {"Failed to validate item #", {"invalid", true}},
    {"Failed to validate against additional properties schema", {"invalid", true}},
    {"Failed to validate against schema associated with", {"invalid", true}},
    {"Failed to validate against dependent schema", {"invalid", true}},
    {"Failed to validate against child schema #", {"invalid", true}},
};

classified classify(std::string_view description) {
    if (description.substr(0, custom_error_prefix.size()) == custom_error_prefix) {
        return {std::string(description.substr(custom_error_prefix.size()))};
    }
    for (const auto& r : rules) {
        if (description.substr(0, r.prefix.size()) == r.prefix) return r.result;
    }
    return {"invalid"};
}

// The name quoted at the end of "... 'name'." (a name may itself contain quotes). For the
// additional-property sentence the name follows "constraints: ", after two quoted keywords.
std::string quoted_name(std::string_view description) {
    constexpr std::string_view after_keywords = "constraints: '";
    auto begin = description.find(after_keywords);
    begin = begin == std::string_view::npos ? description.find('\'') + 1 : begin + after_keywords.size();
    auto end = description.rfind('\'');
    if (begin == 0 || end == std::string_view::npos || end < begin) return {};
    return std::string(description.substr(begin, end - begin));
}

bool at_or_below(const std::string& pointer, const std::string& ancestor) {
    return pointer.size() >= ancestor.size() && pointer.compare(0, ancestor.size(), ancestor) == 0 &&
           (pointer.size() == ancestor.size() || pointer[ancestor.size()] == '/');
}

bool structural(const std::string& code) {
    return code == "type" || code == "pattern" || code == "minLength" || code == "maxLength" || code == "enum" ||
           code == "const";
}

}  // namespace

std::string context_to_pointer(const std::vector<std::string>& context) {
    std::string pointer;
    for (std::size_t i = 1; i < context.size(); ++i) {
        std::string_view token = context[i];
        if (token.size() >= 2 && token.front() == '[' && token.back() == ']') {
            token = token.substr(1, token.size() - 2);
        }
        pointer += '/';
        pointer += json::escape_pointer_token(token);
    }
    return pointer;
}

std::vector<located_code> map_valijson_errors(const valijson::ValidationResults& results) {
    std::vector<located_code> specific, summaries;
    for (const auto& error : results) {
        classified c = classify(error.description);
        std::string pointer = context_to_pointer(error.context);
        if (c.names_child) pointer += "/" + json::escape_pointer_token(quoted_name(error.description));
        (c.summary ? summaries : specific).push_back({std::move(pointer), std::move(c.code)});
    }

    // Indexes, so that a document with 100 000 wrong items costs n log n, not n^2.
    std::map<std::string, std::set<std::string>> codes_at;  // pointer -> codes (ordered by pointer)
    for (const auto& e : specific) codes_at[e.pointer].insert(e.code);
    std::set<std::string> combinators;
    for (const auto& s : summaries) {
        if (s.code == "any_of" || s.code == "one_of") combinators.insert(s.pointer);
    }
    auto under_combinator = [&](const std::string& pointer) {
        for (std::size_t end = pointer.size();; end = pointer.rfind('/', end - 1)) {
            if (combinators.count(pointer.substr(0, end))) return true;
            if (end == 0 || end == std::string::npos) return false;
        }
    };
    auto specific_at_or_below = [&](const std::string& pointer) {
        if (pointer.empty()) return !codes_at.empty();
        if (codes_at.count(pointer)) return true;
        auto it = codes_at.lower_bound(pointer + "/");
        return it != codes_at.end() && at_or_below(it->first, pointer);
    };

    std::vector<located_code> out;
    std::set<std::pair<std::string, std::string>> seen;
    auto add = [&](const located_code& e) {
        if (seen.insert({e.pointer, e.code}).second) out.push_back(e);
    };
    for (const auto& e : specific) {
        const auto& here = codes_at[e.pointer];
        // A branch of anyOf/oneOf that expected another type says little when another
        // branch explains what is wrong with the value itself.
        if (e.code == "type" && here.size() > 1 && under_combinator(e.pointer)) continue;
        // Identifier checks refine the schema's structural checks; say one thing at a time.
        if (e.code.rfind("format_", 0) == 0 &&
            std::any_of(here.begin(), here.end(), [](const std::string& code) { return structural(code); })) {
            continue;
        }
        add(e);
    }
    for (const auto& s : summaries) {
        if (!specific_at_or_below(s.pointer)) add(s);
    }
    return out;
}

}  // namespace huoli::forms
