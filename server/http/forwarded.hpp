// Which client a request comes from when it may have come through a reverse proxy.
//
// Forwarded (RFC 7239) and X-Forwarded-For are believed only from configured proxies: anyone
// else could write any address there and escape the rate limit. From a trusted proxy the client
// is the nearest address of the chain that is not itself a trusted proxy (walking right to left,
// each hop vouches only for the address it appended).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/ip_prefix.hpp"

namespace huoli::http {

class trusted_proxies {
public:
    trusted_proxies() = default;
    explicit trusted_proxies(std::vector<ip_prefix> prefixes) : prefixes_(std::move(prefixes)) {}

    bool empty() const { return prefixes_.empty(); }
    bool contains(std::string_view address) const;

private:
    std::vector<ip_prefix> prefixes_;
};

// The address to count a request against. `forwarded` and `x_forwarded_for` are the fields'
// combined values ("" when absent); Forwarded wins when both are present. A chain entry that is
// not an address (RFC 7239's "unknown", an obfuscated "_id") is returned as written, cut to 64
// bytes: the proxy that appended it vouches for it as one client.
std::string forwarded_client(std::string_view peer, std::string_view forwarded, std::string_view x_forwarded_for,
                             const trusted_proxies& proxies);

}  // namespace huoli::http
