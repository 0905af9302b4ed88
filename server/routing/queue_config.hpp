// Which intake queue of an organisation receives a notice: configuration, not code, because
// each county organises its intake differently (one team, a team per area, separate adult
// services) and changes it without a release.
//
// Format: one JSON object; every key optional, unknown keys rejected (a typo must not silently
// leave the default in force):
//   {
//     "organisations": {
//       "lapland": {                              // an organisation id of the municipality table
//         "queues": [                             // ordered; the first matching rule wins
//           {"id": "lapland-north-children",      // required, [a-z0-9-], at most 64 characters
//            "municipalities": ["698", "732"],    // optional: current codes of this organisation
//            "forms": ["contact-request"],        // optional: see notice_kind.hpp
//            "subject": "child"},                 // optional: "child" (incl. unborn) or "adult"
//           {"id": "lapland-children", "subject": "child"},
//           {"id": "lapland-adults", "subject": "adult"}
//         ]
//       }
//     },
//     "aland": {"enabled": false},                // default false: Åland is refused (see route.hpp)
//     "served": ["kainuu", "north-ostrobothnia"], // optional, default every organisation (a national hub)
//     "elsewhere": {                              // optional, only for organisations not served
//       "lapland": {"text": {"fi": "...", "sv": "...", "en": "..."},  // text and/or url
//                   "url": "https://..."}
//     }
//   }
// An organisation without an entry gets the default rules [{"id": "<org>-children", "subject":
// "child"}, {"id": "<org>-adults", "subject": "adult"}]; an empty or null document means all
// defaults. Every municipality of a configured organisation must find a queue for every
// possible_notice_kinds entry, and a queue id belongs to one organisation only; so, once
// parsed, routing can never fail for want of a queue of a served organisation.
//
// "served" is for an operator serving only some organisations (one county running its own
// instance): an organisation not listed gets no queues at all, so nothing can be routed or
// transferred to it, and route() refuses its notices (`organisation_not_served`) before anything
// is stored. "elsewhere" says where such an organisation's notices go instead, for the refusal.
// Åland stays governed by "aland" (it is served only when enabled and, with a "served" list, listed).
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "routing/municipality_table.hpp"
#include "routing/notice_kind.hpp"

namespace huoli::routing {

// Thrown at start-up only; what() names the offending key as a JSON Pointer.
struct queue_config_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where the notices of an organisation this instance does not serve go instead (configured by the
// operator; at least one of the two is set).
struct notices_go_elsewhere {
    std::optional<localized_name> text;  // e.g. "Lapin hyvinvointialueen sähköinen lastensuojeluilmoitus"
    std::string url;                     // https://…, empty if not configured
};

class queue_config {
public:
    // Checked against every table the configuration may meet while the server runs
    // (reference_data::in_force_from(today)): a rule's municipality must be a current code of its
    // organisation in at least one of them and of no other organisation in any, and every
    // municipality of every one of them must find a queue. So a January that brings a merger or a
    // new code cannot leave a notice without a queue, and the operator learns at start-up.
    static queue_config parse(const nlohmann::json& doc, const std::vector<const municipality_table*>& tables);
    // The same with one table.
    static queue_config parse(const nlohmann::json& doc, const municipality_table& table);
    static queue_config load(const std::filesystem::path& file, const municipality_table& table);

    bool aland_enabled() const { return aland_enabled_; }

    // Whether notices of this organisation are routed here (it has queues). False for an id not
    // in the table.
    bool serves(std::string_view organisation_id) const { return rules_.find(organisation_id) != rules_.end(); }

    // The operator's pointer for an organisation not served; nullptr if none was configured.
    const notices_go_elsewhere* elsewhere(std::string_view organisation_id) const;

    // The queue for a notice decided by `municipality_code` (a current code of the table) and
    // handled by `organisation_id`; nullptr if the organisation has no queues (Åland disabled,
    // or an id not in the table).
    const std::string* queue_for(std::string_view organisation_id, std::string_view municipality_code,
                                 std::string_view form, subject_kind subject) const;

    // Whether `queue_id` takes this kind of notice in some municipality: the queue a notice may be
    // transferred to (a notice about a child goes to a queue for children, LSL 25 d §).
    bool queue_takes(std::string_view queue_id, std::string_view form, subject_kind subject) const;

    // Sorted, without duplicates.
    std::vector<std::string> all_queue_ids() const;
    std::optional<std::string> organisation_of_queue(std::string_view queue_id) const;

    // The effective configuration with defaults filled in and sets sorted, and the lower-case
    // hex SHA-256 of its compact dump: equal routing behaviour gives an equal hash.
    const nlohmann::json& canonical() const { return canonical_; }
    const std::string& config_hash() const { return config_hash_; }

private:
    struct rule {
        std::string id;
        std::vector<std::string> municipalities;  // empty: any
        std::vector<std::string> forms;           // empty: any
        std::optional<subject_kind> subject;      // nullopt: any
        bool matches(std::string_view municipality, std::string_view form, subject_kind s) const;
    };

    std::map<std::string, std::vector<rule>, std::less<>> rules_;  // by organisation id
    std::map<std::string, std::string, std::less<>> owner_;         // queue id → organisation id
    std::map<std::string, notices_go_elsewhere, std::less<>> elsewhere_;  // by organisation id
    bool aland_enabled_ = false;
    nlohmann::json canonical_;
    std::string config_hash_;
};

}  // namespace huoli::routing
