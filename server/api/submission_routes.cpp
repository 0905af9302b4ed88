#include "api/submission_routes.hpp"

#include <nlohmann/json.hpp>

#include "api/problems.hpp"
#include "api/submission_prep.hpp"
#include "api/thread_reader.hpp"
#include "core/log_sink.hpp"
#include "http/problem.hpp"
#include "json/digest.hpp"
#include "routing/helsinki_time.hpp"
#include "routing/route.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

json names_json(const routing::localized_name& n) { return {{"fi", n.fi}, {"sv", n.sv}, {"en", n.en}}; }

http::response validation_problem(const std::vector<forms::field_error>& errors) {
    return http::problem(http::problem_code::validation_failed, {}, {{"errors", http::errors_json(entries_of(errors))}});
}

// The refusal of a notice whose responsible organisation this instance does not serve: names
// that organisation and, where the operator configured it, where its notices go instead.
forms::localized_text not_served_message(const forms::translations& messages, const routing::localized_name& org,
                                         const routing::notices_go_elsewhere* elsewhere) {
    const forms::localized_text& m = messages.message("organisation_not_served");
    const forms::localized_text& then = messages.message("organisation_not_served_elsewhere");
    forms::localized_text out{http::fill(m.fi, {{"organisation", org.fi}}), http::fill(m.sv, {{"organisation", org.sv}}),
                              http::fill(m.en, {{"organisation", org.en}})};
    if (!elsewhere) return out;
    // "<the operator's text> <url>", either part alone when only it is configured.
    const auto where = [&](const std::string routing::localized_name::*language) {
        std::string w = elsewhere->text ? (*elsewhere->text).*language : std::string();
        if (!elsewhere->url.empty()) w += (w.empty() ? "" : " ") + elsewhere->url;
        return w;
    };
    out.fi += " " + http::fill(then.fi, {{"where", where(&routing::localized_name::fi)}});
    out.sv += " " + http::fill(then.sv, {{"where", where(&routing::localized_name::sv)}});
    out.en += " " + http::fill(then.en, {{"where", where(&routing::localized_name::en)}});
    return out;
}

// A refusal by the router (Åland, or an organisation not served here), pointed at the field whose
// municipality decided it, in the same shape as a validation error so the form shows it next to
// that field. With no municipality given (LSL 17 §, the City of Helsinki not served) the pointer is
// the subject's home municipality: the field that, filled in, would route the notice elsewhere.
http::response routing_problem(const submission_deps& deps, const routing::municipality_table& table,
                               const std::string& pointer, const routing::routing_error& refusal) {
    const forms::translations& messages = deps.schemas->messages();
    const bool aland = refusal.code == routing::routing_errors::aland_outside_counties;
    const routing::organisation* org = table.find_organisation(refusal.organisation_id);
    json extra = json::object();
    forms::localized_text message, field_message;
    if (aland) {
        message = messages.message("aland_outside_counties");
        field_message = message;  // one wording of Åland's guidance, at the field and in the problem
    } else {
        const routing::notices_go_elsewhere* elsewhere = deps.queues->elsewhere(refusal.organisation_id);
        message = field_message = not_served_message(messages, org ? org->name : routing::localized_name{}, elsewhere);
        if (elsewhere) {
            extra["notices_go"] = json::object();
            if (elsewhere->text) extra["notices_go"]["text"] = names_json(*elsewhere->text);
            if (!elsewhere->url.empty()) extra["notices_go"]["url"] = elsewhere->url;
        }
    }
    extra["organisation"] = {{"id", refusal.organisation_id}, {"name", org ? names_json(org->name) : json::object()}};
    const http::error_entry entry{http::error_entry::located_by::pointer, pointer, refusal.code,
                                  {field_message.fi, field_message.sv, field_message.en}};
    extra["errors"] = http::errors_json({entry});
    return http::problem(aland ? http::problem_code::aland_outside_counties : http::problem_code::organisation_not_served,
                         {message.fi, message.sv, message.en}, std::move(extra));
}

// Validation has already checked every municipality code; any other refusal by the router is a
// server fault.
http::response routing_failed() { return http::problem(http::problem_code::routing_failed); }

// No Location: the notice is not a resource of the public listener (no one may read it back
// there), and RFC 9110 15.3.2 lets a 201 omit it. The body names the notice and its receipt.
http::response created(const std::string& body, bool replayed) {
    http::response res;
    res.status = 201;
    res.headers.set("Content-Type", "application/json");
    if (replayed) res.headers.set("Idempotent-Replayed", "true");
    res.body = body;
    return res;
}

// A body that is not JSON text at all (RFC 8259: not JSON, trailing bytes, NaN, not UTF-8) is
// a malformed request, 400 as on the internal listener; a well-formed document that breaks the
// schema or a parse limit stays 422, pointed at its field.
bool not_json(const std::vector<forms::field_error>& errors) {
    return errors.size() == 1 && (errors[0].code == "invalid_json" || errors[0].code == "invalid_utf8");
}

