// Decides which organisation and intake queue receive a notice. A pure function of its inputs,
// the municipality table and the queue configuration: no I/O, no clock, thread-safe. The caller
// passes the table in force on the day of receipt (reference_data::in_force_on).
//
// The deciding municipality (LSL 16 §): the child's municipality of residence (asuinkunta) when
// given and different from the home municipality (kotikunta) — the child mainly lives outside
// the home municipality — otherwise the home municipality. If neither is known, the municipality
// where the subject is now (LSL 16 § 2 mom: the municipality of temporary stay acts when the
// responsible one is unknown). If that is unknown too, the notifier's workplace municipality,
// taken for the child's last municipality of stay (LSL 17 §'s first step; an interpretation,
// not the statute's words). With none of them, LSL 17 § ends at the City of Helsinki (rule
// "lsl17_helsinki", inputs_used empty): a notifier who knows no municipality cannot fix a
// refusal, and the notice must reach someone who can act. Notices about an unborn child (the
// expectant parent's municipalities) or an adult (SHL 35 §) follow the same chain; the law
// names no other rule for them.
//
// The organisation is the wellbeing services county of that municipality, or the City of
// Helsinki for 091. Åland (ÅFS 2008:97, its own intake at Kommunernas socialtjänst) is refused
// with `aland_outside_counties` unless the queue configuration enables it. An organisation the
// operator does not serve (queue_config "served") is refused with `organisation_not_served`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "routing/municipality_table.hpp"
#include "routing/queue_config.hpp"

namespace huoli::routing {

// The municipality of the City of Helsinki, LSL 17 §'s last resort.
inline constexpr std::string_view lsl17_municipality = "091";

struct routing_inputs {
    std::string form;  // "child-welfare-notification" | "anticipatory-notification" | "contact-request"
    bool subject_is_child = true;  // read for contact requests only; see subject_of()
    // 3-digit municipality codes; an empty string counts as not given.
    std::optional<std::string> residence_municipality;
    std::optional<std::string> home_municipality;
    std::optional<std::string> whereabouts_municipality;
    std::optional<std::string> notifier_workplace_municipality;
};

struct routing_decision {
    std::string rule;  // "residence" | "home" | "whereabouts" | "notifier_workplace" | "lsl17_helsinki"
    std::string municipality_code;  // current code (an abolished code is replaced by its successor)
    std::string organisation_id;
    std::string queue_id;
    // {"rule", "inputs_used": [field names consulted], "municipality_code", "mapped_from" and
    //  "merger": {abolished_code, successor_code, effective_from} (only when an abolished code was
    //  replaced), "organisation_id", "queue_id", "table_hash", "table": {name, year, valid_from,
    //  sha256} (a table of reference_data), "config_hash"}. Field names, not the values the notifier gave: the values are in the notice.
    nlohmann::json explanation;
};

// The codes of route()'s refusals, named so that a caller's typo does not compile.
namespace routing_errors {
// `form` is none of the three notices.
inline constexpr std::string_view form_unknown = "form_unknown";
// A given code is not in the table, current or abolished; every given field is checked, used or
// not, so a stale picker is noticed at once.
inline constexpr std::string_view municipality_unknown = "municipality_unknown";
// No field given and the table has no City of Helsinki (never with the official table).
inline constexpr std::string_view no_municipality = "no_municipality";
// The deciding municipality is in Åland and Åland has no queue.
inline constexpr std::string_view aland_outside_counties = "aland_outside_counties";
// The responsible organisation is not in queue_config's "served".
inline constexpr std::string_view organisation_not_served = "organisation_not_served";
// A served organisation without a queue for this notice: impossible with a configuration parsed
// against this table; a value, not a crash.
inline constexpr std::string_view no_queue = "no_queue";
}  // namespace routing_errors

// A refusal. `detail` names the input field, never its value. For aland_outside_counties and
// organisation_not_served, `rule` and `organisation_id` say which rule decided and who would be
// responsible, so the caller can point at the deciding field and name the organisation.
struct routing_error {
    std::string code;  // one of routing_errors
    std::string detail;
    std::string rule;             // as routing_decision::rule; empty for the other codes
    std::string organisation_id;  // empty for the other codes
};

[[nodiscard]] result<routing_decision, routing_error> route(const routing_inputs& inputs,
                                                            const municipality_table& table,
                                                            const queue_config& queues);

}  // namespace huoli::routing
