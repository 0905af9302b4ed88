// Reading audit events for an auditor: filters, cursor pagination, one JSON shape.
//
// Every filter is optional and they combine with AND. A query by notice id (object) uses the
// audit_events_by_object index, by data subject the audit_subjects table, by actor or
// organisation their indexes, so each stays fast at tens of millions of events. A time range
// alone scans in seq order from the cursor (times are nearly, not strictly, in seq order).
// Results are in seq order; `after` is the cursor: the last seq of the previous page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace huoli::audit {

struct event_filter {
    std::optional<std::string> from;  // at >= from (UTC text, any prefix of the stored shape)
    std::optional<std::string> to;    // at < to
    std::optional<std::string> actor;
    std::optional<std::string> organisation;
    std::optional<std::string> action;
    std::optional<std::string> object;   // notice id (or queue, listener)
    std::optional<std::string> subject;  // a data subject's identity code
    // An auditor's scope: only events of this organisation (see query_events). Not a filter the
    // caller chooses: the API sets it from the principal.
    std::optional<std::string> scope_organisation;
    std::int64_t after = 0;
    std::size_t limit = 100;

    // For the audit.query event: the filter without the data subject (which the event lists
    // among its data subjects instead).
    nlohmann::json describe() const;
};

struct event_row {
    std::int64_t seq = 0;
    std::string at, actor, action, object, legal_basis, outcome;
    std::string data_subjects;  // JSON array text
    std::string event;          // the canonical bytes the leaf hashes
};

// At most f.limit rows; `more` tells whether another page exists.
struct event_page {
    std::vector<event_row> rows;
    bool more = false;
};

// With f.scope_organisation = X, an event is returned only if it is X's: its organisation (the
// receiving organisation of a submission, the acting principal's organisation otherwise) is X,
// or it is the transfer_in that brought a notice to X. Each county sees its own handling of a
// notice, not what another county did before transferring it (that county answers for it).
result<event_page> query_events(SQLite::Database& db, const event_filter& f);

// {"seq", "leaf_index", "at", "actor", "action", "object", "legal_basis", "outcome",
//  "data_subjects": [...], "event": "<canonical bytes as a JSON string>"}
nlohmann::json to_json(const event_row& r);

}  // namespace huoli::audit
