// Finnish postal codes (postinumero): five digits, leading zeros significant (00100
// Helsinki; Åland uses 22xxx). A postal code area is not a municipality: never route by
// it (see shared/domain E.4).
#pragma once

#include <string_view>

namespace huoli::identifiers {

// True for exactly five ASCII digits. Pure; never throws.
inline bool valid_postal_code(std::string_view code) {
    if (code.size() != 5) return false;
    for (char c : code) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace huoli::identifiers
