// Shared fixtures for the forms tests: the real schemas, the real municipality table, the
// examples' reference date.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "forms/schema_registry.hpp"
#include "forms/validator.hpp"

namespace huoli::forms::testing {

std::filesystem::path source_dir();
std::string read_text(const std::filesystem::path& path);

// Loaded once per test binary from <repo>/schema.
const schema_registry& registry();
const validator& shared_validator();

// today = expectations.json's reference_date; municipality codes from the routing data.
const validation_context& context();

// A valid example of `form_id` as parsed JSON, for tests that change one thing.
nlohmann::json valid_example(const std::string& form_id, const std::string& file);

bool has_error(const std::vector<field_error>& errors, const std::string& pointer, const std::string& code);
std::string describe(const std::vector<field_error>& errors);

}  // namespace huoli::forms::testing
