// The auditor API on the internal listener (role `auditor` only; everyone else gets 403).
//
//   GET /api/v1/audit/events       filters: from, to (UTC, `at >= from`, `at < to`), actor,
//                                  organisation, action, notice (the event's object), subject
//                                  (a data subject's identity code); cursor, limit.
//                                  JSON {"events": [...], "next_cursor": "N"|null} (limit ≤ 1000,
//                                  default 100), or with `Accept: application/x-ndjson` one event
//                                  per line (limit ≤ 10000, default 10000). Either way the header
//                                  `Huoli-Next-Cursor` names the next page's cursor when there is one.
//   GET /api/v1/audit/checkpoint   the newest signed checkpoint, text/plain (a C2SP signed note)
//   GET /api/v1/audit/proof/inclusion?index=&size=      {"index","size","root","proof":[…]}
//   GET /api/v1/audit/proof/consistency?from=&to=       {"from","to","root","proof":[…]}
//                                  hashes are standard base64, as in checkpoints; `root` is the
//                                  server's claim, an auditor trusts only a signed checkpoint's.
//
// Each events query is recorded as an `audit.query` event (filter, result count, the data
// subject searched for) and answered only once that event is committed; if it cannot be
// written, the answer is 503 and nothing is disclosed. Checkpoint and proof requests reveal
// only hashes and are not recorded (else every poll would grow the log it polls).
#pragma once

#include "audit/log_service.hpp"
#include "http/router.hpp"
#include "store/store.hpp"

namespace huoli::api {

struct audit_deps {
    store::store* storage;
    audit::log_service* log;
};

void add_audit_routes(http::router& r, audit_deps deps);

}  // namespace huoli::api
