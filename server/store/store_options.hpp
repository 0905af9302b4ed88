// Tuning of the store; the defaults suit production.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

#include "core/result.hpp"

namespace huoli::store {

// A transaction the writer could not complete, as told to store_options::on_storage_failure.
struct storage_failure {
    std::string during;        // what the writer was doing, e.g. "beginning a transaction"
    int sqlite_code = 0;       // SQLite's extended result code; 0 when the failure was not SQLite's
    std::string sqlite_message;  // sqlite3_errstr() of that code: SQLite's text for the code, never data
};

struct store_options {
    // How long a connection waits for a lock held by another process (e.g. a backup).
    std::chrono::milliseconds busy_timeout{5000};
    // Group commit: when a submission arrives at an idle writer, the writer waits up to
    // batch_window for more (fewer fsyncs); what queued during a commit is taken at once. A
    // transaction never holds more than max_batch items.
    std::size_t max_batch = 256;
    std::chrono::microseconds batch_window{2000};
    // The writer folds the WAL back into the database file (a checkpoint) once the WAL holds this
    // many pages (of 4 KiB). SQLite's default, 1000, copies the pages every batch keeps touching
    // (each index's right-hand end, the audit tables) back to the file every few batches; at
    // 32768 (a WAL of up to 128 MiB, reused, not regrown) a page is copied once for many commits.
    // The price: that much more disk, and a longer WAL to replay after a crash. 0: never.
    int wal_autocheckpoint_pages = 32768;
    // Most of that copying is done beside the writer by a thread of its own (wal_checkpointer.hpp),
    // each time the WAL has grown by this many pages, so the writer's own checkpoint finds little
    // left to copy. 0, or a value not below wal_autocheckpoint_pages, leaves it all to the writer.
    int background_checkpoint_pages = 8192;
    // After a failed commit, how often the writer tries a tiny write to find out whether the
    // storage has recovered, so readiness comes back without waiting for real traffic.
    std::chrono::milliseconds probe_interval{1000};
    // PRAGMA quick_check at open (proportional to database size; the data set is small).
    bool quick_check_on_open = true;
    // The writer hands each commit's WAL frames to the file in writes of up to this many bytes
    // instead of two per frame (wal_write_buffer.hpp). 0: SQLite's own writes.
    std::size_t wal_write_buffer_bytes = 1 << 20;
    // SQLite VFS name; empty = the platform default. Tests use a fault-injecting VFS here.
    std::string vfs;
    // Told of every transaction the writer could not complete (a batch, or a probe while the
    // storage is failing), so that a persistent storage fault is visible in the log. Only the code
    // and SQLite's fixed text for it: sqlite3_errmsg() could quote values. Called on the writer
    // thread; must be quick and must not throw. Empty: not told.
    std::function<void(const storage_failure&)> on_storage_failure;
    // Source of receipt codes; empty = receipt.hpp's new_receipt(). Tests use it to force a
    // collision.
    std::function<result<std::string>()> receipt_source;
};

}  // namespace huoli::store
