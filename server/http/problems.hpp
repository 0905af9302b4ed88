// Every problem Huoli answers with, in one table (problems.cpp): its code, HTTP status and English
// title (RFC 9457). A call site names a problem_code, never a string, so a typo cannot invent a
// code the API documentation does not list.
//
// The messages in Finnish, Swedish and English have one owner, schema/translations.json, whose
// sections "problems" (a problem's own message), "request_errors" (an errors[] entry about a
// member of an internal API request), "query_errors" (an entry about a query parameter) and
// "errors" (the forms' field errors) are compiled into the server by CMake (problem_texts.cpp.in),
// so every layer that answers with a problem, down to the TLS session, has them without the
// schema registry. tests/unit/http/problems_test.cpp checks that every code has its three texts.
#pragma once

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.hpp"

namespace huoli::http {

struct localized {
    std::string fi, sv, en;
};

enum class problem_code {
    // The connection and HTTP framing (server/net, http/request_head)
    malformed_request,
    malformed_body,
    transfer_encoding_in_http10,
    unsupported_transfer_encoding,
    duplicate_host,
    missing_host,
    invalid_target,
    headers_too_large,
    body_too_large,
    // The router and every route
    not_found,
    method_not_allowed,
    unsupported_media_type,
    forbidden,
    rate_limited,
    invalid_query,
    invalid_json,
    invalid_request,
    service_unavailable,
    internal_error,
    // Submissions
    invalid_idempotency_key,
    idempotency_key_reused,
    validation_failed,
    aland_outside_counties,
    organisation_not_served,
    routing_failed,
    // Queues
    lease_not_held,
    lease_expired,
    already_acknowledged,
    acknowledged_not_transferable,
    not_acknowledged,
    same_queue,
    unknown_queue,
    queue_not_for_this_notice,
    // Audit
    outside_audit_scope,
    no_checkpoint_yet,
};

struct problem_type {
    problem_code code;
    std::string_view name;  // the `code` member and the type URI "urn:huoli:problem:<name>"
    int status;
    std::string_view title;
    // The message is always the caller's (invalid_query repeats its one entry's), so
    // translations.json's "problems" has none for it.
    bool message_composed = false;
};

const problem_type& type_of(problem_code code);
// The problem a lower layer's error code names (queue::lease_expired, ...), if any.
std::optional<problem_code> find_problem(std::string_view name);
std::span<const problem_type> all_problem_types();

// A "{name}" in a message and what replaces it.
struct placeholder {
    std::string_view name;
    std::string value;
};
std::string fill(std::string text, std::initializer_list<placeholder> values);

// The compiled-in texts (see above); a code without one gets a generic sentence, and
// missing_texts() lists such gaps for the unit test.
localized problem_message(problem_code code, std::initializer_list<placeholder> values = {});
localized request_error_message(std::string_view code);
localized field_error_message(std::string_view code);
// `whole`: the problem is in the query as a whole, not in a parameter the route takes.
localized query_error_message(std::string_view code, bool whole, std::initializer_list<placeholder> values);
std::vector<std::string> missing_texts();

// One entry of a 4xx problem's `errors` array, the same shape everywhere:
//   {"pointer": "/to_queue", "code": "unknown_queue", "message": {"fi", "sv", "en"}}
// with "parameter" (a query parameter's name, or null) in place of "pointer" for a query.
struct error_entry {
    enum class located_by { pointer, parameter };
    located_by by = located_by::pointer;
    // The RFC 6901 pointer into the request body, or the query parameter's name; null only for
    // a query problem no parameter the route takes is concerned by.
    std::optional<std::string> where;
    std::string code;
    localized message;
};
nlohmann::json errors_json(const std::vector<error_entry>& entries);

// `extra` members are added to the body (errors, retry_after_seconds, ...).
response problem(problem_code code, std::initializer_list<placeholder> values = {},
                 nlohmann::json extra = nlohmann::json::object());
// With a message the caller composed (a refusal naming an organisation).
response problem(problem_code code, const localized& message, nlohmann::json extra = nlohmann::json::object());

}  // namespace huoli::http
