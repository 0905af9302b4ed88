// The live sessions of one listener: counts them for max_connections and reaches them at shutdown.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace huoli::net {

class session;

class connection_registry {
public:
    explicit connection_registry(std::size_t max) : max_(max) {}

    // False when the listener is full: the caller drops the connection without a handshake.
    bool try_reserve();
    void add(const std::shared_ptr<session>& s);
    void remove(const session* s);
    std::size_t size() const;
    void for_each(const std::function<void(const std::shared_ptr<session>&)>& f);

private:
    mutable std::mutex mutex_;
    std::size_t max_;
    std::size_t count_ = 0;
    std::unordered_map<const session*, std::weak_ptr<session>> sessions_;
};

}  // namespace huoli::net
