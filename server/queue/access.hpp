// Who may touch which queue and item: the isolation rule between organisations.
//
// A caller that fails these checks is answered 404, never 403, so that it cannot even learn
// whether a queue or notice id exists in another organisation.
#pragma once

#include <string>

#include "auth/principal.hpp"

namespace huoli::queue {

// An intake principal using one of its configured queues (which application start-up has
// checked belong to its own organisation). Auditors and admins use no queue.
bool may_use_queue(const auth::principal& p, const std::string& queue_id);

// The item currently sits in `queue_id`, owned by `organisation_id`: both must be the caller's.
bool may_touch_item(const auth::principal& p, const std::string& organisation_id, const std::string& queue_id);

}  // namespace huoli::queue
