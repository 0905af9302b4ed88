#include "http/problems.hpp"

#include <array>
#include <map>

namespace huoli::http {

namespace detail {
std::string_view compiled_texts();  // problem_texts.cpp, generated from schema/translations.json
}

namespace {

using enum problem_code;

// The one table of problems. Ordered as the enum, which the static_assert below holds it to.
constexpr std::array table{
    problem_type{malformed_request, "malformed_request", 400, "Bad Request"},
    problem_type{malformed_body, "malformed_body", 400, "Bad Request"},
    problem_type{transfer_encoding_in_http10, "transfer_encoding_in_http10", 400, "Bad Request"},
    problem_type{unsupported_transfer_encoding, "unsupported_transfer_encoding", 501, "Not Implemented"},
    problem_type{duplicate_host, "duplicate_host", 400, "Bad Request"},
    problem_type{missing_host, "missing_host", 400, "Bad Request"},
    problem_type{invalid_target, "invalid_target", 400, "Bad Request"},
    problem_type{headers_too_large, "headers_too_large", 431, "Request Header Fields Too Large"},
    problem_type{body_too_large, "body_too_large", 413, "Content Too Large"},
    problem_type{not_found, "not_found", 404, "Not Found"},
    problem_type{method_not_allowed, "method_not_allowed", 405, "Method Not Allowed"},
    problem_type{unsupported_media_type, "unsupported_media_type", 415, "Unsupported Media Type"},
    problem_type{forbidden, "forbidden", 403, "Forbidden"},
    problem_type{rate_limited, "rate_limited", 429, "Too Many Requests"},
    problem_type{invalid_query, "invalid_query", 400, "Bad Request", true},
    problem_type{invalid_json, "invalid_json", 400, "Bad Request"},
    problem_type{invalid_request, "invalid_request", 422, "Unprocessable Content"},
    problem_type{service_unavailable, "service_unavailable", 503, "Service Unavailable"},
    problem_type{internal_error, "internal_error", 500, "Internal Server Error"},
    problem_type{invalid_idempotency_key, "invalid_idempotency_key", 400, "Bad Request"},
    problem_type{idempotency_key_reused, "idempotency_key_reused", 422, "Idempotency-Key reused with a different body"},
    problem_type{validation_failed, "validation_failed", 422, "Unprocessable Content"},
    problem_type{aland_outside_counties, "aland_outside_counties", 422, "Åland is outside the wellbeing services counties"},
    problem_type{organisation_not_served, "organisation_not_served", 422,
                 "The responsible organisation is not served by this instance"},
    problem_type{routing_failed, "routing_failed", 500, "Routing failed"},
    problem_type{lease_not_held, "lease_not_held", 409, "Conflict"},
    problem_type{lease_expired, "lease_expired", 409, "Conflict"},
    problem_type{already_acknowledged, "already_acknowledged", 409, "Conflict"},
    problem_type{acknowledged_not_transferable, "acknowledged_not_transferable", 409, "Conflict"},
    problem_type{not_acknowledged, "not_acknowledged", 409, "Conflict"},
    problem_type{same_queue, "same_queue", 422, "Unprocessable Content"},
    problem_type{unknown_queue, "unknown_queue", 422, "Unprocessable Content"},
    problem_type{queue_not_for_this_notice, "queue_not_for_this_notice", 422, "Unprocessable Content"},
    problem_type{outside_audit_scope, "outside_audit_scope", 403, "Forbidden"},
    problem_type{no_checkpoint_yet, "no_checkpoint_yet", 503, "No checkpoint yet"},
};

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (static_cast<std::size_t>(table[i].code) != i) return false;
    }
    return static_cast<std::size_t>(no_checkpoint_yet) + 1 == table.size();
}
static_assert(in_enum_order(), "the problem table lists every problem_code once, in the enum's order");

using text_map = std::map<std::string, localized, std::less<>>;

struct compiled {
    text_map problems, request_errors, query_errors, errors;
};

text_map section(const nlohmann::json& doc, const char* name) {
    text_map out;
    if (!doc.contains(name) || !doc.at(name).is_object()) return out;
    for (const auto& [code, t] : doc.at(name).items()) {
        if (!t.is_object()) continue;  // "$comment"
        out[code] = {t.value("fi", ""), t.value("sv", ""), t.value("en", "")};
    }
    return out;
}

