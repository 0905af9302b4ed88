#include "api/audit_routes.hpp"

#include <charconv>

#include <SQLiteCpp/Transaction.h>
#include <nlohmann/json.hpp>

#include "audit/base64.hpp"
#include "audit/event_query.hpp"
#include "audit/tree_store.hpp"
#include "core/utc_timestamp.hpp"
#include "http/problem.hpp"
#include "http/query.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;
using http::query_problem;

constexpr std::size_t json_page_max = 1000;
constexpr std::size_t ndjson_page_max = 10000;

http::response invalid_query(const char* parameter, query_problem p = query_problem::invalid_value) {
    return http::invalid_query({p, parameter});
}

http::response unavailable() { return http::service_unavailable(5); }

std::optional<std::uint64_t> parse_count(std::string_view text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::uint64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

bool plausible_time(std::string_view t) {
    return !t.empty() && t.size() <= 24 && t.find_first_not_of("0123456789-:.TZ") == std::string::npos;
}

json base64_hashes(const std::vector<audit::hash>& hs) {
    json out = json::array();
    for (const auto& h : hs) out.push_back(audit::base64_encode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size())));
    return out;
}

std::string b64(const audit::hash& h) {
    return audit::base64_encode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

void events(const audit_deps& deps, const http::request& req, http::responder respond) {
    auto q = http::parse_query(req.query,
                               {"from", "to", "actor", "organisation", "action", "notice", "subject", "cursor", "limit"});
    if (!q) return respond(http::invalid_query(q.error()));
    const http::query_params& p = q.value();
    const bool ndjson = req.headers.get("Accept").value_or("").find("application/x-ndjson") != std::string_view::npos;
    const std::size_t max = ndjson ? ndjson_page_max : json_page_max;

    audit::event_filter f;
    const std::pair<const char*, std::optional<std::string>*> texts[] = {
        {"from", &f.from}, {"to", &f.to}, {"actor", &f.actor}, {"organisation", &f.organisation},
        {"action", &f.action}, {"notice", &f.object}, {"subject", &f.subject}};
    for (const auto& [name, slot] : texts) {
        auto value = p.get(name);
        if (!value) continue;
        if (value->empty() || value->size() > 200) return respond(invalid_query(name));
        *slot = std::string(*value);
    }
    if (f.from && !plausible_time(*f.from)) return respond(invalid_query("from"));
    if (f.to && !plausible_time(*f.to)) return respond(invalid_query("to"));
    if (auto cursor = p.get("cursor")) {
        auto c = parse_count(*cursor);
        if (!c) return respond(invalid_query("cursor"));
        f.after = static_cast<std::int64_t>(*c);
    }
    // Act 703/2023 and GDPR Art. 5(1)(c): an organisation's auditor checks its own processing;
    // only a principal configured with audit_scope "all" sees every organisation's events.
    const auth::principal& caller = *req.principal;
    if (!caller.audits_all_organisations) {
        if (f.organisation && *f.organisation != caller.organisation) {
            return respond(http::problem(http::problem_code::outside_audit_scope));
        }
        f.scope_organisation = caller.organisation;
    }
    f.limit = max;
    if (!ndjson) f.limit = 100;
    if (auto limit = p.get("limit")) {
        auto l = parse_count(*limit);
        if (!l) return respond(invalid_query("limit"));
        if (*l == 0 || *l > max) return respond(invalid_query("limit", query_problem::out_of_range));
        f.limit = *l;
    }

    auto reader = deps.storage->reader();
    if (!reader) return respond(unavailable());
    auto page = audit::query_events(reader.value().connection(), f);
    if (!page) return respond(unavailable());

    http::response res;
    res.status = 200;
    const auto next = page.value().more ? std::optional<std::string>(std::to_string(page.value().rows.back().seq))
                                        : std::nullopt;
    if (next) res.headers.set("Huoli-Next-Cursor", *next);
    if (ndjson) {
        res.headers.set("Content-Type", "application/x-ndjson");
        for (const auto& row : page.value().rows) res.body += audit::to_json(row).dump() + "\n";
    } else {
        res.headers.set("Content-Type", "application/json");
        json list = json::array();
        for (const auto& row : page.value().rows) list.push_back(audit::to_json(row));
        res.body = json{{"events", list}, {"next_cursor", next ? json(*next) : json(nullptr)}}.dump();
    }

    const auth::principal& who = *req.principal;
    audit::event e;
    e.at = huoli::utc_timestamp_now();
    e.actor = who.id;
    e.organisation = who.organisation;
    e.fingerprint = who.fingerprint;
    e.action = "audit.query";
    e.object = f.object.value_or("-");
    e.outcome = "ok";
    if (f.subject) e.data_subjects = json::array({*f.subject});
    e.details = {{"filter", f.describe()}, {"format", ndjson ? "ndjson" : "json"}, {"returned", page.value().rows.size()}};
    // Nothing is disclosed unless the query is on record first.
    deps.log->record(std::move(e), [respond, res = std::move(res)](result<std::int64_t> logged) mutable {
        respond(logged ? std::move(res) : unavailable());
    });
}

void checkpoint(const audit_deps& deps, http::responder respond) {
    auto reader = deps.storage->reader();
    if (!reader) return respond(unavailable());
    audit::tree_store trees(reader.value().connection());
    auto latest = trees.latest_checkpoint();
    if (!latest) return respond(unavailable());
    if (!latest.value()) {
        return respond(http::problem(http::problem_code::no_checkpoint_yet));
    }
    http::response res;
    res.headers.set("Content-Type", "text/plain; charset=utf-8");
    res.body = latest.value()->note;
    respond(std::move(res));
}

// Both proofs: the sizes must lie within the persisted tree; read in one snapshot.
void proof(const audit_deps& deps, const http::request& req, bool inclusion, http::responder respond) {
    const char* a = inclusion ? "index" : "from";
    const char* b = inclusion ? "size" : "to";
    auto q = http::parse_query(req.query, {a, b});
    if (!q) return respond(http::invalid_query(q.error()));
    auto first = parse_count(q.value().get(a).value_or(""));
    auto second = parse_count(q.value().get(b).value_or(""));
    if (!first) return respond(invalid_query(a));
    if (!second) return respond(invalid_query(b));
    // An inclusion proof is of a leaf below the size; a consistency proof from a size up to another.
    if (inclusion ? *first >= *second : *first > *second) return respond(invalid_query(a, query_problem::out_of_range));

    auto reader = deps.storage->reader();
    if (!reader) return respond(unavailable());
    auto& db = reader.value().connection();
    try {
        SQLite::Transaction snapshot(db);
        audit::tree_store trees(db);
        auto tree = trees.load();
        if (!tree) return respond(unavailable());
        if (*second > tree.value().size()) return respond(invalid_query(b, query_problem::out_of_range));
        auto hashes = inclusion ? trees.inclusion_proof(*first, *second) : trees.consistency_proof(*first, *second);
        auto root = trees.range_hash(0, *second);
        if (!hashes || !root) return respond(unavailable());
        respond(http::json_response(200, {{a, *first}, {b, *second}, {"root", b64(root.value())},
                                          {"proof", base64_hashes(hashes.value())}}));
    } catch (const SQLite::Exception&) {
        respond(unavailable());
    }
}

http::route auditor_route(const char* path, http::handler h) {
    http::route r{"GET", path, http::listener_kind::internal, std::move(h)};
    r.roles = {auth::role::auditor};
    return r;
}

}  // namespace

void add_audit_routes(http::router& r, audit_deps deps) {
    r.add(auditor_route("/api/v1/audit/events", [deps](const http::request& req, const http::route_params&,
                                                       http::responder respond) { events(deps, req, std::move(respond)); }));
    r.add(auditor_route("/api/v1/audit/checkpoint", [deps](const http::request&, const http::route_params&,
                                                           http::responder respond) { checkpoint(deps, std::move(respond)); }));
    r.add(auditor_route("/api/v1/audit/proof/inclusion",
                        [deps](const http::request& req, const http::route_params&, http::responder respond) {
                            proof(deps, req, true, std::move(respond));
                        }));
    r.add(auditor_route("/api/v1/audit/proof/consistency",
                        [deps](const http::request& req, const http::route_params&, http::responder respond) {
                            proof(deps, req, false, std::move(respond));
                        }));
}

}  // namespace huoli::api
