// Opening SQLite connections the way the store needs them, and classifying SQLite failures.
// Internal to the store.
#pragma once

#include <filesystem>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>

#include "core/result.hpp"
#include "store/store_options.hpp"

namespace huoli::store {

// The one read-write connection: creates the file; WAL with synchronous=FULL, so a committed
// transaction has been fsynced to the WAL and survives a crash or power loss; foreign keys on.
// Throws SQLite::Exception or std::runtime_error (start-up only).
SQLite::Database open_writer_connection(const std::filesystem::path& db_file, const store_options& options);

// A read-write connection that only checkpoints (wal_checkpointer.hpp); the database must exist.
SQLite::Database open_checkpoint_connection(const std::filesystem::path& db_file, const store_options& options);

// A read-only connection; sees the last committed state (WAL snapshot isolation).
SQLite::Database open_reader_connection(const std::filesystem::path& db_file, const store_options& options);

// Resets every statement of `db` still on a row and returns how many there were. After a
// transaction none should be (cached_statement.hpp makes it so); one that was would hold the
// connection's snapshot open past COMMIT, and on the writer that turns into SQLITE_BUSY on every
// later BEGIN once another connection commits. The writer calls this after every transaction as
// a last line of defence and reports what it found.
int reset_statements_left_open(SQLite::Database& db);

// True when the failure belongs to one statement's data (a constraint), so only that item
// fails; false when the storage itself failed (I/O, full, read-only, busy, corrupt).
bool is_item_failure(const SQLite::Exception& e);

// SQLite's fixed text for the failure's result code (sqlite3_errstr), never sqlite3_errmsg(),
// which could quote values.
const char* sqlite_error_text(const SQLite::Exception& e);

// An error for the caller. The detail names the SQLite result code only: SQLite's own message
// could quote values.
error storage_error(std::string_view during, const SQLite::Exception& e);
error storage_error(std::string_view during, std::string_view why);

}  // namespace huoli::store
