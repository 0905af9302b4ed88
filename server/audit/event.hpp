// One audit event as the log stores it (Act 703/2023: who processed whose data, on what basis).
//
// The leaf of the Merkle tree is the event's canonical JSON (keys sorted, no whitespace), the
// `event` column of audit_events; the other columns repeat its core fields so they can be
// indexed, and `huolictl audit verify` checks that they agree. An event never holds the content
// of a notice: only identifiers (notice id, queue, data subjects' identity codes) and codes.
//
//   audit::event e{.at = huoli::utc_timestamp_now(), .actor = p.id, .action = "audit.query", ...};
//   storage.run_write([e](SQLite::Database& db) { return audit::append_event_job(db, e); }, done);
//
// This header is the one owner of the event's bytes and sits on the ground floor (pure, no
// SQLite), so the store (a submission's event) and the queue (lease, ack, transfer...) build
// their events with it in their own transactions; audit/append_event.hpp writes one.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace huoli::audit {

struct event {
    std::string at;           // UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (core/utc_timestamp.hpp)
    std::string actor;        // principal id, "public", "system", or "internal-listener"
    std::string action;       // e.g. "submit", "submit.rejected", "audit.query", "auth.failure"
    std::string object;       // notice id, queue id, listener, or "-" when there is none
    std::string legal_basis;  // e.g. "LSL 25 §"; empty when none applies
    std::string outcome;      // e.g. "accepted", "rejected", "ok", "refused"
    nlohmann::json data_subjects = nlohmann::json::array();  // identity codes, never names
    std::string organisation;  // the actor's organisation (or a notice's recipient); optional
    std::string fingerprint;   // SHA-256 of the actor's client certificate; optional
    nlohmann::json details = nlohmann::json::object();  // codes and counts only; optional
    // Top-level members beside these, which a submission's event has carried since the first
    // version ("routing", "notice", "group"), so its bytes stay as they are; a core member of the
    // same name wins. New kinds of events put their specifics under `details`.
    nlohmann::json extra = nlohmann::json::object();
};

// The canonical bytes that become the leaf: the core fields always, the optional ones when set.
std::string canonical_json(const event& e);

// The column values `huolictl audit verify` compares with the event bytes.
inline constexpr const char* core_text_fields[] = {"at", "actor", "action", "object", "legal_basis", "outcome"};

}  // namespace huoli::audit
