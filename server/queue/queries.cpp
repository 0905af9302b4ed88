#include "queue/queries.hpp"

#include <SQLiteCpp/Statement.h>

#include "core/utc_timestamp.hpp"
#include "store/new_notice.hpp"

namespace huoli::queue {
namespace {

// The items of one queue in their effective state at :now (item_state.hpp effective()).
constexpr const char* effective_items = R"sql(
WITH e AS (
  SELECT q.notice_id, q.available_since, q.urgent, c.receipt, n.form, n.received_at, n.decision_due,
         n.assessment_due,
         CASE WHEN q.state = 'leased' AND q.lease_expires_at <= :now THEN 'available' ELSE q.state END AS state,
         q.attempts + (CASE WHEN q.state = 'leased' AND q.lease_expires_at <= :now THEN 1 ELSE 0 END) AS attempts,
         CASE WHEN q.flagged = 1 OR (q.state = 'leased' AND q.lease_expires_at <= :now AND q.attempts + 1 >= :max)
              THEN 1 ELSE 0 END AS flagged,
         CASE WHEN q.state = 'leased' AND q.lease_expires_at > :now THEN q.lease_expires_at END AS lease_expires_at
  FROM queue_items q JOIN notices n ON n.id = q.notice_id JOIN notice_content c ON c.notice_id = q.notice_id
  WHERE q.queue_id = :queue AND q.state IN (%STATES%))
)sql";

std::string effective_sql(bool unacknowledged_only, const std::string& rest) {
    std::string sql = effective_items;
    const std::string states = unacknowledged_only ? "'available', 'leased'" : "'available', 'leased', 'acknowledged'";
    sql.replace(sql.find("%STATES%"), 8, states);
    return sql + rest;
}

void bind_common(SQLite::Statement& s, const std::string& queue, time_point now, const policy& rules) {
    s.bind(":now", huoli::utc_timestamp(now));
    s.bind(":max", rules.max_attempts);
    s.bind(":queue", queue);
}

// Names the SQLite result code only: SQLite's message could quote values.
error storage_failure(const char* during, const SQLite::Exception& e) {
    return {store::storage_unavailable, std::string(during) + ": SQLite error " + std::to_string(e.getErrorCode())};
}

std::optional<std::string> optional_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

}  // namespace

result<std::vector<queue_stats>> stats(SQLite::Database& db, const std::vector<std::string>& queues, time_point now,
                                       const policy& rules) {
    try {
        SQLite::Statement q(db, effective_sql(true, R"sql(
SELECT count(*), coalesce(sum(state = 'available'), 0), coalesce(sum(state = 'leased'), 0),
       coalesce(sum(flagged), 0), min(received_at),
       coalesce(sum(ack_late), 0), coalesce(sum(decision_due < :today), 0),
       coalesce(sum(ack_late OR decision_due < :today), 0), coalesce(sum(urgent AND ack_late), 0)
FROM (SELECT *, CASE WHEN urgent THEN received_at < :urgent_cutoff ELSE received_at < :ack_cutoff END AS ack_late
      FROM e))sql"));
        const std::string cutoff = acknowledgement_overdue_before(now, rules.ack_within_working_days);
        const std::string urgent_cutoff = urgent_acknowledgement_overdue_before(now, rules.urgent_ack_within_hours);
        const std::string today = helsinki_today(now);
        std::vector<queue_stats> out;
        for (const auto& queue : queues) {
            q.reset();
            bind_common(q, queue, now, rules);
            q.bind(":ack_cutoff", cutoff);
            q.bind(":urgent_cutoff", urgent_cutoff);
            q.bind(":today", today);
            q.executeStep();
            queue_stats s;
            s.queue_id = queue;
            s.depth = q.getColumn(0).getInt64();
            s.available = q.getColumn(1).getInt64();
            s.leased = q.getColumn(2).getInt64();
            s.flagged = q.getColumn(3).getInt64();
            if (!q.getColumn(4).isNull()) {
                if (auto oldest = parse_utc_timestamp(q.getColumn(4).getString())) {
                    s.oldest_unacknowledged_age_seconds =
                        std::chrono::duration<double>(now - *oldest).count();
                }
            }
            s.acknowledgement_overdue = q.getColumn(5).getInt64();
            s.decision_overdue = q.getColumn(6).getInt64();
            s.overdue = q.getColumn(7).getInt64();
            s.urgent_acknowledgement_overdue = q.getColumn(8).getInt64();
            out.push_back(std::move(s));
        }
        return out;
    } catch (const SQLite::Exception& e) {
        return storage_failure("reading queue statistics", e);
    }
}

result<listing_page> list_items(SQLite::Database& db, const listing_request& r, time_point now, const policy& rules) {
    try {
        SQLite::Statement q(db, effective_sql(false, R"sql(
SELECT notice_id, receipt, form, received_at, urgent, state, attempts, flagged, decision_due, assessment_due,
       lease_expires_at, available_since
FROM e
WHERE (:state IS NULL OR state = :state) AND (:after_since IS NULL OR (available_since, notice_id) > (:after_since, :after_id))
ORDER BY available_since, notice_id
LIMIT :limit)sql"));
        bind_common(q, r.queue_id, now, rules);
        if (r.state) q.bind(":state", to_string(*r.state));
        if (r.after) {
            q.bind(":after_since", r.after->available_since);
            q.bind(":after_id", r.after->notice_id);
        }
        q.bind(":limit", r.limit + 1);
        listing_page page;
        std::optional<cursor> last;
        bool more = false;
        while (q.executeStep()) {
            if (static_cast<int>(page.items.size()) == r.limit) {
                more = true;
                break;
            }
            listing_item i;
            i.id = q.getColumn(0).getString();
            i.receipt = q.getColumn(1).getString();
            i.form = q.getColumn(2).getString();
            i.received_at = q.getColumn(3).getString();
            i.urgent = q.getColumn(4).getInt() != 0;
            i.state = parse_state(q.getColumn(5).getString()).value_or(item_state::available);
            i.attempts = q.getColumn(6).getInt();
            i.flagged = q.getColumn(7).getInt() != 0;
            i.decision_due = optional_text(q.getColumn(8));
            i.assessment_due = optional_text(q.getColumn(9));
            i.lease_expires_at = optional_text(q.getColumn(10));
            const auto received = parse_utc_timestamp(i.received_at);
            if (received) i.acknowledge_by = huoli::utc_timestamp(acknowledge_by(*received, i.urgent, rules));
            const bool open = i.state != item_state::acknowledged;
            i.acknowledgement_overdue = open && received && is_acknowledgement_overdue(*received, i.urgent, now, rules);
            i.decision_overdue = open && is_decision_overdue(i.decision_due, now);
            last = cursor{q.getColumn(11).getString(), i.id};
            page.items.push_back(std::move(i));
        }
        if (more) page.next = last;
        return page;
    } catch (const SQLite::Exception& e) {
        return storage_failure("listing queue items", e);
    }
}

// Notices, not cases: the other children's cases of a notice (migration 6) are not counted again.
result<std::vector<std::pair<std::string, std::int64_t>>> stored_by_form(SQLite::Database& db) {
    try {
        std::vector<std::pair<std::string, std::int64_t>> out;
        SQLite::Statement q(db, "SELECT form, count(*) FROM notices WHERE id NOT IN "
                                "(SELECT notice_id FROM notice_links WHERE content_of <> notice_id) "
                                "GROUP BY form ORDER BY form");
        while (q.executeStep()) out.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getInt64());
        return out;
    } catch (const SQLite::Exception& e) {
        return storage_failure("counting notices", e);
    }
}

}  // namespace huoli::queue
