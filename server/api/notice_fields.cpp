#include "api/notice_fields.hpp"

#include <algorithm>
#include <string_view>

#include "identifiers/hetu.hpp"
#include "routing/notice_kind.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

// The object that describes the person the notice is about.
std::string subject_key(const std::string& form) {
    if (form == routing::anticipatory_notification) return "expectant_parent";
    if (form == routing::contact_request) return "person";
    return "child";
}

// `pointer` is one of ours ("/child/home_municipality"): plain keys, no escapes. Walked by hand
// because json_pointer parses the text and contains() + at() walk the document twice, for
// every field routing reads from every notice.
std::optional<std::string> text_at(const json& doc, std::string_view pointer) {
    const json* at = &doc;
    while (!pointer.empty()) {
        pointer.remove_prefix(1);  // the '/'
        const auto end = pointer.find('/');
        const std::string_view key = pointer.substr(0, end);
        if (!at->is_object()) return std::nullopt;
        const auto found = at->find(key);
        if (found == at->end()) return std::nullopt;
        at = &*found;
        pointer = end == std::string_view::npos ? std::string_view{} : pointer.substr(end);
    }
    const auto* text = at->get_ptr<const json::string_t*>();
    if (text == nullptr || text->empty()) return std::nullopt;
    return *text;
}

void add_hetu(std::vector<std::string>& out, const json& person) {
    if (person.is_object() && person.contains("personal_identity_code") && person["personal_identity_code"].is_string()) {
        out.push_back(person["personal_identity_code"].get<std::string>());
    }
}

bool hetu_char(char c, std::size_t at) {
    if (at < 6 || (at >= 7 && at < 10)) return c >= '0' && c <= '9';
    if (at == 6) return std::string_view("+-YXWVUABCDEF").find(c) != std::string_view::npos;
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Y');
}

// Valid personal identity codes written inside `text` (a description, whereabouts, a reason),
// as whole words: 11 characters of the code's shape not inside a longer run of letters and digits.
void find_hetus_in_text(std::string_view text, std::vector<std::string>& out) {
    auto alnum = [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    for (std::size_t i = 0; i + 11 <= text.size(); ++i) {
        if (text[i] < '0' || text[i] > '9' || (i > 0 && alnum(text[i - 1]))) continue;
        std::size_t n = 0;
        while (n < 11 && hetu_char(text[i + n], n)) ++n;
        if (n != 11 || (i + 11 < text.size() && alnum(text[i + 11]))) continue;
        const std::string_view candidate = text.substr(i, 11);
        if (!identifiers::check_hetu(candidate).valid) continue;
        if (std::find(out.begin(), out.end(), candidate) == out.end()) out.emplace_back(candidate);
        i += 10;
    }
}

void scan_strings(const json& value, std::vector<std::string>& out) {
    if (value.is_string()) {
        find_hetus_in_text(value.get_ref<const json::string_t&>(), out);
    } else if (value.is_structured()) {
        for (const auto& v : value) scan_strings(v, out);
    }
}

}  // namespace

routing::routing_inputs routing_inputs_of(const std::string& form, const json& doc) {
    const std::string s = "/" + subject_key(form);
    routing::routing_inputs in;
    in.form = form;
    in.subject_is_child = form != routing::contact_request || text_at(doc, "/person/kind") == "child";
    in.residence_municipality = text_at(doc, s + "/residence_municipality");
    in.home_municipality = text_at(doc, s + "/home_municipality");
    in.whereabouts_municipality = text_at(doc, s + "/whereabouts_municipality");
    in.notifier_workplace_municipality = text_at(doc, "/notifier/workplace_municipality");
    return in;
}

std::vector<other_child_case> other_child_cases_of(const std::string& form, const json& doc) {
    std::vector<other_child_case> out;
    if (form != routing::child_welfare_notification) return out;
    const auto list = doc.find("other_children");
    if (list == doc.end() || !list->is_array()) return out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const json& child = (*list)[i];
        if (!child.is_object()) continue;
        const auto same = child.find("same_concern");
        if (same == child.end() || *same != true) continue;
        other_child_case c{"/other_children/", std::nullopt};
        c.pointer += std::to_string(i);  // not "literal" + to_string(): g++ 12 warns falsely (-Wrestrict)
        auto residence = text_at(child, "/residence_municipality");
        auto home = text_at(child, "/home_municipality");
        if (residence || home) {
            // Only the child's own municipalities: the notice's whereabouts and the notifier's
            // workplace describe the notified child, and without its own the case goes with it.
            routing::routing_inputs in;
            in.form = form;
            in.residence_municipality = std::move(residence);
            in.home_municipality = std::move(home);
            c.inputs = std::move(in);
        }
        out.push_back(std::move(c));
    }
    return out;
}

bool is_urgent(const json& doc) {
    return text_at(doc, "/urgency/assessment") == "urgent" ||
           doc.value(json::json_pointer("/urgency/immediate_danger"), false) == true;
}

std::vector<std::string> data_subjects_of(const std::string& form, const json& doc) {
    std::vector<std::string> out;
    if (const auto subject = doc.find(subject_key(form)); subject != doc.end()) add_hetu(out, *subject);
    if (doc.contains("other_parent")) add_hetu(out, doc["other_parent"]);
    for (const char* list : {"guardians", "other_children"}) {
        if (doc.contains(list) && doc[list].is_array()) {
            for (const auto& p : doc[list]) add_hetu(out, p);
        }
    }
    // A valid identity code typed into a free-text field is a data subject too: the audit log's
    // "who saw my data" must find the notice (Act 703/2023 11 §). The form warns the notifier to
    // put it in its own field (forms/assets/js/identifiers.js findHetusInText).
    scan_strings(doc, out);
    return out;
}

std::string legal_basis_of(const std::string& form, const json& doc) {
    if (form == routing::anticipatory_notification) return "LSL 25 c §";
    if (form == routing::contact_request) {
        return text_at(doc, "/contact_type") == "joint_lsl_25a" ? "LSL 25 a §; SHL 35 §" : "SHL 35 §";
    }
    return "LSL 25 §";
}

bool starts_statutory_clock(const std::string& form, const json& doc) {
    if (form == routing::anticipatory_notification) return false;
    if (form == routing::contact_request) return text_at(doc, "/person/kind") == "child";
    return true;
}

std::string pointer_of_rule(const std::string& form, const std::string& rule) {
    if (rule == "notifier_workplace") return "/notifier/workplace_municipality";
    const std::string s = "/" + subject_key(form);
    if (rule == "residence") return s + "/residence_municipality";
    if (rule == "whereabouts") return s + "/whereabouts_municipality";
    return s + "/home_municipality";
}

}  // namespace huoli::api
