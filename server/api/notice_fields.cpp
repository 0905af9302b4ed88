#include "api/notice_fields.hpp"

#include <string_view>

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
