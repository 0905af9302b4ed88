#include "store/connection.hpp"

#include <stdexcept>
#include <string>

#include <sqlite3.h>

#include "store/new_notice.hpp"
#include "store/wal_write_buffer.hpp"

namespace huoli::store {
namespace {

std::string pragma_text(SQLite::Database& db, const char* sql) {
    return db.execAndGet(sql).getString();
}

int timeout_ms(const store_options& options) { return static_cast<int>(options.busy_timeout.count()); }

}  // namespace

SQLite::Database open_writer_connection(const std::filesystem::path& db_file, const store_options& options) {
    // The buffer relies on synchronous=FULL, set below before anything is written.
    const std::string vfs = options.wal_write_buffer_bytes > 0
                                ? wal_write_buffer_vfs(options.vfs, options.wal_write_buffer_bytes)
                                : options.vfs;
    SQLite::Database db(db_file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOFOLLOW,
                        timeout_ms(options), vfs);
    if (sqlite3_db_readonly(db.getHandle(), "main") == 1) {
        throw std::runtime_error("database file is read-only");
    }
    if (pragma_text(db, "PRAGMA journal_mode=WAL") != "wal") {
        throw std::runtime_error("database cannot use write-ahead logging");
    }
    db.exec("PRAGMA synchronous=FULL");
    // The writer touches the right-hand pages of every index for each batch; 64 MiB of page cache
    // keeps them (and the tables' recent pages) in memory instead of re-reading them from the file.
    db.exec("PRAGMA cache_size=-65536");
    // Savepoints (every job, and every notice when a batch is retried item by item) and statements
    // that fire triggers keep a sub-journal of the pages they touch. With temp files on disk SQLite
    // spills it to a temporary file after 64 KiB and then writes every such page there; in memory
    // the copy is a memcpy.
    db.exec("PRAGMA temp_store=MEMORY");
    // Checkpoints are the writer's hook's and the background checkpointer's (writer.cpp).
    db.exec("PRAGMA wal_autocheckpoint=0");
    db.exec("PRAGMA foreign_keys=ON");
    if (db.execAndGet("PRAGMA foreign_keys").getInt() != 1) {
        throw std::runtime_error("SQLite was built without foreign key support");
    }
    return db;
}

SQLite::Database open_checkpoint_connection(const std::filesystem::path& db_file, const store_options& options) {
    SQLite::Database db(db_file, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW, timeout_ms(options), options.vfs);
    // A checkpoint syncs the WAL before it copies and the database file after, as the writer's do.
    db.exec("PRAGMA synchronous=FULL");
    db.exec("PRAGMA wal_autocheckpoint=0");
    return db;
}

SQLite::Database open_reader_connection(const std::filesystem::path& db_file, const store_options& options) {
    SQLite::Database db(db_file, SQLite::OPEN_READONLY | SQLite::OPEN_NOFOLLOW, timeout_ms(options), options.vfs);
    db.exec("PRAGMA query_only=ON");
    return db;
}

int reset_statements_left_open(SQLite::Database& db) {
    int found = 0;
    for (sqlite3_stmt* s = sqlite3_next_stmt(db.getHandle(), nullptr); s != nullptr;
         s = sqlite3_next_stmt(db.getHandle(), s)) {
        if (sqlite3_stmt_busy(s) != 0) {
            sqlite3_reset(s);
            ++found;
        }
    }
    return found;
}

bool is_item_failure(const SQLite::Exception& e) { return (e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT; }

const char* sqlite_error_text(const SQLite::Exception& e) {
    // SQLiteCpp reports its own misuse with a negative code.
    return e.getErrorCode() >= 0 ? sqlite3_errstr(e.getErrorCode()) : "SQLiteCpp usage error";
}

error storage_error(std::string_view during, const SQLite::Exception& e) {
    return storage_error(during, std::string(sqlite_error_text(e)) + " (" + std::to_string(e.getExtendedErrorCode()) + ")");
}

error storage_error(std::string_view during, std::string_view why) {
    return {storage_unavailable, std::string(during) + ": " + std::string(why)};
}

}  // namespace huoli::store
