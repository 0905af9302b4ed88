// What the store is given for one accepted notice, and what it hands back.
//
// One new_notice becomes, in one transaction, a row in each of notices, routing_records,
// queue_items and audit_events (and idempotency_keys when a key is given), and the same again,
// without the payload, for each linked case, with a notice_links row per case. The store creates
// the notice id and the receipt code; everything else is decided by the caller.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace huoli::store {

// Why the notice went to its queue (routing concern). Stored as routing_records.
struct routing_record {
    std::string rule;                              // e.g. "home_municipality", "helsinki_fallback" (LSL 17 §)
    std::optional<std::string> municipality_code;  // absent when no municipality is known
    nlohmann::json explanation = nlohmann::json::object();
    std::string table_sha256;   // of the municipality table used
    std::string config_sha256;  // of the routing configuration used
};

// The audit event recorded with the notice. The store adds `at` (= received_at), `object`
// (= notice id), and the receipt, form, queue and payload/schema hashes, so the append-only
// audit log commits to the exact stored content.
struct audit_entry {
    std::string actor;        // who submitted (organisation/certificate identity), never a name
    std::string action;       // e.g. "submit"
    std::string legal_basis;  // e.g. "LSL 25 §"
    std::string outcome;      // e.g. "accepted"
    nlohmann::json data_subjects = nlohmann::json::array();
};

// Another child of the family whom the same concern is about: a case of its own (LSL 26 §),
// stored as its own notices row, routing record, queue item and audit event, with the notice's
// payload, form, urgency and deadlines, and linked to the first child's case (migration 6).
struct linked_case {
    std::string child_pointer;  // JSON Pointer of the child in the payload, e.g. "/other_children/0"
    std::string organisation_id;
    std::string queue_id;
    routing_record routing;
    // true: the child names no municipality, so the case follows the first child's route.
    bool routed_with_main = false;
};

// Known only inside the transaction; passed to new_notice::make_response.
struct stored_identity {
    std::string notice_id;
    std::string receipt;
    std::int64_t audit_seq = 0;
    std::vector<std::string> linked_ids;  // ids of the linked_cases, in their order
};

struct new_notice {
    std::string form;            // form identifier
    std::string received_at;     // UTC "YYYY-MM-DDTHH:MM:SS.mmmZ" (timestamp.hpp)
    std::string payload;         // canonical JSON, exactly the bytes hashed by payload_sha256
    std::string payload_sha256;  // lower-case hex; checked against payload
    std::string schema_sha256;
    std::string organisation_id;
    std::string queue_id;
    bool urgent = false;
    std::optional<std::string> decision_due;    // date, LSL 26 § (7 working days)
    std::optional<std::string> assessment_due;  // date, LSL 26 § 5 mom (3 months)
    routing_record routing;
    audit_entry audit;
    // JSON Pointers of the payload's temporary identity codes (forms/validator.hpp), for the
    // receiving county; empty for none.
    std::vector<std::string> temporary_identity_codes;
    // The other children's cases; empty for a notice about one child (no link rows are written).
    std::vector<linked_case> linked_cases;

    // Idempotency-Key as the client sent it, already scoped by the caller to the client's
    // identity (e.g. "<principal>:<key>") so one client can never replay another's response.
    std::optional<std::string> idempotency_key;
    std::optional<std::string> body_sha256;  // required with idempotency_key

    // Builds the HTTP response body once the ids exist. Runs on the writer thread inside the
    // transaction; its result is stored for idempotent replay and returned in submit_outcome.
    // Must be quick and must not call back into the store. Required with idempotency_key.
    std::function<std::string(const stored_identity&)> make_response;
};

struct submit_outcome {
    bool replayed = false;      // true: an earlier submission with the same key; nothing stored now
    std::string response_json;  // make_response's result (the original one when replayed)
    std::string notice_id;
    std::string receipt;
    std::int64_t audit_seq = 0;
};

// Stable error codes (error::code) produced by the store.
inline constexpr const char* storage_unavailable = "storage_unavailable";
inline constexpr const char* idempotency_key_reused = "idempotency_key_reused";
inline constexpr const char* invalid_notice = "invalid_notice";
inline constexpr const char* schema_too_new = "schema_too_new";
inline constexpr const char* rejected_by_storage = "rejected_by_storage";  // a constraint, this item only
inline constexpr const char* internal_error = "internal_error";            // make_response threw

}  // namespace huoli::store
