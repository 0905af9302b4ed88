// The organisations that receive notices: the 21 wellbeing services counties
// (hyvinvointialue, välfärdsområde), the City of Helsinki, and Åland.
//
// LSL 16 §: child welfare is organised by the child's home municipality — since 1.1.2023 in
// practice by the wellbeing services county it belongs to (laki hyvinvointialueesta 611/2021),
// except Helsinki, which organises social services itself (Statistics Finland county code 90).
// Åland (code 91) is outside the reform and has its own legislation (ÅFS 2008:97); it is listed
// so that its municipalities can be recognised and turned away unless a queue is configured.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huoli::routing {

struct localized_name {
    std::string fi;
    std::string sv;
    std::string en;
};

inline constexpr std::string_view helsinki_county_code = "90";
inline constexpr std::string_view aland_county_code = "91";

struct organisation {
    std::string id;           // stable slug used in queue ids and configuration, e.g. "west-uusimaa"
    std::string county_code;  // Statistics Finland hyvinvointialue code: "01".."21", "90", "91"
    localized_name name;      // e.g. "Kainuun hyvinvointialue" / "Kajanalands välfärdsområde" / "Kainuu wellbeing services county"
    bool aland = false;       // outside the wellbeing-services counties (county 91)
};

// The organisation id for a county's English name as Statistics Finland spells it:
// drop the suffix " wellbeing services county" and the prefix "City of ", lower-case, strip the
// diacritics of Finnish and Swedish letters (ä→a, ö→o, å→a, é→e, ü→u), spaces become '-'.
//   "West Uusimaa wellbeing services county" → "west-uusimaa"
//   "Päijät-Häme wellbeing services county"  → "paijat-hame"
//   "Ostrobothnia wellbeing services county" → "ostrobothnia"   (Pohjanmaa, code 17)
//   "City of Helsinki" → "helsinki",  "Åland" → "aland"
// nullopt if the result would contain anything but [a-z0-9-]: a new spelling must be looked at
// by a person, not turned into an unpredictable id.
std::optional<std::string> organisation_id_from_english_name(std::string_view english_name);

}  // namespace huoli::routing
