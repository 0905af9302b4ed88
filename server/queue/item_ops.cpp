#include "queue/item_ops.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/utc_timestamp.hpp"
#include "queue/access.hpp"
#include "queue/audit_rows.hpp"
#include "queue/item_rows.hpp"
#include "queue/lease_ops.hpp"

namespace huoli::queue {
namespace {

using nlohmann::json;

// The caller's item after the expiry sweep, or not_found.
result<item_row> owned_item(SQLite::Database& db, const operation_context& ctx, const std::string& id) {
    expire_leases(db, ctx.now_text, ctx.rules.max_attempts);
    auto row = load_item(db, id);
    if (!row || !may_touch_item(ctx.who, row->organisation_id, row->queue_id)) {
        return error{not_found, "no such notice for this principal"};
    }
    return std::move(*row);
}

error refusal(verdict v) {
    switch (v) {
        case verdict::expired: return {lease_expired, "the lease has expired"};
        case verdict::acknowledged: return {already_acknowledged, "the notice was acknowledged under another lease"};
        default: return {lease_not_held, "the lease token is not the notice's current lease"};
    }
}

std::optional<std::string> optional_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

ack_result acknowledgement(SQLite::Database& db, const std::string& id, bool repeated) {
    SQLite::Statement q(db, "SELECT acknowledged_at, case_reference FROM queue_items WHERE notice_id = ?");
    q.bind(1, id);
    q.executeStep();
    return {id, item_state::acknowledged, q.getColumn(0).getString(), optional_text(q.getColumn(1)), repeated};
}

}  // namespace

result<ack_result> acknowledge(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                               const std::string& token, const std::optional<std::string>& case_reference) {
    auto row = owned_item(db, ctx, id);
    if (!row) return row.error();
    const verdict v = check_acknowledge(row.value().state, token, ctx.now_text);
    if (v != verdict::ok && v != verdict::repeated) return refusal(v);
    if (v == verdict::ok) {
        SQLite::Statement ack(db,
                              "UPDATE queue_items SET state = 'acknowledged', acknowledged_at = ?, "
                              "lease_expires_at = NULL, case_reference = ? WHERE notice_id = ?");
        ack.bind(1, ctx.now_text);
        if (case_reference) {
            ack.bind(2, *case_reference);
        } else {
            ack.bind(2);
        }
        ack.bind(3, id);
        ack.exec();
    }
    write_audit(db, ctx, {"acknowledge", id, row.value().queue_id, v == verdict::ok ? "acknowledged" : "repeated"});
    return acknowledgement(db, id, v == verdict::repeated);
}

result<extend_result> extend(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                             const std::string& token, int lease_seconds) {
    auto row = owned_item(db, ctx, id);
    if (!row) return row.error();
    if (auto v = check_extend(row.value().state, token, ctx.now_text); v != verdict::ok) return refusal(v);
    const std::string expires_at = huoli::utc_timestamp(ctx.now + std::chrono::seconds(lease_seconds));
    SQLite::Statement update(db, "UPDATE queue_items SET lease_expires_at = ? WHERE notice_id = ?");
    update.bind(1, expires_at);
    update.bind(2, id);
    update.exec();
    write_audit(db, ctx, {"extend", id, row.value().queue_id, "extended", {{"lease_expires_at", expires_at}}});
    return extend_result{id, {token, expires_at}};
}

result<release_result> release(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                               const std::string& token) {
    auto row = owned_item(db, ctx, id);
    if (!row) return row.error();
    const item& before = row.value().state;
    if (auto v = check_release(before, token, ctx.now_text); v != verdict::ok) return refusal(v);
    const item after = after_release(before, ctx.rules.max_attempts);
    SQLite::Statement update(db,
                             "UPDATE queue_items SET state = 'available', lease_token = NULL, "
                             "lease_expires_at = NULL, attempts = ?, flagged = ? WHERE notice_id = ?");
    update.bind(1, after.attempts);
    update.bind(2, after.flagged ? 1 : 0);
    update.bind(3, id);
    update.exec();
    write_audit(db, ctx, {"release", id, row.value().queue_id, "released", {{"attempts", after.attempts}}});
    return release_result{id, row.value().queue_id, after.state, after.attempts, after.flagged};
}

result<transfer_result> transfer(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                                 const std::string& to_queue, const std::string& to_organisation,
                                 const std::string& reason, const std::string& legal_basis) {
    auto row = owned_item(db, ctx, id);
    if (!row) return row.error();
    const item_row& from = row.value();
    if (from.queue_id == to_queue) return error{same_queue, "the notice is already in that queue"};
    if (from.state.state == item_state::acknowledged) {
        return error{acknowledged_not_transferable, "an acknowledged notice is in the case system"};
    }

    SQLite::Statement notice(db, "UPDATE notices SET queue_id = ?, organisation_id = ? WHERE id = ?");
    notice.bind(1, to_queue);
    notice.bind(2, to_organisation);
    notice.bind(3, id);
    notice.exec();
    // available_since is left alone: it orders leasing by age, and the notice's age is unchanged.
    SQLite::Statement item(db,
                           "UPDATE queue_items SET queue_id = ?, state = 'available', attempts = 0, flagged = 0, "
                           "lease_token = NULL, lease_expires_at = NULL, fetched_at = NULL, acknowledged_at = NULL, "
                           "case_reference = NULL WHERE notice_id = ?");
    item.bind(1, to_queue);
    item.bind(2, id);
    item.exec();

    const json both{{"from_queue", from.queue_id},
                    {"from_organisation", from.organisation_id},
                    {"to_queue", to_queue},
                    {"to_organisation", to_organisation},
                    {"reason", reason},
                    {"state_before", to_string(from.state.state)}};
    write_audit(db, ctx, {"transfer_out", id, from.queue_id, "transferred", both, legal_basis});
    write_audit(db, ctx, {"transfer_in", id, to_queue, "received", both, legal_basis});

    SQLite::Statement q(db, "SELECT received_at, decision_due, assessment_due FROM notices WHERE id = ?");
    q.bind(1, id);
    q.executeStep();
    return transfer_result{id,
                           from.queue_id,
                           to_queue,
                           to_organisation,
                           q.getColumn(0).getString(),
                           optional_text(q.getColumn(1)),
                           optional_text(q.getColumn(2))};
}

result<reopen_result> reopen(SQLite::Database& db, const operation_context& ctx, const std::string& id,
                             const std::string& reason) {
    expire_leases(db, ctx.now_text, ctx.rules.max_attempts);
    auto row = load_item(db, id);
    // An admin of the organisation holding the notice: another's is not found, as everywhere.
    if (!row || ctx.who.organisation.empty() || row->organisation_id != ctx.who.organisation) {
        return error{not_found, "no such notice for this principal"};
    }
    if (row->state.state != item_state::acknowledged) return error{not_acknowledged, "the notice is not acknowledged"};
    SQLite::Statement before(db, "SELECT acknowledged_at, case_reference FROM queue_items WHERE notice_id = ?");
    before.bind(1, id);
    before.executeStep();
    const json was{{"acknowledged_at", before.getColumn(0).getString()},
                   {"had_case_reference", !before.getColumn(1).isNull()},
                   {"reason", reason}};
    before.reset();
    SQLite::Statement update(db,
                             "UPDATE queue_items SET state = 'available', acknowledged_at = NULL, case_reference = NULL, "
                             "lease_token = NULL, lease_expires_at = NULL, attempts = 0, flagged = 0 "
                             "WHERE notice_id = ?");
    // available_since is kept: a reopened notice is as old as it was, and is leased first.
    update.bind(1, id);
    update.exec();
    write_audit(db, ctx, {"reopen", id, row->queue_id, "reopened", was});
    return reopen_result{id, row->queue_id, item_state::available};
}

bool owns_item(SQLite::Database& db, const auth::principal& who, const std::string& id) {
    auto row = load_item(db, id);
    return row && may_touch_item(who, row->organisation_id, row->queue_id);
}

result<item_view> read_item(SQLite::Database& db, const operation_context& ctx, const std::string& id) {
    auto row = owned_item(db, ctx, id);
    if (!row) return row.error();
    write_audit(db, ctx, {"read", id, row.value().queue_id, "read"});
    auto full = full_item(db, id, ctx.rules);
    if (!full) return error{not_found, "no such notice for this principal"};  // rolls the event back
    return std::move(*full);
}

}  // namespace huoli::queue
