// The rows of one submission, written on the writer connection. Internal to the store.
#pragma once

#include <functional>
#include <string>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "store/cached_statement.hpp"
#include "store/new_notice.hpp"

namespace huoli::store {

// What differs between the cases of one notice: the first child's case is the notice itself.
struct case_view {
    const std::string& organisation_id;
    const std::string& queue_id;
    const routing_record& routing;
};

// Which group a case belongs to; absent for a notice about one child.
struct group_view {
    const std::string& group_id;
    const std::string& content_of;  // the first child's notice id
    const std::string& receipt;     // the notifier's receipt
    const std::string& child_pointer;
    bool routed_with_main;
};

class notice_rows {
public:
    notice_rows(SQLite::Database& db, std::function<result<std::string>()> receipt_source);

    // Writes notice, routing record, queue item, audit event and idempotency row, or finds the
    // earlier submission with the same idempotency key (then writes nothing). Must run inside a
    // savepoint: on an error value or an exception the caller rolls the savepoint back.
    // Throws SQLite::Exception when SQLite fails; the caller tells item from storage failures.
    result<submit_outcome> write(const new_notice& n);

private:
    result<std::string> unused_receipt();
    // One case's notices, notice_links (when grouped), routing, queue item and audit rows; returns
    // the audit event's seq.
    std::int64_t insert_case(const new_notice& n, const std::string& id, const std::string& receipt,
                             const case_view& c, const group_view* group);
    result<submit_outcome> replay(const new_notice& n, const SQLite::Statement& found_key);

    SQLite::Database& db_;
    std::function<result<std::string>()> receipt_source_;
    // Prepared once for the writer's life; each is reset when its use ends (cached_statement.hpp).
    cached_statement find_key_, find_receipt_, find_original_;
    cached_statement insert_notice_, insert_link_, insert_routing_, insert_queue_item_, insert_audit_, insert_key_;
};

}  // namespace huoli::store