// Parsed once, on first use (thread-safe: a function-local static).
const compiled& texts() {
    static const compiled c = [] {
        const auto doc = nlohmann::json::parse(detail::compiled_texts(), nullptr, false);
        compiled out;
        if (doc.is_discarded()) return out;  // cannot happen for a built tree: the unit test parses it
        out.problems = section(doc, "problems");
        out.request_errors = section(doc, "request_errors");
        out.query_errors = section(doc, "query_errors");
        out.errors = section(doc, "errors");
        return out;
    }();
    return c;
}

bool complete(const localized& t) { return !t.fi.empty() && !t.sv.empty() && !t.en.empty(); }

const localized* lookup(const text_map& m, std::string_view code) {
    auto it = m.find(code);
    return it == m.end() || !complete(it->second) ? nullptr : &it->second;
}

const localized& generic() {
    static const localized g{"Pyyntöä ei voitu käsitellä.", "Begäran kunde inte behandlas.",
                             "The request could not be handled."};
    return g;
}

localized filled(const localized& t, std::initializer_list<placeholder> values) {
    return {fill(t.fi, values), fill(t.sv, values), fill(t.en, values)};
}

}  // namespace

const problem_type& type_of(problem_code code) { return table[static_cast<std::size_t>(code)]; }

std::optional<problem_code> find_problem(std::string_view name) {
    for (const auto& t : table) {
        if (t.name == name) return t.code;
    }
    return std::nullopt;
}

std::span<const problem_type> all_problem_types() { return table; }

std::string fill(std::string text, std::initializer_list<placeholder> values) {
    for (const auto& [name, value] : values) {
        const std::string key = "{" + std::string(name) + "}";
        for (auto at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size())) {
            text.replace(at, key.size(), value);
        }
    }
    return text;
}

// A problem's message is in "problems"; the two routing refusals share theirs with the field
// error the form shows, in "errors".
localized problem_message(problem_code code, std::initializer_list<placeholder> values) {
    const std::string_view name = type_of(code).name;
    const localized* t = lookup(texts().problems, name);
    if (!t) t = lookup(texts().errors, name);
    return filled(t ? *t : generic(), values);
}

localized request_error_message(std::string_view code) {
    const localized* t = lookup(texts().request_errors, code);
    if (!t) t = lookup(texts().request_errors, "not_allowed");
    return t ? *t : generic();
}

localized field_error_message(std::string_view code) {
    const localized* t = lookup(texts().errors, code);
    if (!t) t = lookup(texts().errors, "invalid");
    return t ? *t : generic();
}

localized query_error_message(std::string_view code, bool whole, std::initializer_list<placeholder> values) {
    const std::string exact = std::string(code) + (whole ? ".whole" : "");
    const std::string other = std::string(code) + (whole ? "" : ".whole");
    const localized* t = lookup(texts().query_errors, exact);
    if (!t) t = lookup(texts().query_errors, other);
    if (!t) t = lookup(texts().query_errors, "invalid_value");
    return filled(t ? *t : generic(), values);
}

std::vector<std::string> missing_texts() {
    std::vector<std::string> out;
    for (const auto& t : table) {
        if (t.message_composed) continue;
        if (!lookup(texts().problems, t.name) && !lookup(texts().errors, t.name)) out.emplace_back(t.name);
    }
    return out;
}

nlohmann::json errors_json(const std::vector<error_entry>& entries) {
    auto out = nlohmann::json::array();
    for (const auto& e : entries) {
        const char* key = e.by == error_entry::located_by::pointer ? "pointer" : "parameter";
        out.push_back({{key, e.where ? nlohmann::json(*e.where) : nlohmann::json(nullptr)},
                       {"code", e.code},
                       {"message", {{"fi", e.message.fi}, {"sv", e.message.sv}, {"en", e.message.en}}}});
    }
    return out;
}

response problem(problem_code code, std::initializer_list<placeholder> values, nlohmann::json extra) {
    return problem(code, problem_message(code, values), std::move(extra));
}

response problem(problem_code code, const localized& message, nlohmann::json extra) {
    const problem_type& t = type_of(code);
    nlohmann::json body = {
        {"type", "urn:huoli:problem:" + std::string(t.name)},
        {"title", t.title},
        {"status", t.status},
        {"code", t.name},
        {"message", {{"fi", message.fi}, {"sv", message.sv}, {"en", message.en}}},
    };
    for (auto& [k, v] : extra.items()) body[k] = v;
    response r;
    r.status = t.status;
    r.headers.set("Content-Type", "application/problem+json");
    r.body = body.dump();
    r.problem_code = std::string(t.name);
    return r;
}

}  // namespace huoli::http
