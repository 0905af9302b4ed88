#include "forms/validator.hpp"

#include <algorithm>
#include <exception>

#include <valijson/validation_results.hpp>

#include "forms/custom_constraints.hpp"
#include "forms/schema_compiler.hpp"
#include "forms/semantic_rules.hpp"
#include "json/pointer.hpp"

namespace huoli::forms {

namespace {

// Depth is bounded by the guarded parse (at most max_document_depth), so recursion is safe.
void find_long_keys(const nlohmann::json& value, const std::string& pointer, std::vector<located_code>& errors) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.items()) {
            if (key.size() > max_pattern_subject_bytes) {
                errors.push_back({pointer, "key_too_long"});
                continue;
            }
            find_long_keys(member, pointer + "/" + json::escape_pointer_token(key), errors);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            find_long_keys(value[i], pointer + "/" + std::to_string(i), errors);
        }
    }
}

}  // namespace

validation_outcome validator::validate(std::string_view form_id, std::string_view body,
                                       const validation_context& context) const {
    const form_schema* form = registry_.find(form_id);
    if (!form) return localise({{"", "unknown_form"}});

    json::parse_limits limits = context.limits;
    limits.max_depth = std::min(limits.max_depth, max_document_depth);
    auto parsed = json::parse_guarded(body, limits);
    if (!parsed) return localise({{parsed.error().pointer, parsed.error().code}});
    nlohmann::json document = std::move(parsed).value();

    std::vector<located_code> errors;
    find_long_keys(document, "", errors);
    if (!errors.empty()) return localise(std::move(errors));

    std::vector<format_hit> hits;
    try {
        valijson::ValidationResults results;
        {
            format_scope scope(context.municipality_exists, hits);
            run_schema(*form->compiled, document, &results);
        }
        errors = map_valijson_errors(results);
    } catch (const std::exception&) {
        // Only a valijson defect gets here; the document is refused, not the server.
        return localise({{"", "invalid"}});
    }
    check_semantic_rules(document, hits, context.today, errors);
    if (!errors.empty()) return localise(std::move(errors));

    validated_notice notice{std::move(document), {}};
    notice.temporary_identity_codes = normalise_accepted(notice.document, hits);
    return notice;
}

std::vector<field_error> validator::localise(std::vector<located_code> errors) const {
    if (errors.size() > max_reported_errors) {
        // Keep the shallowest: "/other_children: too many items" says more than item 57.
        auto depth = [](const located_code& e) { return std::count(e.pointer.begin(), e.pointer.end(), '/'); };
        std::stable_sort(errors.begin(), errors.end(),
                         [&](const located_code& a, const located_code& b) { return depth(a) < depth(b); });
        errors.resize(max_reported_errors);
    }
    std::vector<field_error> out;
    out.reserve(errors.size());
    for (auto& e : errors) {
        out.push_back({std::move(e.pointer), e.code, registry_.messages().message(e.code)});
    }
    return out;
}

}  // namespace huoli::forms
