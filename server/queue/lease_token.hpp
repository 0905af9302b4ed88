// Lease tokens: 128 bits from OpenSSL's CSPRNG as 32 lower-case hex digits, so a token can be
// neither guessed nor derived from the notice or the time.
#pragma once

#include <string>

#include "core/result.hpp"

namespace huoli::queue {

// Error code storage_unavailable only if the CSPRNG fails.
result<std::string> new_lease_token();

bool is_lease_token(const std::string& s);

}  // namespace huoli::queue
