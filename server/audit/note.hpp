// Signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, then
// signature lines "— <key name> <base64(4-byte key ID || signature)>\n" (em dash U+2014).
// Huoli signs its checkpoints this way so that standard tools (golang.org/x/mod/sumdb/note,
// transparency-dev witnesses) can check them with nothing but the published vkey.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "audit/note_key.hpp"
#include "core/result.hpp"

namespace huoli::audit {

struct verified_note {
    std::string text;          // the signed text, final newline included
    std::string key_name;      // the key whose signature verified
    std::uint32_t key_id = 0;
};

// `text` followed by a blank line and one signature line by `s`. Error "malformed_note" when
// `text` does not end in a newline, is not UTF-8, or holds a control character other than
// newline (such a note could never be verified); "sign_failed" if OpenSSL fails.
result<std::string> sign_note(std::string_view text, const signer& s);

// Opens `note`, accepting it only if it carries a valid signature by `v`.
// Signatures by other keys (e.g. witness cosignatures) are ignored, as the spec requires; every
// signature line that names `v`'s name and key ID must verify. Errors:
//   "malformed_note"     syntax: not UTF-8, control characters, no blank line before the
//                        signatures, no final newline, a bad signature line or base64,
//                        more than 100 signatures;
//   "unknown_key"        no signature line has `v`'s name and key ID;
//   "invalid_signature"  a signature line by `v` does not verify for this text.
// Error details never quote the note: it may hold anything.
result<verified_note> verify_note(std::string_view note, const verifier& v);

}  // namespace huoli::audit
