// Durable storage of accepted notices: "a 201 means it is on disk".
//
//   auto opened = store::store::open(data_dir / "huoli.sqlite3", {});
//   if (!opened) ...;                      // start-up: refuse to run
//   auto s = std::move(opened).value();
//   auto r = s->submit(std::move(notice));  // blocks until committed (fsynced) or failed
//
// One SQLite file in WAL mode with synchronous=FULL. All writes go through one writer thread
// that commits concurrent submissions together (group commit, writer.hpp); a submission's
// result is delivered only after its transaction is durable, or after it was rolled back.
// Readers use their own read-only connections and never wait for the writer.
//
// Errors (error::code, new_notice.hpp): invalid_notice (caller bug; nothing queued),
// idempotency_key_reused, rejected_by_storage (a constraint; this notice only), internal_error
// (make_response threw), storage_unavailable (nothing of the batch was stored; safe to retry
// with the same idempotency key), schema_too_new (open only).
//
// Thread safety: every member function may be called from any thread, except that close()
// and the destructor must not run concurrently with other calls.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "store/new_notice.hpp"
#include "store/store_options.hpp"
#include "store/store_reader.hpp"

namespace huoli::store {

class writer;

// Process-wide SQLite settings: call once at the top of main(), before any database is opened
// (afterwards SQLite refuses them and this does nothing). It turns off SQLite's allocation
// statistics, which Huoli never reads and which take one process-wide mutex around every
// allocation inside SQLite, for the writer and every reader alike.
void configure_sqlite_library();

class store {
public:
    // Creates the parent directory and the file if needed, sets the PRAGMAs, applies pending
    // migrations, optionally runs PRAGMA quick_check, and starts the writer thread.
    static result<std::unique_ptr<store>> open(const std::filesystem::path& db_file, store_options options = {});

    ~store();
    store(const store&) = delete;
    store& operator=(const store&) = delete;

    // Blocks the calling thread until the notice is committed or has failed (typically one
    // fsync plus at most options.batch_window).
    result<submit_outcome> submit(new_notice notice);

    // Same, without blocking. `done` is called exactly once: on the writer thread after the
    // commit (or rollback), or on the calling thread before this returns when the notice is
    // invalid or the store is closed. It must be quick and must not throw: post to your own
    // executor and return. Calling submit() or close() from it would deadlock.
    void submit_async(new_notice notice, std::function<void(result<submit_outcome>)> done);

    // Any other write (queue leases, acknowledgements…), through the same single writer: `txn`
    // runs on the writer thread inside its own SAVEPOINT of a group-committed transaction. An
    // error value from `txn` rolls back its changes alone and is passed on; so is a constraint
    // failure (rejected_by_storage) or another exception (internal_error). `txn` must let other
    // SQLite exceptions propagate: they fail the whole batch with storage_unavailable, as does a
    // failed COMMIT. `done` is called exactly once, as for submit_async, after the commit (or
    // rollback) — only then is a value durable. `txn` must not call back into the store, and may
    // run more than once (when another item of its batch fails, the batch is rolled back and run
    // again item by item), so it must not act outside the database; only the run that commits counts.
    using write_job = std::function<result<nlohmann::json>(SQLite::Database&)>;
    void run_write(write_job txn, std::function<void(result<nlohmann::json>)> done);

    // The same for a job with a typed result (a queue operation's struct), named explicitly:
    // run_write<queue::ack_result>(txn, done). Each run keeps its value beside the writer's JSON
    // channel, so `done` gets the value of the run that committed, or that run's error.
    template <class T>
    void run_write(std::function<result<T>(SQLite::Database&)> txn, std::function<void(result<T>)> done);

    // A new read-only connection. Not thread-safe itself: keep one per thread.
    result<store_reader> reader() const;

    // For /readyz; cheap (two atomics): the writer runs and its last commit succeeded. After a
    // failed commit the writer retries a tiny write every probe_interval to recover readiness.
    status ready() const;

    // A tiny write (the writer_probe row) through the writer like any other job; `done` is told
    // whether it committed. writer_watchdog.hpp uses it to tell an idle writer from a stuck one.
    void prove_writable(std::function<void(status)> done);

    // Transactions committed so far (group commit makes this smaller than the submissions).
    std::uint64_t commits() const;

    // Commits everything queued, checkpoints the WAL into the database file, stops the writer.
    // Later submissions fail with storage_unavailable. Idempotent.
    void close();

    const std::filesystem::path& file() const { return db_file_; }

private:
    store(std::filesystem::path db_file, store_options options, std::unique_ptr<writer> w);

    std::filesystem::path db_file_;
    store_options options_;
    std::unique_ptr<writer> writer_;
};

template <class T>
void store::run_write(std::function<result<T>(SQLite::Database&)> txn, std::function<void(result<T>)> done) {
    auto kept = std::make_shared<std::optional<T>>();
    run_write(
        [kept, txn = std::move(txn)](SQLite::Database& db) -> result<nlohmann::json> {
            kept->reset();
            auto r = txn(db);
            if (!r) return r.error();
            kept->emplace(std::move(r).value());
            return nlohmann::json();
        },
        [kept, done = std::move(done)](result<nlohmann::json> r) {
            if (!r) return done(r.error());
            done(std::move(**kept));
        });
}

// Checks what the database cannot: required fields present, timestamp shape, hashes are
// SHA-256 hex and payload_sha256 matches payload, idempotency fields complete.
status check_new_notice(const new_notice& n);

}  // namespace huoli::store
