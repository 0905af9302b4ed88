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

// Depth is bounded by the guarded parse (at most max_document_depth), so recursion is safe. The
// path is kept as the keys and indices themselves and turned into a pointer only for an error:
// building one string per member of every valid document cost more than the check.
using path = std::vector<std::string>;

std::string pointer_of(const path& p) {
    std::string out;
    for (const auto& token : p) out += "/" + json::escape_pointer_token(token);
    return out;
}

void find_long_keys(const nlohmann::json& value, path& at, std::vector<located_code>& errors) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.get_ref<const nlohmann::json::object_t&>()) {
            if (key.size() > max_pattern_subject_bytes) {
                errors.push_back({pointer_of(at), "key_too_long"});
                continue;
            }
            if (!member.is_structured()) continue;
            at.push_back(key);
            find_long_keys(member, at, errors);
            at.pop_back();
        }
    } else if (value.is_array()) {
        const auto& items = value.get_ref<const nlohmann::json::array_t&>();
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (!items[i].is_structured()) continue;
            at.push_back(std::to_string(i));
            find_long_keys(items[i], at, errors);
            at.pop_back();
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
    path at;
    find_long_keys(document, at, errors);
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
