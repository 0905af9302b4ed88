#include "store/writer.hpp"

#include <chrono>
#include <exception>
#include <string>

#include <SQLiteCpp/Statement.h>
#include <sqlite3.h>

#include "core/thread_name.hpp"
#include "core/utc_timestamp.hpp"
#include "store/connection.hpp"
#include "store/notice_rows.hpp"
#include "store/wal_checkpointer.hpp"

namespace huoli::store {
namespace {

template <class Callback, class Result>
void deliver(const Callback& done, Result r) {
    try {
        done(std::move(r));
    } catch (...) {
        // A callback's failure is the caller's; it must not stop the writer.
    }
}

// A request after its batch committed: a submission gets `out`, a job its own result.
template <class Request>
void finish(Request& r, std::optional<result<submit_outcome>>& out) {
    if (r.txn) {
        deliver(r.job_done, std::move(*r.job_result));
    } else {
        deliver(r.done, std::move(*out));
    }
}

// A request whose batch was rolled back or never ran.
template <class Request>
void fail(Request& r, const error& e) {
    if (r.txn) {
        deliver(r.job_done, result<nlohmann::json>(e));
    } else {
        deliver(r.done, result<submit_outcome>(e));
    }
}

}  // namespace

writer::writer(SQLite::Database db, const store_options& options, std::unique_ptr<wal_checkpointer> background)
    : options_(options),
      db_(std::move(db)),
      rows_(std::make_unique<notice_rows>(*db_, options.receipt_source)),
      background_(std::move(background)) {
    if (options_.max_batch == 0) options_.max_batch = 1;
    // Replaces SQLite's autocheckpoint, which is itself a WAL hook.
    sqlite3_wal_hook(db_->getHandle(), &writer::on_wal_commit, this);
    thread_ = std::thread([this] {
        name_this_thread("huoli-writer");
        run();
    });
}

writer::~writer() { close(); }

bool writer::enqueue(new_notice& notice, callback& done) {
    return push([&](request& r) {
        r.notice = std::move(notice);
        r.done = std::move(done);
    });
}

bool writer::enqueue(job& txn, job_callback& done) {
    return push([&](request& r) {
        r.txn = std::move(txn);
        r.job_done = std::move(done);
    });
}

// `fill` moves the caller's arguments into the request only once the writer is known to be open.
bool writer::push(const std::function<void(request&)>& fill) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return false;
        fill(queue_.emplace_back());
        // Wake the writer only when it may be waiting: for a first item, or a full batch.
        if (queue_.size() != 1 && queue_.size() != options_.max_batch) return true;
    }
    wake_.notify_one();
    return true;
}

void writer::close() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

status writer::health() const {
    if (!alive_) return storage_error("writer", "not running");
    if (!healthy_) return storage_error("writer", "the last commit failed");
    return ok_status();
}

void writer::run() {
    try {
        for (;;) {
            auto batch = take_batch();
            if (!batch.empty()) {
                try {
                    commit_batch(batch);
                } catch (const std::exception&) {  // e.g. bad_alloc: still answer every caller
                    report("writing a batch (not an SQLite error)", nullptr);
                    abort_transaction();
                    healthy_ = false;
                    for (auto& r : batch) fail(r, storage_error("writer", "internal failure"));
                }
                continue;
            }
            std::unique_lock lock(mutex_);
            if (stopping_ && queue_.empty()) break;
            lock.unlock();
            if (!healthy_) probe();
        }
        if (background_) background_->stop();
        checkpoint();
    } catch (const std::exception&) {
        fail_queued(storage_error("writer", "stopped unexpectedly"));
    }
    background_.reset();
    rows_.reset();
    db_.reset();
    alive_ = false;
}

std::vector<writer::request> writer::take_batch() {
    std::unique_lock lock(mutex_);
    const auto has_work = [this] { return !queue_.empty() || stopping_; };
    // Work that queued up during the last commit is a batch already: waiting for more would
    // only idle the writer, and under load the writer is what bounds the rate.
    const bool was_idle = queue_.empty() || !after_batch_;
    if (healthy_) {
        wake_.wait(lock, has_work);
    } else if (!wake_.wait_for(lock, options_.probe_interval, has_work)) {
        return {};
    }
    if (was_idle && !stopping_ && queue_.size() < options_.max_batch && options_.batch_window.count() > 0) {
        wake_.wait_for(lock, options_.batch_window,
                       [this] { return queue_.size() >= options_.max_batch || stopping_; });
    }
    std::vector<request> batch;
    while (!queue_.empty() && batch.size() < options_.max_batch) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
    }
    after_batch_ = !batch.empty();
    return batch;
}

void writer::commit_batch(std::vector<request>& batch) {
    std::vector<std::optional<result<submit_outcome>>> results(batch.size());
    auto outcome = try_batch(batch, results, false);
    if (outcome == attempt::retry_carefully) {
        for (auto& r : results) r.reset();
        for (auto& r : batch) r.job_result.reset();
        outcome = try_batch(batch, results, true);
    }
    if (outcome == attempt::committed) {
        after_transaction();
        ++commits_;
        healthy_ = true;
        for (std::size_t i = 0; i < batch.size(); ++i) finish(batch[i], results[i]);
    }
}

