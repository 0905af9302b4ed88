// UTF-8 well-formedness (RFC 3629 / Unicode Table 3-7).
#pragma once

#include <string_view>

namespace huoli::json {

// True if `bytes` is well-formed UTF-8: no overlong forms, no encoded surrogates
// (ED A0..BF xx), nothing above U+10FFFF, no stray or missing continuation bytes.
bool is_valid_utf8(std::string_view bytes);

}  // namespace huoli::json
