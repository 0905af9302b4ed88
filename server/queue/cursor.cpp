#include "queue/cursor.hpp"

#include "core/utc_timestamp.hpp"

namespace huoli::queue {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

}  // namespace

std::string encode_cursor(const cursor& c) {
    static const char* hex = "0123456789abcdef";
    const std::string plain = c.available_since + " " + c.notice_id;
    std::string out;
    for (unsigned char b : plain) {
        out += hex[b >> 4];
        out += hex[b & 0xf];
    }
    return out;
}

std::optional<cursor> decode_cursor(const std::string& text) {
    if (text.empty() || text.size() % 2 != 0 || text.size() > 256) return std::nullopt;
    std::string plain;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        plain += static_cast<char>(hi * 16 + lo);
    }
    const auto space = plain.find(' ');
    if (space == std::string::npos) return std::nullopt;
    cursor c{plain.substr(0, space), plain.substr(space + 1)};
    if (!huoli::is_utc_timestamp(c.available_since) || c.notice_id.empty() || c.notice_id.size() > 64 ||
        c.notice_id.find_first_not_of("0123456789abcdef-") != std::string::npos) {
        return std::nullopt;
    }
    return c;
}

}  // namespace huoli::queue
