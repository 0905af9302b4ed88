#include "store/store_reader.hpp"

#include <SQLiteCpp/Statement.h>

#include "store/connection.hpp"

namespace huoli::store {
namespace {

std::optional<std::string> optional_text(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return c.getString();
}

}  // namespace

result<std::optional<stored_notice>> store_reader::find_notice(const std::string& id) {
    return find_one("id", id);
}

result<std::optional<stored_notice>> store_reader::find_by_receipt(const std::string& receipt) {
    return find_one("receipt", receipt);
}

result<std::int64_t> store_reader::count_notices() {
    try {
        return db_.execAndGet("SELECT count(*) FROM notices").getInt64();
    } catch (const SQLite::Exception& e) {
        return storage_error("counting notices", e);
    }
}

result<std::optional<stored_response>> store_reader::find_idempotency_key(const std::string& key) {
    try {
        // Kept prepared: every submission with a key asks this first, and preparing the statement
        // cost more than running it.
        if (!find_key_) {
            find_key_ = std::make_unique<cached_statement>(
                db_, "SELECT body_sha256, notice_id, response FROM idempotency_keys WHERE key = ?");
        }
        auto q = find_key_->use();
        q->bind(1, key);
        if (!q->executeStep()) return std::optional<stored_response>{};
        return std::optional<stored_response>{
            stored_response{q->getColumn(0).getString(), q->getColumn(1).getString(), q->getColumn(2).getString()}};
    } catch (const SQLite::Exception& e) {
        return storage_error("reading an idempotency key", e);
    }
}

// `where` is one of the two literal column names above, never input.
result<std::optional<stored_notice>> store_reader::find_one(const char* where, const std::string& value) {
    try {
        SQLite::Statement q(db_, std::string("SELECT id, receipt, form, received_at, payload, payload_sha256, "
                                             "schema_sha256, organisation_id, queue_id, urgent, decision_due, "
                                             "assessment_due FROM notices WHERE ") +
                                     where + " = ?");
        q.bind(1, value);
        if (!q.executeStep()) return std::optional<stored_notice>{};
        stored_notice n;
        n.id = q.getColumn(0).getString();
        n.receipt = q.getColumn(1).getString();
        n.form = q.getColumn(2).getString();
        n.received_at = q.getColumn(3).getString();
        n.payload = q.getColumn(4).getString();
        n.payload_sha256 = q.getColumn(5).getString();
        n.schema_sha256 = q.getColumn(6).getString();
        n.organisation_id = q.getColumn(7).getString();
        n.queue_id = q.getColumn(8).getString();
        n.urgent = q.getColumn(9).getInt() != 0;
        n.decision_due = optional_text(q.getColumn(10));
        n.assessment_due = optional_text(q.getColumn(11));
        return std::optional<stored_notice>{std::move(n)};
    } catch (const SQLite::Exception& e) {
        return storage_error("reading a notice", e);
    }
}

}  // namespace huoli::store
