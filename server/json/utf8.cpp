#include "json/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace huoli::json {

bool is_valid_utf8(std::string_view bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* const end = p + bytes.size();
    while (p < end) {
        // Notices are mostly ASCII text: eight bytes at a time while no high bit is set.
        std::uint64_t word;
        while (end - p >= 8 && (std::memcpy(&word, p, 8), (word & 0x8080808080808080u) == 0)) p += 8;
        if (p == end) break;
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        // The allowed range of the second byte is what excludes overlong forms (E0, F0),
        // UTF-16 surrogates (ED) and code points above U+10FFFF (F4).
        std::size_t trailing = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            trailing = 1;
        } else if (c == 0xE0) {
            trailing = 2, lo = 0xA0;
        } else if (c == 0xED) {
            trailing = 2, hi = 0x9F;
        } else if (c >= 0xE1 && c <= 0xEF) {
            trailing = 2;
        } else if (c == 0xF0) {
            trailing = 3, lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            trailing = 3;
        } else if (c == 0xF4) {
            trailing = 3, hi = 0x8F;
        } else {
            return false;  // 80..C1 (continuation or overlong lead) and F5..FF
        }
        if (static_cast<std::size_t>(end - p) <= trailing) return false;
        if (p[1] < lo || p[1] > hi) return false;
        for (std::size_t i = 2; i <= trailing; ++i) {
            if (p[i] < 0x80 || p[i] > 0xBF) return false;
        }
        p += trailing + 1;
    }
    return true;
}

}  // namespace huoli::json
