// SHA-256 of bytes, as lower-case hex (OpenSSL EVP).
#pragma once

#include <string>
#include <string_view>

namespace huoli::json {

std::string sha256_hex(std::string_view bytes);

}  // namespace huoli::json
