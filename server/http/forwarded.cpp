#include "http/forwarded.hpp"

#include "http/message.hpp"

namespace huoli::http {
namespace {

constexpr std::size_t max_client_key = 64;

// A node ("192.0.2.1", "192.0.2.1:8080", "[2001:db8::1]:4711", "2001:db8::1") without its port.
std::string_view without_port(std::string_view node) {
    if (!node.empty() && node.front() == '"') node.remove_prefix(1);
    if (!node.empty() && node.back() == '"') node.remove_suffix(1);
    if (!node.empty() && node.front() == '[') {
        const auto close = node.find(']');
        return close == std::string_view::npos ? node : node.substr(1, close - 1);
    }
    const auto colon = node.find(':');
    if (colon != std::string_view::npos && node.find(':', colon + 1) == std::string_view::npos) return node.substr(0, colon);
    return node;
}

// The `for=` node of one Forwarded element ("for=192.0.2.60;proto=https;by=…"), or "".
std::string_view for_node(std::string_view element) {
    std::size_t start = 0;
    while (start <= element.size()) {
        auto end = element.find(';', start);
        if (end == std::string_view::npos) end = element.size();
        const std::string_view pair = trim_ows(element.substr(start, end - start));
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && same_field_name(trim_ows(pair.substr(0, eq)), "for")) return trim_ows(pair.substr(eq + 1));
        start = end + 1;
    }
    return {};
}

// Walks the comma-separated list right to left; `node_of` extracts the address of one entry.
template <class NodeOf>
std::string nearest_untrusted(std::string_view list, const trusted_proxies& proxies, NodeOf node_of,
                              std::string_view peer) {
    std::vector<std::string_view> nodes;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(',', start);
        if (end == std::string_view::npos) end = list.size();
        const std::string_view node = without_port(node_of(trim_ows(list.substr(start, end - start))));
        if (!node.empty()) nodes.push_back(node);
        start = end + 1;
    }
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
        if (!proxies.contains(*it)) return std::string(it->substr(0, max_client_key));
    }
    // Every hop is a trusted proxy: the request started at the leftmost one.
    return std::string(nodes.empty() ? peer : nodes.front().substr(0, max_client_key));
}

}  // namespace

bool trusted_proxies::contains(std::string_view address) const {
    if (prefixes_.empty()) return false;
    const auto a = ip_address::parse(address);
    if (!a) return false;
    for (const auto& p : prefixes_) {
        if (p.contains(*a)) return true;
    }
    return false;
}

std::string forwarded_client(std::string_view peer, std::string_view forwarded, std::string_view x_forwarded_for,
                             const trusted_proxies& proxies) {
    if (!proxies.contains(peer)) return std::string(peer);
    if (!trim_ows(forwarded).empty()) return nearest_untrusted(forwarded, proxies, for_node, peer);
    if (!trim_ows(x_forwarded_for).empty()) {
        return nearest_untrusted(x_forwarded_for, proxies, [](std::string_view s) { return s; }, peer);
    }
    return std::string(peer);
}

}  // namespace huoli::http
