// Rules no JSON Schema keyword can express, applied where the schema declared a format
// (so they follow the schema wherever a date or identity code appears).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "forms/custom_constraints.hpp"
#include "forms/error_mapping.hpp"

namespace huoli::forms {

// Adds to `errors`, skipping values that already have an error:
//  - date_in_future: a `date` that is after `today`. Every date in our forms records
//    something that has happened (birth, observation, consent) except due_date;
//  - due_date_in_past: a `due_date` before `today`: once the child is born an ordinary
//    child welfare notification is made instead (LSL 25 c § 3 mom);
//  - hetu_date_in_future: a valid identity code whose date of birth is after `today`;
//  - not_a_child: the subject of a child welfare notification, or a contact request's person
//    of kind "child", is 18 or older on `today` by its identity code or birth date (LSL 6 §);
//    not_an_adult: a contact request's person of kind "adult" is under 18 (the schema makes
//    the kind explicit, so the notifier chooses "child" instead). Reported at the field that
//    gave the birth date. `today` is the Helsinki date of receipt;
//  - birth_date_mismatch: a valid identity code and a `birth_date` beside it that names
//    another day (reported at the birth date; the identity code is the stronger datum).
void check_semantic_rules(const nlohmann::json& document, const std::vector<format_hit>& hits,
                          std::chrono::year_month_day today, std::vector<located_code>& errors);

// For an accepted document: rewrites each `fi-phone` value to E.164 and returns the
// pointers of temporary identity codes (individual number 900-999) in document order.
std::vector<std::string> normalise_accepted(nlohmann::json& document, const std::vector<format_hit>& hits);

}  // namespace huoli::forms
