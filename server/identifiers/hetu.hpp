// Finnish personal identity code (henkilötunnus, Väestötietoasetus 128/2010; century
// signs of VN asetus 8.7.2022, in use since 1.1.2023).
//
// Format DDMMYYCNNNK: birth date, century sign, individual number, check character.
// The century sign is part of the identity ("100190-999P" and "100190Y999P" are two
// different people), so callers must store the code as given, not normalised.
//
// Sex is deliberately not derived: DVV plans a gender-neutral code, and nothing in
// Huoli needs it.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace huoli::identifiers {

struct hetu_check {
    bool valid = false;
    // "" when valid; otherwise
    //   "format"   - not 11 characters of the right kinds (upper case only), or
    //                individual number 000/001, which are never issued;
    //   "date"     - DDMMYY is not a real date in the century the sign implies;
    //   "checksum" - the check character does not match.
    std::string error;
    std::chrono::year_month_day birth_date{};  // meaningful only when valid
    // Individual number 900-999: a temporary code (e.g. given by a hospital when the
    // real one is unknown). Accepted, but flagged so that a case worker can look up
    // the permanent code.
    bool temporary = false;
};

// Pure; never throws. Leading/trailing spaces are a format error: trim before calling.
hetu_check check_hetu(std::string_view code);

}  // namespace huoli::identifiers
