#include "forms/semantic_rules.hpp"

#include <algorithm>
#include <optional>

#include "forms/format_checks.hpp"
#include "identifiers/hetu.hpp"

namespace huoli::forms {

namespace {

// The string at `pointer`, if there is one (pointers come from valijson's own walk of
// this document, but a malformed one must not throw on the request path).
const nlohmann::json* string_at(const nlohmann::json& document, const std::string& pointer) {
    try {
        nlohmann::json::json_pointer p(pointer);
        if (!document.contains(p)) return nullptr;
        const nlohmann::json& value = document.at(p);
        return value.is_string() ? &value : nullptr;
    } catch (const nlohmann::json::exception&) {
        return nullptr;
    }
}

std::string last_token(const std::string& pointer) { return pointer.substr(pointer.rfind('/') + 1); }
std::string parent_of(const std::string& pointer) { return pointer.substr(0, pointer.rfind('/')); }

bool has_error(const std::vector<located_code>& errors, const std::string& pointer) {
    return std::any_of(errors.begin(), errors.end(), [&](const located_code& e) { return e.pointer == pointer; });
}

}  // namespace

void check_semantic_rules(const nlohmann::json& document, const std::vector<format_hit>& hits,
                          std::chrono::year_month_day today, std::vector<located_code>& errors) {
    std::vector<located_code> found;
    for (const auto& hit : hits) {
        // Only these two formats have rules here; looking the others up costs a pointer parse each.
        if (hit.format != "date" && hit.format != "fi-hetu") continue;
        if (has_error(errors, hit.pointer)) continue;
        const nlohmann::json* value = string_at(document, hit.pointer);
        if (!value) continue;
        const auto& text = value->get_ref<const std::string&>();
        if (hit.format == "date") {
            auto date = parse_date(text);
            if (!date) continue;
            if (last_token(hit.pointer) == "due_date") {
                if (*date < today) found.push_back({hit.pointer, "due_date_in_past"});
            } else if (*date > today) {
                found.push_back({hit.pointer, "date_in_future"});
            }
        } else if (hit.format == "fi-hetu") {
            auto check = identifiers::check_hetu(text);
            const std::string birth_pointer = parent_of(hit.pointer) + "/birth_date";
            const nlohmann::json* birth = string_at(document, birth_pointer);
            if (!check.valid || !birth || has_error(errors, birth_pointer)) continue;
            auto birth_date = parse_date(birth->get_ref<const std::string&>());
            if (birth_date && *birth_date != check.birth_date) found.push_back({birth_pointer, "birth_date_mismatch"});
        }
    }
    for (auto& e : found) {
        if (!std::any_of(errors.begin(), errors.end(),
                         [&](const located_code& o) { return o.pointer == e.pointer && o.code == e.code; })) {
            errors.push_back(std::move(e));
        }
    }
}

std::vector<std::string> normalise_accepted(nlohmann::json& document, const std::vector<format_hit>& hits) {
    std::vector<std::string> temporary;
    for (const auto& hit : hits) {
        if (hit.format != "fi-phone" && hit.format != "fi-hetu") continue;
        const nlohmann::json* value = string_at(document, hit.pointer);
        if (!value) continue;
        const auto& text = value->get_ref<const std::string&>();
        if (hit.format == "fi-phone") {
            if (!hit.normalised.empty()) document[nlohmann::json::json_pointer(hit.pointer)] = hit.normalised;
        } else if (hit.format == "fi-hetu") {
            auto check = identifiers::check_hetu(text);
            if (check.valid && check.temporary &&
                std::find(temporary.begin(), temporary.end(), hit.pointer) == temporary.end()) {
                temporary.push_back(hit.pointer);
            }
        }
    }
    return temporary;
}

}  // namespace huoli::forms
