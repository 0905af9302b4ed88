#include "http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace huoli::http {

rate_limiter::rate_limiter(unsigned per_minute, unsigned burst, std::size_t max_clients)
    : per_second_(per_minute / 60.0), burst_(burst), max_clients_(max_clients) {}

void rate_limiter::refill(bucket& b, clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    if (elapsed > 0) {
        b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
        b.updated = now;
    }
}

void rate_limiter::forget_full_buckets(clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        refill(it->second, now);
        it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
    }
}

bool rate_limiter::allow(const std::string& client, clock::time_point now, unsigned& retry_after_seconds) {
    std::lock_guard lock(mutex_);
    std::string key = client;
    if (!buckets_.count(key) && buckets_.size() >= max_clients_) {
        forget_full_buckets(now);
        if (buckets_.size() >= max_clients_) key = "*overflow*";
    }
    auto [it, inserted] = buckets_.try_emplace(key, bucket{burst_, now});
    bucket& b = it->second;
    refill(b, now);
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return true;
    }
    retry_after_seconds = static_cast<unsigned>(std::ceil((1.0 - b.tokens) / per_second_));
    if (retry_after_seconds == 0) retry_after_seconds = 1;
    return false;
}

}  // namespace huoli::http
