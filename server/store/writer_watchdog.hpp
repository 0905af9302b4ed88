// Tells systemd's watchdog that the process is alive only while its writer completes transactions.
//
// The process staying up is not the service working: when every write fails (a wedged writer,
// a database another process holds locked, a dead disk), the listeners still accept and the
// health check still answers, but the intake has stopped. With WatchdogSec= in the unit
// (deploy/huoli.service), systemd restarts a process that has not said WATCHDOG=1 for that long;
// this class has it said only for a writer that has committed during the last round:
//
//   every `round` (main.cpp: a quarter of WatchdogSec):
//     the writer committed something since the last round  -> pet()
//     it did not (idle, or stuck)                           -> queue one tiny write
//                                                              (store::prove_writable), unless
//                                                              the last one has not come back
//
// So an idle server pets at least every second round (its probe commits in between), a busy one
// every round, and a stuck one never: its probe does not commit, and no second probe queues
// behind one that has not returned. pet() runs on the watchdog's own thread; it must be quick.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "store/store.hpp"

namespace huoli::store {

class writer_watchdog {
public:
    writer_watchdog(store& s, std::chrono::microseconds round, std::function<void()> pet);
    ~writer_watchdog();  // stop()
    writer_watchdog(const writer_watchdog&) = delete;
    writer_watchdog& operator=(const writer_watchdog&) = delete;

    // Stops and joins. A probe still queued finishes harmlessly later. Idempotent.
    void stop();

private:
    void run();

    store& store_;
    std::chrono::microseconds round_;
    std::function<void()> pet_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    // Shared with the probe's callback, which may run after this object is gone.
    std::shared_ptr<std::atomic<bool>> probe_pending_;
    std::thread thread_;
};

}  // namespace huoli::store
