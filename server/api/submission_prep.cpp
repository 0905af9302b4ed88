#include "api/submission_prep.hpp"

#include <algorithm>

#include "api/notice_fields.hpp"
#include "core/utc_timestamp.hpp"
#include "json/canonical.hpp"
#include "json/digest.hpp"
#include "routing/helsinki_time.hpp"
#include "routing/working_days.hpp"

namespace huoli::api {
namespace {

using nlohmann::json;

json recipient_of(const routing::municipality_table& table, const std::string& organisation_id) {
    const routing::organisation* o = table.find_organisation(organisation_id);
    json name = json::object();
    if (o) name = {{"fi", o->name.fi}, {"sv", o->name.sv}, {"en", o->name.en}};
    return {{"id", organisation_id}, {"name", std::move(name)}};
}

store::routing_record record_of(const routing::routing_decision& d, const submission_input& in) {
    store::routing_record r;
    r.rule = d.rule;
    r.municipality_code = d.municipality_code;
    r.explanation = d.explanation;
    r.table_sha256 = in.table.content_hash();
    r.config_sha256 = in.queues.config_hash();
    return r;
}

// One case per other child the concern is about (LSL 26 §), each sent to its own county (LSL 16 §);
// a child without a municipality of its own goes with the notified child, and says so.
result<store::linked_case, routing_refusal> case_of_other_child(const other_child_case& c,
                                                             const routing::routing_decision& first,
                                                             const submission_input& in) {
    store::linked_case l;
    l.child_pointer = c.pointer;
    if (!c.inputs) {
        l.routed_with_main = true;
        l.organisation_id = first.organisation_id;
        l.queue_id = first.queue_id;
        l.routing = record_of(first, in);
        l.routing.explanation["with_main_child"] = true;
        return l;
    }
    auto own = routing::route(*c.inputs, in.table, in.queues);
    if (!own) {
        // The child's own field that decided (its inputs hold only residence and home).
        const bool by_residence = own.error().rule == "residence";
        return routing_refusal{own.error(), c.pointer + (by_residence ? "/residence_municipality" : "/home_municipality")};
    }
    l.organisation_id = own.value().organisation_id;
    l.queue_id = own.value().queue_id;
    l.routing = record_of(own.value(), in);
    return l;
}

}  // namespace

bool routing_refusal::notifier_can_act() const {
    return error.code == routing::routing_errors::aland_outside_counties ||
           error.code == routing::routing_errors::organisation_not_served;
}

result<prepared_submission, routing_refusal> prepare_submission(const submission_input& in) {
    const json& doc = in.validated.document;
    auto decided = routing::route(routing_inputs_of(in.form, doc), in.table, in.queues);
    if (!decided) return routing_refusal{decided.error(), pointer_of_rule(in.form, decided.error().rule)};
    const routing::routing_decision& d = decided.value();

    prepared_submission p;
    store::new_notice& n = p.notice;
    // Decided before anything is stored, so a refusal of any child leaves nothing behind.
    for (const auto& c : other_child_cases_of(in.form, doc)) {
        auto l = case_of_other_child(c, d, in);
        if (!l) return l.error();
        p.receipt.other_children.push_back({{"child", l.value().child_pointer},
                                            {"recipient", recipient_of(in.table, l.value().organisation_id)},
                                            {"routed_with_main_child", l.value().routed_with_main}});
        n.linked_cases.push_back(std::move(l).value());
    }

    const auto today = routing::helsinki_local_date(in.received);
    n.form = in.form;
    n.received_at = huoli::utc_timestamp(in.received);
    n.payload = huoli::json::canonical(doc);
    n.payload_sha256 = huoli::json::sha256_hex(n.payload);
    n.schema_sha256 = in.schema_sha256;
    n.organisation_id = d.organisation_id;
    n.queue_id = d.queue_id;
    n.urgent = is_urgent(doc);
    if (starts_statutory_clock(in.form, doc)) {
        n.decision_due = routing::iso_date(routing::decision_due(today));
        n.assessment_due = routing::iso_date(routing::assessment_due(today));
    }
    n.routing = record_of(d, in);
    n.audit.actor = "public";
    n.audit.action = "submit";
    n.audit.legal_basis = legal_basis_of(in.form, doc);
    n.audit.outcome = "accepted";
    n.audit.data_subjects = data_subjects_of(in.form, doc);
    n.temporary_identity_codes = in.validated.temporary_identity_codes;

    p.receipt.form = in.form;
    p.receipt.received_at = n.received_at;
    p.receipt.recipient = recipient_of(in.table, d.organisation_id);
    p.receipt.decision_due = n.decision_due;
    p.receipt.assessment_due = n.assessment_due;
    p.queues.push_back(d.queue_id);
    for (const auto& l : n.linked_cases) {
        if (std::find(p.queues.begin(), p.queues.end(), l.queue_id) == p.queues.end()) p.queues.push_back(l.queue_id);
    }
    return p;
}

std::string created_body(const receipt_template& r, const store::stored_identity& id) {
    json body = {{"id", id.notice_id},         {"receipt", id.receipt},      {"form", r.form},
                 {"received_at", r.received_at}, {"recipient", r.recipient},
                 {"audit", {{"seq", id.audit_seq}, {"leaf_index", id.audit_seq - 1}}}};
    if (r.decision_due) body["decision_due"] = *r.decision_due;
    if (r.assessment_due) body["assessment_due"] = *r.assessment_due;
    // The other children's cases, one receipt for all: where each went, so the notifier knows.
    if (!r.other_children.empty()) {
        json listed = r.other_children;
        for (std::size_t i = 0; i < listed.size() && i < id.linked_ids.size(); ++i) listed[i]["id"] = id.linked_ids[i];
        body["other_children"] = std::move(listed);
    }
    return body.dump();
}

}  // namespace huoli::api
