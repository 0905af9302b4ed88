// Identifiers the store gives a notice: an opaque id and a receipt code a person can read aloud.
//
// Both rest on OpenSSL's CSPRNG: the id carries 74 random bits after its time prefix, the receipt
// is random throughout, so neither can be guessed from time, order or content.
//  - notice id: a time-ordered UUID (version 7, RFC 9562), lower-case, 36 characters. Its time
//    prefix reveals only the receipt time, which the holder of the id knows anyway.
//  - receipt:   10 symbols from receipt_alphabet, grouped "ABCD-EFGH-JK". The alphabet is
//    Crockford's base32 without 0 and 1 (Crockford already drops I, L, O and U), so no two symbols
//    look or sound alike: 30 symbols, 10 × log2(30) ≈ 49 bits. Symbols are drawn by rejection
//    sampling, so each is exactly uniform. Uniqueness is enforced by the database (the writer
//    draws again on the rare collision).
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace huoli::store {

inline constexpr std::string_view receipt_alphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

// Fail only if the CSPRNG fails (error code storage_unavailable).
result<std::string> new_notice_id();
result<std::string> new_receipt();

// True for exactly the shape new_receipt() produces.
bool is_receipt(std::string_view s);

}  // namespace huoli::store
