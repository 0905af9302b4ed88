#include "routing/organisation.hpp"

#include <array>
#include <utility>

namespace huoli::routing {
namespace {

constexpr std::string_view county_suffix = " wellbeing services county";
constexpr std::string_view city_prefix = "City of ";

// The non-ASCII letters that occur in Finnish and Swedish place names, as UTF-8.
constexpr std::array<std::pair<std::string_view, char>, 10> folded_letters{{
    {"ä", 'a'}, {"Ä", 'a'}, {"ö", 'o'}, {"Ö", 'o'}, {"å", 'a'},
    {"Å", 'a'}, {"é", 'e'}, {"É", 'e'}, {"ü", 'u'}, {"Ü", 'u'},
}};

}  // namespace

std::optional<std::string> organisation_id_from_english_name(std::string_view name) {
    if (name.size() > county_suffix.size() && name.ends_with(county_suffix)) {
        name.remove_suffix(county_suffix.size());
    }
    if (name.starts_with(city_prefix)) name.remove_prefix(city_prefix.size());

    std::string id;
    std::size_t i = 0;
    while (i < name.size()) {
        const char c = name[i];
        if (c >= 'A' && c <= 'Z') {
            id.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') {
            id.push_back(c);
        } else if (c == ' ') {
            id.push_back('-');
        } else {
            bool folded = false;
            for (const auto& [utf8, ascii] : folded_letters) {
                if (name.substr(i).starts_with(utf8)) {
                    id.push_back(ascii);
                    i += utf8.size();
                    folded = true;
                    break;
                }
            }
            if (!folded) return std::nullopt;
            continue;
        }
        ++i;
    }
    if (id.empty() || id.front() == '-' || id.back() == '-' || id.find("--") != std::string::npos) {
        return std::nullopt;
    }
    return id;
}

}  // namespace huoli::routing
