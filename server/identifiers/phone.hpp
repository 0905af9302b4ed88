// Phone numbers of notifiers and guardians, normalised with Google's libphonenumber
// (Debian libphonenumber8; see deploy/install-libphonenumber.sh). Its own library,
// huoli_phone, so the rest of identifiers builds without it.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace huoli::identifiers {

// Accepts a number in Finnish national form ("040 123 4567", "09 310 1691") or
// international form ("+358 40 123 4567", "00358 40 1234567", "+46 8 123 456 78") and
// returns it as E.164 ("+358401234567").
//
// Any number libphonenumber's metadata considers valid is accepted, Finnish or foreign:
// a notifier may live or work abroad, and the receiving social worker must be able to
// call back. Input may contain only digits, spaces and + - ( ) . /; letters, extensions
// and numbers libphonenumber does not recognise as valid fail with code
// "format_fi_phone" (the detail never repeats the input).
//
// Thread-safe; never throws.
result<std::string> normalise_phone(std::string_view input);

}  // namespace huoli::identifiers
