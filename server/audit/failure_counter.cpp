#include "audit/failure_counter.hpp"

#include "core/utc_timestamp.hpp"

namespace huoli::audit {

void failure_counter::add(std::string_view reason, std::string_view fingerprint) {
    std::lock_guard lock(mutex_);
    if (reasons_.empty()) window_start_ = huoli::utc_timestamp_now();
    ++reasons_[std::string(reason)];
    if (fingerprint.empty()) return;
    auto it = fingerprints_.find(std::string(fingerprint));
    if (it != fingerprints_.end()) {
        ++it->second;
    } else if (fingerprints_.size() < max_fingerprints_) {
        fingerprints_.emplace(std::string(fingerprint), 1);
    } else {
        ++other_fingerprints_;
    }
}

std::optional<event> failure_counter::take(const std::string& now) {
    std::lock_guard lock(mutex_);
    if (reasons_.empty()) return std::nullopt;
    event e;
    e.at = now;
    e.actor = "internal-listener";
    e.action = "auth.failure";
    e.object = "internal-listener";
    e.outcome = "refused";
    e.details = {{"first_at", window_start_}, {"counts", reasons_}};
    if (!fingerprints_.empty()) e.details["unmapped_certificates"] = fingerprints_;
    if (other_fingerprints_ > 0) e.details["other_unmapped_certificates"] = other_fingerprints_;
    reasons_.clear();
    fingerprints_.clear();
    other_fingerprints_ = 0;
    return e;
}

}  // namespace huoli::audit
