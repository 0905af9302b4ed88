#include "store/wal_checkpointer.hpp"

#include <sqlite3.h>

#include "core/thread_name.hpp"

namespace huoli::store {

wal_checkpointer::wal_checkpointer(SQLite::Database db, int every_pages)
    : db_(std::move(db)), every_pages_(every_pages) {
    thread_ = std::thread([this] {
        name_this_thread("huoli-ckpt");
        run();
    });
}

wal_checkpointer::~wal_checkpointer() { stop(); }

void wal_checkpointer::wal_grew(int frames) {
    // A WAL started again from its first frame counts from zero.
    if (frames < frames_at_last_request_) frames_at_last_request_ = 0;
    if (frames - frames_at_last_request_ < every_pages_) return;
    frames_at_last_request_ = frames;
    {
        std::lock_guard lock(mutex_);
        due_ = true;
    }
    wake_.notify_one();
}

void wal_checkpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
}

void wal_checkpointer::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return due_ || stopping_; });
            if (stopping_) return;
            due_ = false;
        }
        // The result is not needed. SQLITE_BUSY: the writer is folding the WAL itself. A storage
        // failure here is also the writer's next commit's, which reports it; the WAL keeps every
        // committed page meanwhile.
        sqlite3_wal_checkpoint_v2(db_.getHandle(), "main", SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    }
}

}  // namespace huoli::store
