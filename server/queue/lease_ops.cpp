#include "queue/lease_ops.hpp"

#include <vector>

#include <SQLiteCpp/Statement.h>

#include "core/utc_timestamp.hpp"
#include "queue/access.hpp"
#include "queue/audit_rows.hpp"
#include "queue/item_rows.hpp"
#include "queue/lease_token.hpp"
#include "store/new_notice.hpp"

namespace huoli::queue {

int expire_leases(SQLite::Database& db, const std::string& now, int max_attempts) {
    // SET expressions see the row before the update, so attempts + 1 is the new count throughout.
    SQLite::Statement sweep(db,
                            "UPDATE queue_items SET state = 'available', lease_expires_at = NULL, "
                            "attempts = attempts + 1, flagged = CASE WHEN attempts + 1 >= ? THEN 1 ELSE flagged END "
                            "WHERE state = 'leased' AND lease_expires_at <= ?");
    sweep.bind(1, max_attempts);
    sweep.bind(2, now);
    return sweep.exec();
}

result<lease_result> lease(SQLite::Database& db, const operation_context& ctx, const lease_request& r) {
    if (!may_use_queue(ctx.who, r.queue_id)) return error{not_found, "no such queue for this principal"};
    expire_leases(db, ctx.now_text, ctx.rules.max_attempts);

    std::vector<std::string> ids;
    {
        SQLite::Statement pick(db,
                               "SELECT notice_id FROM queue_items WHERE queue_id = ? AND state = 'available' "
                               "ORDER BY urgent DESC, available_since, rowid LIMIT ?");
        pick.bind(1, r.queue_id);
        pick.bind(2, r.max);
        while (pick.executeStep()) ids.push_back(pick.getColumn(0).getString());
    }
    const std::string expires_at = huoli::utc_timestamp(ctx.now + std::chrono::seconds(r.lease_seconds));
    SQLite::Statement take(db,
                           "UPDATE queue_items SET state = 'leased', lease_token = ?, lease_expires_at = ?, "
                           "fetched_at = coalesce(fetched_at, ?) WHERE notice_id = ? AND state = 'available'");
    lease_result leased;
    for (const auto& id : ids) {
        auto token = new_lease_token();
        if (!token) return token.error();
        take.reset();
        take.bind(1, token.value());
        take.bind(2, expires_at);
        take.bind(3, ctx.now_text);
        take.bind(4, id);
        if (take.exec() != 1) continue;
        auto full = full_item(db, id, ctx.rules);
        // Cannot happen (the row was just updated in this transaction); if it did, the whole lease
        // rolls back rather than leave a notice leased under a token nobody was given.
        if (!full) return error{store::internal_error, "a leased notice could not be read"};
        const nlohmann::json details{{"lease_expires_at", expires_at}, {"attempts", full->attempts}};
        write_audit(db, ctx, {"lease", id, r.queue_id, "leased", details});
        leased.items.push_back({std::move(*full), {std::move(token).value(), expires_at}});
    }
    return leased;
}

}  // namespace huoli::queue
