// An IPv4 or IPv6 address or prefix ("10.0.0.7", "10.0.0.0/24", "2001:db8::/32"), and whether
// a textual address lies in it. Used for the trusted reverse proxies (config, http/forwarded).
//
// inet_pton does the parsing: the standard library has no address type, and Asio (which has one)
// belongs to server/net only.
#pragma once

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace huoli {

struct ip_address {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};

    // An IPv4-mapped IPv6 address ("::ffff:10.0.0.7", as a dual-stack socket reports) is the IPv4 address.
    static std::optional<ip_address> parse(std::string_view text) {
        if (text.empty() || text.size() > 45) return std::nullopt;
        const std::string s(text);
        ip_address a;
        if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) return a;
        if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
        static constexpr std::uint8_t mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::equal(mapped, mapped + 12, a.bytes.begin())) {
            std::copy(a.bytes.begin() + 12, a.bytes.end(), a.bytes.begin());
            std::fill(a.bytes.begin() + 4, a.bytes.end(), 0);
            return a;
        }
        a.v6 = true;
        return a;
    }
};

struct ip_prefix {
    ip_address base;
    unsigned length = 0;  // in bits

    static std::optional<ip_prefix> parse(std::string_view text) {
        const auto slash = text.find('/');
        auto base = ip_address::parse(text.substr(0, slash));
        if (!base) return std::nullopt;
        ip_prefix p{*base, base->v6 ? 128u : 32u};
        if (slash != std::string_view::npos) {
            const std::string_view digits = text.substr(slash + 1);
            unsigned n = 0;
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
            if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n > p.length) {
                return std::nullopt;
            }
            p.length = n;
        }
        return p;
    }

    bool contains(const ip_address& a) const {
        if (a.v6 != base.v6) return false;
        const unsigned full = length / 8, rest = length % 8;
        if (!std::equal(base.bytes.begin(), base.bytes.begin() + full, a.bytes.begin())) return false;
        if (rest == 0) return true;
        const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        return (base.bytes[full] & mask) == (a.bytes[full] & mask);
    }
};

}  // namespace huoli
