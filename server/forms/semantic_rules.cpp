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

using std::chrono::year_month_day;

// The day someone born on `birth` turns `years` old. 29 February's anniversary in a common year
// is 28 February: a year counted from a day the month lacks ends on the month's last day, as the
// Act on Calculating Statutory Time Limits (150/1930) 4 § counts it. (The statute does not say
// this for ages; it is the documented choice here.)
year_month_day anniversary(year_month_day birth, int years) {
    const year_month_day same{birth.year() + std::chrono::years(years), birth.month(), birth.day()};
    if (same.ok()) return same;
    return year_month_day{std::chrono::year_month_day_last{same.year(), std::chrono::month_day_last{birth.month()}}};
}

// Who the object at `subject` must be, if the form says: "/child" of a child welfare
// notification is a child (LSL 6 §: under 18), and so is another child of the family whom the
// same concern is about (it becomes a case of its own); "/person" of a contact request is what
// its `kind` says. nullopt: no age rule (an expectant parent may be a minor, a sibling listed
// only for context may be grown up).
std::optional<bool> must_be_child(const nlohmann::json& document, const std::string& subject) {
    if (subject == "/child") return true;
    if (subject.starts_with("/other_children/")) {
        const nlohmann::json::json_pointer same(subject + "/same_concern");
        if (document.contains(same) && document.at(same) == true) return true;
        return std::nullopt;
    }
    if (subject != "/person") return std::nullopt;
    const nlohmann::json* kind = string_at(document, "/person/kind");
    if (!kind) return std::nullopt;
    if (*kind == "child") return true;
    if (*kind == "adult") return false;
    return std::nullopt;
}

// not_a_child / not_an_adult at `pointer` when the birth date there contradicts the subject's kind
// on `today` (the day of receipt).
void check_age(const nlohmann::json& document, const std::string& pointer, year_month_day birth,
               year_month_day today, std::vector<located_code>& found) {
    const auto child = must_be_child(document, parent_of(pointer));
    if (!child) return;
    const bool minor = today < anniversary(birth, 18);
    if (*child && !minor) found.push_back({pointer, "not_a_child"});
    if (!*child && minor) found.push_back({pointer, "not_an_adult"});
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
                // No upper bound: the examples must stay valid when posted verbatim for years
                // (schema/examples/README.md), and a far due date harms nobody.
                if (*date < today) found.push_back({hit.pointer, "due_date_in_past"});
            } else if (*date > today) {
                found.push_back({hit.pointer, "date_in_future"});
            } else if (last_token(hit.pointer) == "birth_date") {
                check_age(document, hit.pointer, *date, today, found);
            }
        } else if (hit.format == "fi-hetu") {
            auto check = identifiers::check_hetu(text);
            if (!check.valid) continue;
            if (check.birth_date > today) {
                found.push_back({hit.pointer, "hetu_date_in_future"});
                continue;
            }
            check_age(document, hit.pointer, check.birth_date, today, found);
            const std::string birth_pointer = parent_of(hit.pointer) + "/birth_date";
            const nlohmann::json* birth = string_at(document, birth_pointer);
            if (!birth || has_error(errors, birth_pointer)) continue;
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