writer::attempt writer::try_batch(std::vector<request>& batch,
                                  std::vector<std::optional<result<submit_outcome>>>& results, bool careful) {
    const auto fail_all = [&](const error& e) {
        abort_transaction();
        healthy_ = false;
        for (auto& r : batch) fail(r, e);
        return attempt::failed;
    };
    try {
        db_->exec("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception& e) {
        return fail_all(storage_failed("beginning a transaction", e));
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
        switch (write_item(batch[i], results[i], careful)) {
            case item::written:
                break;
            case item::retry_carefully:
                abort_transaction();
                return attempt::retry_carefully;
            case item::storage_failed:
                return fail_all(results[i]->error());
        }
    }
    try {
        db_->exec("COMMIT");
    } catch (const SQLite::Exception& e) {
        return fail_all(storage_failed("committing", e));
    }
    return attempt::committed;
}

// storage_failed: `out` holds the error and the batch must be abandoned. retry_carefully: a
// submission written without a savepoint failed, and may have left part of itself behind.
writer::item writer::write_item(request& r, std::optional<result<submit_outcome>>& out, bool careful) {
    if (!r.txn && !careful) {
        try {
            auto written = rows_->write(r.notice);
            if (!written.ok()) return item::retry_carefully;
            out.emplace(std::move(written));
            return item::written;
        } catch (const SQLite::Exception& e) {
            if (is_item_failure(e)) return item::retry_carefully;
            out.emplace(storage_failed("writing a notice", e));
            return item::storage_failed;
        } catch (const std::exception&) {
            return item::retry_carefully;
        }
    }
    bool keep = false;
    try {
        db_->exec("SAVEPOINT item");
        if (r.txn) {
            auto done = r.txn(*db_);
            keep = done.ok();
            r.job_result.emplace(std::move(done));
        } else {
            auto written = rows_->write(r.notice);
            keep = written.ok();
            out.emplace(std::move(written));
        }
    } catch (const SQLite::Exception& e) {
        if (!is_item_failure(e)) {
            out.emplace(storage_failed(r.txn ? "running a write job" : "writing a notice", e));
            return item::storage_failed;
        }
        if (r.txn) {
            r.job_result.emplace(error{rejected_by_storage, "the database refused the change (constraint)"});
        } else {
            out.emplace(error{rejected_by_storage, "the database refused the notice (constraint)"});
        }
    } catch (const std::exception&) {
        if (r.txn) {
            r.job_result.emplace(error{internal_error, "the write job failed"});
        } else {
            out.emplace(error{invalid_notice, "the notice could not be serialised"});
        }
    }
    try {
        db_->exec(keep ? "RELEASE item" : "ROLLBACK TO item; RELEASE item");
    } catch (const SQLite::Exception& e) {
        out.emplace(storage_failed("ending a savepoint", e));
        return item::storage_failed;
    }
    return item::written;
}

void writer::abort_transaction() {
    // After some I/O errors SQLite has already rolled back; a second ROLLBACK would fail.
    if (sqlite3_get_autocommit(db_->getHandle()) == 0) db_->tryExec("ROLLBACK");
    after_transaction();
}

// No statement may outlive its transaction on a row (cached_statement.hpp). Should one ever do,
// it is reset here, before its stale snapshot can turn the next BEGIN IMMEDIATE into SQLITE_BUSY,
// and reported: it is a defect to fix, and this keeps it from stopping the intake meanwhile.
void writer::after_transaction() {
    if (const int left = reset_statements_left_open(*db_); left > 0) {
        report("ending a transaction: " + std::to_string(left) + " statement(s) left on a row were reset", nullptr);
    }
}

error writer::storage_failed(std::string_view during, const SQLite::Exception& e) {
    report(during, &e);
    return storage_error(during, e);
}

void writer::report(std::string_view during, const SQLite::Exception* cause) {
    if (!options_.on_storage_failure) return;
    storage_failure f;
    f.during = std::string(during);
    if (cause != nullptr) {
        f.sqlite_code = cause->getExtendedErrorCode();
        f.sqlite_message = sqlite_error_text(*cause);
    }
    try {
        options_.on_storage_failure(f);
    } catch (...) {
        // Telling must not stop the writer.
    }
}

void writer::write_probe_row(SQLite::Database& db) {
    SQLite::Statement probe(db, "INSERT OR REPLACE INTO writer_probe (id, at) VALUES (1, ?)");
    probe.bind(1, utc_timestamp_now());
    probe.exec();
}

void writer::probe() {
    try {
        db_->exec("BEGIN IMMEDIATE");
        write_probe_row(*db_);
        db_->exec("COMMIT");
        after_transaction();
        healthy_ = true;
    } catch (const SQLite::Exception& e) {
        report("probing the storage", &e);
        abort_transaction();
    }
}

// Called by SQLite on the writer's thread after each commit (the commit has been fsynced).
int writer::on_wal_commit(void* self, sqlite3* db, const char* name, int frames) {
    auto& w = *static_cast<writer*>(self);
    if (w.options_.wal_autocheckpoint_pages > 0 && frames >= w.options_.wal_autocheckpoint_pages) {
        // What SQLite's own autocheckpoint does; SQLITE_BUSY (the background checkpoint is
        // running) leaves it to the next commit.
        sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    } else if (w.background_) {
        w.background_->wal_grew(frames);
    }
    return SQLITE_OK;
}

void writer::checkpoint() {
    try {
        db_->execAndGet("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const SQLite::Exception&) {
        // A reader still holding a snapshot keeps part of the WAL; SQLite finishes it later.
    }
}

void writer::fail_queued(const error& e) {
    std::deque<request> left;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        left.swap(queue_);
    }
    for (auto& r : left) fail(r, e);
}

}  // namespace huoli::store
