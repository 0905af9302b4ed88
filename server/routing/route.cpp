#include "routing/route.hpp"

#include <array>

#include "routing/working_days.hpp"

namespace huoli::routing {
namespace {

routing_error refusal(std::string_view code, std::string detail) { return {std::string(code), std::move(detail), {}, {}}; }

struct field {
    const char* name;
    const std::optional<std::string>* value;
    const municipality* resolved = nullptr;

    bool given() const { return value->has_value() && !(*value)->empty(); }
};

}  // namespace

result<routing_decision, routing_error> route(const routing_inputs& in, const municipality_table& table, const queue_config& queues) {
    const auto subject = subject_of(in.form, in.subject_is_child);
    if (!subject) return refusal(routing_errors::form_unknown, "form is not one of the three notices");

    std::array<field, 4> fields{{
        {"residence_municipality", &in.residence_municipality},
        {"home_municipality", &in.home_municipality},
        {"whereabouts_municipality", &in.whereabouts_municipality},
        {"notifier_workplace_municipality", &in.notifier_workplace_municipality},
    }};
    for (field& f : fields) {
        if (!f.given()) continue;
        f.resolved = table.find(**f.value);
        if (!f.resolved) return refusal(routing_errors::municipality_unknown, std::string(f.name) + " is not a municipality code");
    }
    const field& residence = fields[0];
    const field& home = fields[1];
    const field& whereabouts = fields[2];
    const field& workplace = fields[3];

    // Compared after abolished codes are replaced: 588 and 507 are the same municipality today.
    const field* chosen = nullptr;
    std::string rule;
    nlohmann::json used = nlohmann::json::array();
    if (residence.resolved && (!home.resolved || residence.resolved != home.resolved)) {
        chosen = &residence;
        rule = "residence";
        used.push_back(residence.name);
        if (home.resolved) used.push_back(home.name);
    } else if (home.resolved) {
        chosen = &home;
        rule = "home";
        if (residence.resolved) used.push_back(residence.name);
        used.push_back(home.name);
    } else if (whereabouts.resolved) {
        chosen = &whereabouts;
        rule = "whereabouts";
        used.push_back(whereabouts.name);
    } else if (workplace.resolved) {
        chosen = &workplace;
        rule = "notifier_workplace";
        used.push_back(workplace.name);
    }

    // LSL 17 §: when no municipality is responsible under 16 § (nothing is known of the child's
    // home, residence or stay, nor of the notifier's workplace, taken here for the child's last
    // municipality of stay) and the parents' is unknown too (the forms ask for no guardian
    // municipality), the City of Helsinki arranges child welfare. Notices about an unborn child
    // or an adult take the same last resort: the law names no other (a documented choice).
    const municipality* helsinki = chosen ? nullptr : table.find(lsl17_municipality);
    if (!chosen && !helsinki) return refusal(routing_errors::no_municipality, "none of the municipality fields is given");
    if (!chosen) rule = "lsl17_helsinki";
    const municipality& m = chosen ? *chosen->resolved : *helsinki;
    const std::string* queue = queues.queue_for(m.organisation_id, m.code, in.form, *subject);
    if (!queue) {
        if (m.aland && !queues.serves(m.organisation_id)) {
            return routing_error{std::string(routing_errors::aland_outside_counties),
                                 "the deciding municipality is in Åland, which is outside the wellbeing services "
                                 "counties; notices go to Kommunernas socialtjänst (kst.ax)",
                                 rule, m.organisation_id};
        }
        // Refused here, before the caller stores anything: this instance has no queue for it.
        if (!queues.serves(m.organisation_id)) {
            return routing_error{std::string(routing_errors::organisation_not_served),
                                 "organisation " + m.organisation_id + " is not served by this instance", rule,
                                 m.organisation_id};
        }
        return refusal(routing_errors::no_queue, "no queue configured for organisation " + m.organisation_id);
    }

    routing_decision d;
    d.rule = rule;
    d.municipality_code = m.code;
    d.organisation_id = m.organisation_id;
    d.queue_id = *queue;
    d.explanation = {
        {"rule", rule},
        {"inputs_used", std::move(used)},
        {"municipality_code", m.code},
        {"organisation_id", m.organisation_id},
        {"queue_id", *queue},
        {"table_hash", table.content_hash()},
        {"config_hash", queues.config_hash()},
    };
    // Which yearly table decided (the one in force on the day of receipt), so the decision can be
    // replayed against the same data after the next January.
    if (!table.info().name.empty()) {
        d.explanation["table"] = {{"name", table.info().name},
                                  {"year", table.info().year},
                                  {"valid_from", iso_date(table.info().valid_from)},
                                  {"sha256", table.content_hash()}};
    }
    if (chosen && **chosen->value != m.code) {
        d.explanation["mapped_from"] = **chosen->value;
        if (const merger* first = table.merger_of(**chosen->value)) {
            d.explanation["merger"] = {{"abolished_code", first->abolished_code},
                                       {"successor_code", first->successor_code},
                                       {"effective_from", iso_date(first->effective_from)}};
        }
    }
    return d;
}

}  // namespace huoli::routing
