#include "audit/base64.hpp"

namespace huoli::audit {

namespace {

constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int value_of(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8 |
                     static_cast<unsigned char>(bytes[i + 2]);
        out += {alphabet[v >> 18], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], alphabet[v & 63]};
    }
    std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        out += {alphabet[v >> 18], alphabet[v >> 12 & 63], '=', '='};
    } else if (rest == 2) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16 | static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += {alphabet[v >> 18], alphabet[v >> 12 & 63], alphabet[v >> 6 & 63], '='};
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) return std::nullopt;
    std::size_t padding = 0;
    if (!text.empty() && text.back() == '=') padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    std::string out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        bool last = i + 4 == text.size();
        std::size_t data_chars = last ? 4 - padding : 4;
        unsigned v = 0;
        for (std::size_t j = 0; j < 4; ++j) {
            int d = 0;
            if (j < data_chars) {
                d = value_of(text[i + j]);
                if (d < 0) return std::nullopt;
            }
            v = v << 6 | static_cast<unsigned>(d);
        }
        out.push_back(static_cast<char>(v >> 16));
        if (data_chars == 4) {
            out.push_back(static_cast<char>(v >> 8 & 255));
            out.push_back(static_cast<char>(v & 255));
        } else if (data_chars == 3) {
            if ((v & 255) != 0) return std::nullopt;
            out.push_back(static_cast<char>(v >> 8 & 255));
        } else if ((v & 0xffff) != 0) {
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace huoli::audit
