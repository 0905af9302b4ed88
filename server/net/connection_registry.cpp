#include "net/connection_registry.hpp"

#include <vector>

namespace huoli::net {

bool connection_registry::try_reserve(const std::string& address) {
    const bool counted = !(exempt_ && exempt_->contains(address));
    std::lock_guard lock(mutex_);
    if (count_ >= max_) return false;
    if (counted) {
        std::size_t& mine = per_address_[address];
        if (mine >= max_per_address_) {
            if (mine == 0) per_address_.erase(address);
            return false;
        }
        ++mine;
    }
    ++count_;
    return true;
}

void connection_registry::add(const std::shared_ptr<session>& s) {
    std::lock_guard lock(mutex_);
    sessions_[s.get()] = s;
}

void connection_registry::remove(const session* s, const std::string& address) {
    std::lock_guard lock(mutex_);
    sessions_.erase(s);
    if (count_ > 0) --count_;
    if (auto it = per_address_.find(address); it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

std::size_t connection_registry::size() const {
    std::lock_guard lock(mutex_);
    return count_;
}

void connection_registry::for_each(const std::function<void(const std::shared_ptr<session>&)>& f) {
    std::vector<std::shared_ptr<session>> live;
    {
        std::lock_guard lock(mutex_);
        for (auto& [ptr, weak] : sessions_) {
            if (auto s = weak.lock()) live.push_back(std::move(s));
        }
    }
    for (auto& s : live) f(s);
}

}  // namespace huoli::net
