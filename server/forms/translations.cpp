#include "forms/translations.hpp"

#include <stdexcept>

namespace huoli::forms {

namespace {

std::string text_of(const nlohmann::json& entry, const char* lang, const std::string& where) {
    auto it = entry.find(lang);
    if (it == entry.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        throw std::runtime_error(where + ": missing or empty '" + lang + "' text");
    }
    return it->get<std::string>();
}

}  // namespace

translations translations::from_json(const nlohmann::json& document, const std::string& name) {
    auto errors = document.find("errors");
    if (!document.is_object() || errors == document.end() || !errors->is_object()) {
        throw std::runtime_error(name + ": no \"errors\" object");
    }
    translations t;
    for (const auto& [code, entry] : errors->items()) {
        const std::string where = name + ": errors." + code;
        if (!entry.is_object()) throw std::runtime_error(where + ": not an object");
        t.errors_.emplace(code, localized_text{text_of(entry, "fi", where), text_of(entry, "sv", where),
                                               text_of(entry, "en", where)});
    }
    t.document_ = document;
    return t;
}

bool translations::has(std::string_view code) const { return errors_.find(code) != errors_.end(); }

std::vector<std::string> translations::missing_codes() const {
    std::vector<std::string> missing;
    for (auto code : all_error_codes()) {
        if (!has(code)) missing.emplace_back(code);
    }
    return missing;
}

const localized_text& translations::message(std::string_view code) const {
    static const localized_text generic{"Tarkista tämä kohta.", "Kontrollera detta fält.", "Please check this field."};
    auto it = errors_.find(code);
    if (it == errors_.end()) it = errors_.find(std::string_view("invalid"));
    return it == errors_.end() ? generic : it->second;
}

}  // namespace huoli::forms
