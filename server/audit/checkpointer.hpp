// Extends the audit log's Merkle tree with new events and signs checkpoints of it.
//
// Runs on its own SQLite connection (the tree tables are written by nobody else) in short
// transactions of at most `batch` events, with a pause between full ones, so the store's writer
// never waits long for the lock.
// Each transaction extends the tree, saves its state and adds a signed checkpoint of the new
// head, so the persisted state and the newest checkpoint always agree.
//
// open() is start-up: it loads the persisted tree instead of rescanning the log, and checks it
// incrementally — the newest checkpoint verifies with the key and matches the state, the stored
// nodes recompute the same root, and the last leaf is still the hash of its event. Anything else
// throws std::runtime_error naming what is wrong (run `huolictl audit verify` to find where).
// Then it checks the unsigned tail (tail_check.hpp): events after the signed tree that follow a
// clean stop were not written by this server; open() refuses them, or with
// `unsigned_tail = record` sets them aside unsigned and signs the audit.tail_rejected event.
//
// start() signs at least every `interval` while the tree grows; stop() runs a final round.
// run_once() may also be called directly (tests, the CLI); never concurrently with the thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "audit/merkle_tree.hpp"
#include "audit/note_key.hpp"
#include "core/result.hpp"

namespace huoli::audit {

// What open() does with events after a clean stop's final checkpoint (audit.unsigned_tail).
enum class unsigned_tail_policy { refuse, record };

struct checkpointer_options {
    std::chrono::milliseconds interval{10000};
    std::uint64_t batch = 2000;
    // Between two full batches the lock is left to the store's writer for this long: taking it
    // again at once would keep submissions waiting through a whole catch-up.
    std::chrono::milliseconds pause_between_batches{20};
    std::chrono::milliseconds busy_timeout{5000};
    unsigned_tail_policy unsigned_tail = unsigned_tail_policy::refuse;
};

struct tree_head {
    std::uint64_t size = 0;
    hash root{};
};

class checkpointer {
public:
    static std::unique_ptr<checkpointer> open(const std::filesystem::path& db_file, signer key,
                                              checkpointer_options options = {});
    ~checkpointer();
    checkpointer(const checkpointer&) = delete;
    checkpointer& operator=(const checkpointer&) = delete;

    // Catches up with every committed event and signs the new head if the tree grew.
    result<tree_head> run_once();

    void start();
    void stop();  // idempotent: stops the thread after a final run_once()

    tree_head head() const;
    const signer& key() const { return key_; }

private:
    checkpointer(SQLite::Database db, signer key, checkpointer_options options, merkle_tree tree);
    void check_state_on_open();
    void check_tail_on_open();
    result<std::uint64_t> extend_once();
    // Appends `leaves` to the tree, saves it and signs the new head, inside the caller's transaction.
    status sign_leaves(const std::vector<hash>& leaves);
    void run();

    SQLite::Database db_;
    signer key_;
    checkpointer_options options_;
    merkle_tree tree_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    tree_head head_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace huoli::audit
