// The audit log as the running server uses it: events go through the store's single writer
// (so an event commits in the same group-committed transaction machinery as everything else),
// the checkpointer signs the tree's head in the background, and authentication failures are
// counted and written once a minute.
//
// Start-up (constructor) throws std::runtime_error when the key cannot be loaded or the
// persisted tree does not match the last signed checkpoint. Shutdown, in this order:
// flush() while the store is open, then the store closes, then stop_checkpoints().
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "audit/checkpointer.hpp"
#include "audit/append_event.hpp"
#include "audit/failure_counter.hpp"
#include "store/store.hpp"

namespace huoli::audit {

struct log_service_options {
    std::filesystem::path signing_key;
    std::string origin;
    std::chrono::milliseconds checkpoint_interval{10000};
    std::chrono::milliseconds failure_window{60000};
    unsigned_tail_policy unsigned_tail = unsigned_tail_policy::refuse;
};

class log_service {
public:
    log_service(store::store& storage, const log_service_options& options);
    ~log_service();
    log_service(const log_service&) = delete;
    log_service& operator=(const log_service&) = delete;

    // Appends `e`; `done` runs once, on the store's writer thread after the commit, with the
    // event's seq (or the store's error). It must be quick: hand real work to another thread.
    void record(event e, std::function<void(result<std::int64_t>)> done);
    // Blocks until committed. Start-up and shutdown only.
    result<std::int64_t> record_sync(event e);

    // Any thread; cheap. See failure_counter.hpp.
    void auth_failure(std::string_view reason, std::string_view fingerprint);

    // Signs what is committed now. Start-up only, before start(): the start-up events are signed
    // before anything is served, so that a crash later in the run is never mistaken for rows
    // added after a clean stop (tail_check.hpp).
    result<tree_head> checkpoint_now() { return checkpointer_->run_once(); }
    void start();             // checkpoints every interval, failure events every window
    void flush();             // stops the failure thread and writes what it counted
    void stop_checkpoints();  // the final checkpoint; after the store has closed

    const signer& key() const { return checkpointer_->key(); }
    tree_head head() const { return checkpointer_->head(); }

private:
    void run_failure_window();

    store::store& storage_;
    log_service_options options_;
    std::unique_ptr<checkpointer> checkpointer_;
    failure_counter failures_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread failure_thread_;
};

}  // namespace huoli::audit
