// SHA-256 digests for content hashes (stored records, ETags).
#pragma once

#include <string>
#include <string_view>

namespace huoli::json {

// SHA-256 of `bytes` as 64 lower-case hex characters (OpenSSL EVP one-shot EVP_Digest).
// Aborts the process if OpenSSL cannot compute SHA-256: that means a broken crypto
// library, and silently returning a wrong hash would corrupt integrity checks.
std::string sha256_hex(std::string_view bytes);

}  // namespace huoli::json