http::response malformed_json_problem(const std::vector<forms::field_error>& errors) {
    return http::problem(http::problem_code::invalid_json, {}, {{"errors", http::errors_json(entries_of(errors))}});
}

http::response key_reused_problem() { return http::problem(http::problem_code::idempotency_key_reused); }

void submit(const submission_deps& deps, const http::request& req, const http::route_params& params,
            http::responder respond) {
    const std::string& form = params.at("form");
    const forms::form_schema* schema = deps.schemas->find(form);
    if (!schema) return respond(http::not_found());

    std::optional<std::string> idempotency_key;
    if (auto key = req.headers.get("Idempotency-Key")) {
        if (!valid_idempotency_key(*key)) {
            return respond(http::problem(http::problem_code::invalid_idempotency_key));
        }
        // Scoped to the public listener (internal callers can never replay a public response) and
        // to the form: the same key sent to another form is a new notice, not a replay.
        idempotency_key = "public:" + form + ":" + std::string(*key);
    }
    // Hashed once: the fast path below and the store's guard compare the same value.
    const std::optional<std::string> body_sha256 =
        idempotency_key ? std::optional<std::string>(huoli::json::sha256_hex(req.body)) : std::nullopt;

    // The key is looked up twice, on purpose. Here, the fast path: a retry of a notice already
    // stored is answered from a read connection before validating again (the rules may have moved
    // on since, a date rule across midnight, and the first answer stands). In the writer's
    // transaction, the guard (store/notice_rows.cpp write()): two retries in flight at once both
    // miss here, and only the transaction can tell the second it is a replay.
    if (idempotency_key) {
        if (auto reader = thread_reader(*deps.storage)) {
            auto found = reader.value()->find_idempotency_key(*idempotency_key);
            if (found && found.value()) {
                const store::stored_response& stored = *found.value();
                if (stored.body_sha256 != *body_sha256) return respond(key_reused_problem());
                return respond(created(stored.response, true));
            }
        }
    }

    const auto received = deps.now();
    const auto today = routing::helsinki_local_date(received);
    forms::validation_context ctx;
    ctx.today = today;
    // The table in force on the day of receipt decides, in validation and in routing alike.
    const routing::municipality_table* table = deps.routing_data->in_force_on(today);
    if (!table) return respond(routing_failed());  // start-up refuses a day before the first table
    ctx.municipality_exists = [table](std::string_view code) { return table->find(code) != nullptr; };
    auto outcome = deps.validator->validate(form, req.body, ctx);
    if (!outcome.ok()) {
        if (not_json(outcome.error())) return respond(malformed_json_problem(outcome.error()));
        return respond(validation_problem(outcome.error()));
    }
    auto prepared = prepare_submission(
        {form, schema->schema_sha256, outcome.value(), received, *table, *deps.queues});
    if (!prepared) {
        const routing_refusal& refusal = prepared.error();
        if (!refusal.notifier_can_act()) return respond(routing_failed());
        return respond(routing_problem(deps, *table, refusal.pointer, refusal.error));
    }
    store::new_notice n = std::move(prepared.value().notice);
    if (idempotency_key) {
        n.idempotency_key = idempotency_key;
        n.body_sha256 = body_sha256;
    }
    n.make_response = [receipt = std::move(prepared.value().receipt)](const store::stored_identity& id) {
        return created_body(receipt, id);
    };
    std::vector<std::string> queues = std::move(prepared.value().queues);

    deps.storage->submit_async(std::move(n), [respond, on_stored = deps.on_stored,
                                              queues = std::move(queues)](result<store::submit_outcome> r) mutable {
        if (r && !r.value().replayed && on_stored) {
            for (const auto& q : queues) on_stored(q);
        }
        if (r) return respond(created(r.value().response_json, r.value().replayed));
        const std::string& code = r.error().code;
        if (code == store::idempotency_key_reused) return respond(key_reused_problem());
        huoli::write_log_line(json{{"event", "storage_error"}, {"code", code}}.dump());
        respond(http::service_unavailable(5));
    });
}

}  // namespace

bool valid_idempotency_key(std::string_view key) {
    if (key.empty() || key.size() > 128) return false;
    for (unsigned char c : key) {
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

void add_submission_routes(http::router& r, submission_deps deps) {
    http::route post{"POST", "/api/v1/submissions/{form}", http::listener_kind::public_,
                     [deps](const http::request& req, const http::route_params& p, http::responder respond) {
                         if (deps.observe) {
                             respond = [respond, observe = deps.observe, form = p.at("form")](http::response r) {
                                 observe(form, r);
                                 respond(std::move(r));
                             };
                         }
                         submit(deps, req, p, std::move(respond));
                     }};
    post.expects_json = true;
    r.add(std::move(post));
}

}  // namespace huoli::api
