// A read-only connection to the store's database. Not thread-safe: one per thread.
// Every query sees the last committed state; readers never block the writer (WAL).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"
#include "store/cached_statement.hpp"

namespace huoli::store {

struct stored_notice {
    std::string id;
    std::string receipt;
    std::string form;
    std::string received_at;
    std::string payload;
    std::string payload_sha256;
    std::string schema_sha256;
    std::string organisation_id;
    std::string queue_id;
    bool urgent = false;
    std::optional<std::string> decision_due;
    std::optional<std::string> assessment_due;
};

// A response stored for idempotent replay (idempotency_keys).
struct stored_response {
    std::string body_sha256;
    std::string notice_id;
    std::string response;
};

class store_reader {
public:
    explicit store_reader(SQLite::Database db) : db_(std::move(db)) {}

    // Empty when no such notice; error storage_unavailable when SQLite fails.
    result<std::optional<stored_notice>> find_notice(const std::string& id);
    result<std::optional<stored_notice>> find_by_receipt(const std::string& receipt);
    result<std::int64_t> count_notices();
    // The stored response for an idempotency key (already scoped by the caller), if any.
    result<std::optional<stored_response>> find_idempotency_key(const std::string& key);

    // For other concerns' read queries (queue listings, audit verification).
    SQLite::Database& connection() { return db_; }

private:
    result<std::optional<stored_notice>> find_one(const char* where, const std::string& value);

    SQLite::Database db_;
    // Declared after db_, so destroyed before it; it holds db_'s handle, which a move keeps.
    // Reset whenever its use ends: a statement left on a row would hold the reader's snapshot
    // and keep the WAL from being checkpointed past it (cached_statement.hpp).
    std::unique_ptr<cached_statement> find_key_;
};

}  // namespace huoli::store
