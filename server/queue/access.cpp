#include "queue/access.hpp"

namespace huoli::queue {

bool may_use_queue(const auth::principal& p, const std::string& queue_id) {
    return p.has_role(auth::role::intake) && p.may_use_queue(queue_id);
}

bool may_touch_item(const auth::principal& p, const std::string& organisation_id, const std::string& queue_id) {
    return !p.organisation.empty() && p.organisation == organisation_id && may_use_queue(p, queue_id);
}

}  // namespace huoli::queue
