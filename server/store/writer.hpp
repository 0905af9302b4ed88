// The single writer thread with group commit. Internal to the store (see store.hpp).
//
// Submissions queue up; the thread takes what is queued (at most max_batch, waiting up to
// batch_window for more) into ONE transaction with ONE commit, i.e. one WAL fsync.
// A constraint failure loses only its own submission. Submissions are first written without a
// SAVEPOINT each (a savepoint copies every page the item touches into its journal); should one
// of them fail, the transaction is rolled back and the batch runs again with a SAVEPOINT per
// item, so the others still commit. Jobs always run in their own savepoint (they are rare, and
// their error values are common), and may therefore run twice; only the run that commits
// counts. If the storage fails (BEGIN, a write, or COMMIT), the whole batch is rolled back and
// every submission in it gets storage_unavailable. Callbacks run on the writer thread, only after
// the commit succeeded or the batch was rolled back. Generic write jobs (store::run_write) share
// the same batches, savepoints and commits as submissions.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "store/new_notice.hpp"
#include "store/store_options.hpp"

struct sqlite3;

namespace huoli::store {

class notice_rows;
class wal_checkpointer;

class writer {
public:
    using callback = std::function<void(result<submit_outcome>)>;
    using job = std::function<result<nlohmann::json>(SQLite::Database&)>;
    using job_callback = std::function<void(result<nlohmann::json>)>;

    // Takes the migrated read-write connection and, optionally, a checkpointer to tell how far
    // the WAL has grown after each commit, and starts the thread.
    writer(SQLite::Database db, const store_options& options, std::unique_ptr<wal_checkpointer> background = nullptr);
    ~writer();
    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    // Takes both arguments and returns true, or leaves them untouched and returns false when
    // the writer is closed.
    bool enqueue(new_notice& notice, callback& done);
    bool enqueue(job& txn, job_callback& done);

    // Refuses new work, commits what is queued, checkpoints the WAL, closes the connection and
    // joins the thread. Idempotent.
    void close();

    std::uint64_t commits() const { return commits_.load(); }
    // Rewrites the one-row writer_probe table: the smallest write that proves the storage takes
    // writes (the recovery probe here, store::prove_writable for the watchdog).
    static void write_probe_row(SQLite::Database& db);
    status health() const;

private:
    // A submission (done set) or a generic job (txn and job_done set).
    struct request {
        new_notice notice;
        callback done;
        job txn;
        job_callback job_done;
        std::optional<result<nlohmann::json>> job_result;
    };

    void run();
    std::vector<request> take_batch();
    void commit_batch(std::vector<request>& batch);
    enum class attempt { committed, retry_carefully, failed };
    attempt try_batch(std::vector<request>& batch, std::vector<std::optional<result<submit_outcome>>>& results,
                      bool careful);
    enum class item { written, retry_carefully, storage_failed };
    item write_item(request& r, std::optional<result<submit_outcome>>& out, bool careful);
    bool push(const std::function<void(request&)>& fill);
    void abort_transaction();
    void after_transaction();
    // Reports the failure (on_storage_failure) and returns the caller's storage_unavailable error.
    error storage_failed(std::string_view during, const SQLite::Exception& e);
    void report(std::string_view during, const SQLite::Exception* cause);
    void probe();
    void checkpoint();
    static int on_wal_commit(void* self, sqlite3* db, const char* name, int frames);
    void fail_queued(const error& e);

    store_options options_;
    std::optional<SQLite::Database> db_;
    std::unique_ptr<notice_rows> rows_;
    std::unique_ptr<wal_checkpointer> background_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<request> queue_;
    bool stopping_ = false;
    bool after_batch_ = false;  // the last take_batch returned work (the writer is busy)

    std::atomic<bool> alive_{true};
    std::atomic<bool> healthy_{true};
    std::atomic<std::uint64_t> commits_{0};
    std::thread thread_;
};

}  // namespace huoli::store
