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
//  - birth_date_mismatch: a valid identity code and a `birth_date` beside it that names
//    another day (reported at the birth date; the identity code is the stronger datum).
void check_semantic_rules(const nlohmann::json& document, const std::vector<format_hit>& hits,
                          std::chrono::year_month_day today, std::vector<located_code>& errors);

// For an accepted document: rewrites each `fi-phone` value to E.164 and returns the
// pointers of temporary identity codes (individual number 900-999) in document order.
std::vector<std::string> normalise_accepted(nlohmann::json& document, const std::vector<format_hit>& hits);

}  // namespace huoli::forms
