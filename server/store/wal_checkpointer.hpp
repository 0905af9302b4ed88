// Folds the WAL back into the database file on a thread of its own, so that the writer, which
// every submission waits for, does not stop to copy pages and fsync the database file.
// Internal to the store (see writer.hpp, which tells it how far the WAL has grown).
//
// Its checkpoints are PASSIVE: they copy what is committed while the writer goes on committing,
// and never wait for a lock. SQLite can start the WAL again from its first frame only when a
// checkpoint has caught up with it as the writer begins a transaction, which under steady load a
// checkpoint running beside the writer never quite does; so the writer keeps a checkpoint of its
// own at a larger size (store_options::wal_autocheckpoint_pages), which then has only the tail to
// copy.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include <SQLiteCpp/Database.h>

namespace huoli::store {

class wal_checkpointer {
public:
    // Takes a read-write connection to the database (already in WAL mode) and starts the thread;
    // a checkpoint is due whenever the WAL has grown by `every_pages` since the last one.
    wal_checkpointer(SQLite::Database db, int every_pages);
    ~wal_checkpointer();
    wal_checkpointer(const wal_checkpointer&) = delete;
    wal_checkpointer& operator=(const wal_checkpointer&) = delete;

    // From the writer's thread after each commit: the WAL now holds `frames` pages.
    void wal_grew(int frames);

    // Finishes a checkpoint in progress and joins the thread. Idempotent.
    void stop();

private:
    void run();

    SQLite::Database db_;
    const int every_pages_;
    int frames_at_last_request_ = 0;  // the writer's thread only

    std::mutex mutex_;
    std::condition_variable wake_;
    bool due_ = false;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace huoli::store
