// What the server reads out of a validated notice, by form: the routing inputs, the urgency, the
// data subjects named for the audit log, and the law the notice rests on. The JSON Pointers here
// follow schema/*.schema.json; tests/unit/api checks them against every valid example.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/route.hpp"

namespace huoli::api {

routing::routing_inputs routing_inputs_of(const std::string& form, const nlohmann::json& doc);

// Another child of the family whom a child welfare notification's concern is about
// (other_children/*/same_concern): a case of its own (LSL 26 § runs per child), routed by that
// child's own municipalities (LSL 16 §). `inputs` is empty when the child names none: the case
// then follows the notified child's route.
struct other_child_case {
    std::string pointer;  // "/other_children/<i>"
    std::optional<routing::routing_inputs> inputs;
};
std::vector<other_child_case> other_child_cases_of(const std::string& form, const nlohmann::json& doc);

// The notifier marked the matter urgent or a child in immediate danger: leased first.
bool is_urgent(const nlohmann::json& doc);

// Personal identity codes of the people the notice is about (the subject, an expectant parent,
// guardians, other children), so that a client's "who has seen my data" question (Act 703/2023
// 11 §) can be answered from the audit log without reading notice content.
// Also every valid identity code written inside any text of the notice (a description, say), once.
std::vector<std::string> data_subjects_of(const std::string& form, const nlohmann::json& doc);

// "LSL 25 §", "LSL 25 c §" or "SHL 35 §" (with "LSL 25 a §" for a joint contact).
std::string legal_basis_of(const std::string& form, const nlohmann::json& doc);

// Whether the LSL 26 § clocks start on receipt: not for an anticipatory notification (25 c § 3 mom:
// the matter becomes pending after the birth) nor for a contact request about an adult.
bool starts_statutory_clock(const std::string& form, const nlohmann::json& doc);

// The JSON Pointer of the field that decided the route, for pointing an error (Åland) at it.
std::string pointer_of_rule(const std::string& form, const std::string& rule);

}  // namespace huoli::api
