// Standard base64 (RFC 4648 §4, with padding), as signed notes and checkpoints use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huoli::audit {

std::string base64_encode(std::string_view bytes);

// Strict: the length must be a multiple of four, padding only at the end, no whitespace, and
// unused trailing bits zero, so every byte string has exactly one accepted encoding and a
// signature line cannot be altered without changing what it decodes to.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace huoli::audit
