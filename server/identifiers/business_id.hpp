// Finnish business ID (Y-tunnus / FO-nummer), as issued by the Finnish Patent and
// Registration Office and the Tax Administration.
#pragma once

#include <string_view>

namespace huoli::identifiers {

// True for "NNNNNNN-C": exactly seven digits, a hyphen and the check digit computed
// with weights 7,9,10,5,8,4,2 mod 11 (remainder 0 gives 0; remainder 1 is never
// issued, so such an ID is invalid; otherwise 11 - remainder). The older six-digit form
// is not accepted: IDs are always written with seven digits today. Pure; never throws.
bool valid_business_id(std::string_view id);

}  // namespace huoli::identifiers
