// The queue item state machine: pure decisions, no I/O. Two roles, on purpose:
//  - item_ops.cpp decides with it: ack and release load the row and apply check_acknowledge /
//    after_release / after_acknowledgement to it.
//  - For lease, expiry and the listings' effective state, the SQL in lease_ops.cpp and
//    queries.cpp applies the same rules to whole batches in one statement (a lease takes up to
//    100 items at once); there these functions are the test oracle: tests/unit/queue/
//    lease_ops_test.cpp compares the SQL's rows with after_lease, after_expiry and effective
//    on the same items.
//
//   available ──lease──▶ leased ──ack──▶ acknowledged   (never leased again)
//       ▲                  │
//       └──expiry/release──┘   attempts + 1; flagged once attempts ≥ max_attempts (never dropped)
//
// A transfer (item_ops.hpp) puts an item of any state back to available in another queue.
// Times are store timestamps (core/utc_timestamp.hpp): fixed-width UTC text, so text order is time
// order and the rules compare strings.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace huoli::queue {

enum class item_state { available, leased, acknowledged };
const char* to_string(item_state s);
std::optional<item_state> parse_state(std::string_view text);

struct item {
    item_state state = item_state::available;
    int attempts = 0;  // leases that ended without an acknowledgement (expired or released)
    bool flagged = false;
    // The last lease's token. It survives the lease's expiry (so a late acknowledgement still
    // counts while nobody else has leased the item) and is replaced by the next lease.
    std::optional<std::string> lease_token;
    std::optional<std::string> lease_expires_at;  // set while leased
};

// Leased and the lease ran out (expires_at <= now).
bool is_lease_expired(const item& i, const std::string& now);

item after_lease(item i, const std::string& token, const std::string& expires_at);
// An expired or released lease: back to available, attempts + 1, flagged at max_attempts.
// The token is kept after expiry (see item::lease_token) but cleared by a release.
item after_expiry(item i, int max_attempts);
item after_release(item i, int max_attempts);
item after_acknowledgement(item i);

// The state a reader should report at `now`, before the writer has swept the expiry.
item effective(const item& i, const std::string& now, int max_attempts);

// What a token-bearing request may do with the item (after the expiry sweep).
enum class verdict {
    ok,
    repeated,       // ack only: already acknowledged with this very token; harmless
    expired,        // the lease ran out (extend, release)
    not_held,       // the token is not the item's current lease
    acknowledged,   // acknowledged under another lease
};
const char* to_string(verdict v);

// An acknowledgement counts while the token is the item's last lease, even after its expiry,
// as long as nobody has leased the item again: the notice is in the case system either way.
verdict check_acknowledge(const item& i, const std::string& token, const std::string& now);
verdict check_extend(const item& i, const std::string& token, const std::string& now);
verdict check_release(const item& i, const std::string& token, const std::string& now);

}  // namespace huoli::queue
