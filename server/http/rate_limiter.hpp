// Per-client-address token bucket for the public listener. Thread-safe; time is passed in so the
// behaviour is tested without sleeping.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace huoli::http {

class rate_limiter {
public:
    using clock = std::chrono::steady_clock;

    // `per_minute` tokens are added evenly over a minute, up to `burst`. At most `max_clients`
    // addresses are tracked; beyond that, buckets that have refilled are forgotten, and if none has,
    // new addresses are limited as one shared bucket (memory stays bounded under a flood).
    rate_limiter(unsigned per_minute, unsigned burst, std::size_t max_clients = 100000);

    // True when the request may proceed; otherwise `retry_after_seconds` says when a token is due.
    bool allow(const std::string& client, clock::time_point now, unsigned& retry_after_seconds);

private:
    struct bucket {
        double tokens;
        clock::time_point updated;
    };
    void refill(bucket& b, clock::time_point now) const;
    void forget_full_buckets(clock::time_point now);

    double per_second_;
    double burst_;
    std::size_t max_clients_;
    std::mutex mutex_;
    std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace huoli::http
