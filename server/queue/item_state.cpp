#include "queue/item_state.hpp"

namespace huoli::queue {
namespace {

bool holds(const item& i, const std::string& token) { return i.lease_token && *i.lease_token == token; }

item back_to_available(item i, int max_attempts) {
    i.state = item_state::available;
    i.lease_expires_at.reset();
    i.attempts += 1;
    if (i.attempts >= max_attempts) i.flagged = true;
    return i;
}

}  // namespace

const char* to_string(item_state s) {
    switch (s) {
        case item_state::available: return "available";
        case item_state::leased: return "leased";
        case item_state::acknowledged: return "acknowledged";
    }
    return "unknown";
}

std::optional<item_state> parse_state(std::string_view text) {
    for (auto s : {item_state::available, item_state::leased, item_state::acknowledged}) {
        if (text == to_string(s)) return s;
    }
    return std::nullopt;
}

const char* to_string(verdict v) {
    switch (v) {
        case verdict::ok: return "ok";
        case verdict::repeated: return "repeated";
        case verdict::expired: return "expired";
        case verdict::not_held: return "not_held";
        case verdict::acknowledged: return "acknowledged";
    }
    return "unknown";
}

bool is_lease_expired(const item& i, const std::string& now) {
    return i.state == item_state::leased && i.lease_expires_at && *i.lease_expires_at <= now;
}

item after_lease(item i, const std::string& token, const std::string& expires_at) {
    i.state = item_state::leased;
    i.lease_token = token;
    i.lease_expires_at = expires_at;
    return i;
}

item after_expiry(item i, int max_attempts) { return back_to_available(std::move(i), max_attempts); }

item after_release(item i, int max_attempts) {
    i = back_to_available(std::move(i), max_attempts);
    i.lease_token.reset();
    return i;
}

item after_acknowledgement(item i) {
    i.state = item_state::acknowledged;
    i.lease_expires_at.reset();
    return i;
}

item effective(const item& i, const std::string& now, int max_attempts) {
    return is_lease_expired(i, now) ? after_expiry(i, max_attempts) : i;
}

verdict check_acknowledge(const item& i, const std::string& token, const std::string&) {
    if (i.state == item_state::acknowledged) return holds(i, token) ? verdict::repeated : verdict::acknowledged;
    return holds(i, token) ? verdict::ok : verdict::not_held;
}

verdict check_extend(const item& i, const std::string& token, const std::string& now) {
    if (i.state == item_state::acknowledged) return verdict::acknowledged;
    if (!holds(i, token)) return verdict::not_held;
    if (i.state != item_state::leased || is_lease_expired(i, now)) return verdict::expired;
    return verdict::ok;
}

verdict check_release(const item& i, const std::string& token, const std::string& now) {
    return check_extend(i, token, now);
}

}  // namespace huoli::queue
