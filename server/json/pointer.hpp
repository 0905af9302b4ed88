// JSON Pointer (RFC 6901) reference tokens.
#pragma once

#include <string>
#include <string_view>

namespace huoli::json {

// Escapes one reference token: "~" becomes "~0" and "/" becomes "~1" (RFC 6901
// section 3), so "a/b~c" yields "a~1b~0c".
inline std::string escape_pointer_token(std::string_view token) {
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace huoli::json
