// The live sessions of one listener: counts them for max_connections and per client address,
// and reaches them at shutdown.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "http/forwarded.hpp"

namespace huoli::net {

class session;

class connection_registry {
public:
    // `exempt` (may be null, must outlive the registry): trusted reverse proxies, which carry
    // many clients' connections and so count only against `max`.
    connection_registry(std::size_t max, std::size_t max_per_address, const http::trusted_proxies* exempt)
        : max_(max), max_per_address_(max_per_address), exempt_(exempt) {}

    // False when the listener is full or `address` already has max_per_address connections: the
    // caller drops the connection before the handshake. Counted from accept, so a flood of
    // connections that never send a byte fills only its own address's share.
    bool try_reserve(const std::string& address);
    void add(const std::shared_ptr<session>& s);
    // Gives back the reservation try_reserve(address) made.
    void remove(const session* s, const std::string& address);
    std::size_t size() const;
    void for_each(const std::function<void(const std::shared_ptr<session>&)>& f);

private:
    mutable std::mutex mutex_;
    std::size_t max_;
    std::size_t max_per_address_;
    const http::trusted_proxies* exempt_;
    std::size_t count_ = 0;
    std::unordered_map<std::string, std::size_t> per_address_;
    std::unordered_map<const session*, std::weak_ptr<session>> sessions_;
};

}  // namespace huoli::net
