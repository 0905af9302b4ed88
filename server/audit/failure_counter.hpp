// Authentication failures on the internal listener, counted and written to the audit log as one
// event per window (a minute) instead of one per failure: a flood of bad handshakes must not be
// able to fill the disk, yet every failure is still counted in the signed log.
//
// add() is called from I/O threads and only increments counters under a mutex; take() turns a
// window's counts into one event. At most `max_fingerprints` distinct unmapped certificates
// are named per window; the rest are counted together.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "audit/event.hpp"

namespace huoli::audit {

class failure_counter {
public:
    explicit failure_counter(std::size_t max_fingerprints = 16) : max_fingerprints_(max_fingerprints) {}

    // `reason` is a fixed code (e.g. "certificate_rejected", "unmapped_certificate"); `fingerprint`
    // the SHA-256 of a verified certificate that maps to no principal, else empty.
    void add(std::string_view reason, std::string_view fingerprint);

    // The event for the window that ends at `now`, or nullopt when nothing failed in it.
    // Action "auth.failure", actor and object "internal-listener", outcome "refused".
    std::optional<event> take(const std::string& now);

private:
    std::mutex mutex_;
    std::size_t max_fingerprints_;
    std::string window_start_;
    std::map<std::string, std::uint64_t> reasons_;
    std::map<std::string, std::uint64_t> fingerprints_;
    std::uint64_t other_fingerprints_ = 0;
};

}  // namespace huoli::audit
