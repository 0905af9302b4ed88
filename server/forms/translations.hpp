// The user-facing messages of validation errors, from schema/translations.json (the one
// source of the texts shown by the server and the web forms).
//
// Expected shape: {"errors": {"<code>": {"fi": "...", "sv": "...", "en": "..."}, ...}, ...}.
// Other top-level members are kept for callers (document()) but not interpreted here.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "forms/field_error.hpp"

namespace huoli::forms {

class translations {
public:
    // Start-up only: throws std::runtime_error naming `name` when the document has no
    // "errors" object or an entry lacks a non-empty fi, sv or en text.
    static translations from_json(const nlohmann::json& document, const std::string& name);

    // The message for `code`; for a code without an entry the "invalid" entry, and without
    // that a generic built-in text, so a missing translation never breaks validation.
    // missing_codes() lists such gaps: the unit tests require it to be empty, and the
    // server should warn at start-up.
    const localized_text& message(std::string_view code) const;
    bool has(std::string_view code) const;
    std::vector<std::string> missing_codes() const;

    const nlohmann::json& document() const { return document_; }

private:
    std::map<std::string, localized_text, std::less<>> errors_;
    nlohmann::json document_;
};

}  // namespace huoli::forms
