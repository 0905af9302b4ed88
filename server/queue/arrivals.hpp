// Wakes long-polling lease requests when a notice becomes available in their queue.
//
// Writers call signal(queue) after their commit (a new submission, a release, a transfer in).
// A lease request that found nothing reads generation(queue) BEFORE its lease attempt and then
// registers wait(queue, seen, deadline, wake): if the generation moved meanwhile it is woken at
// once, so an arrival between the attempt and the registration is never missed.
//
// `wake` runs on the notifier's own thread (never on the caller's, never under a lock), exactly
// once: woken::arrived within milliseconds of a signal, woken::timed_out at the deadline, or
// woken::closed when close() runs. It must be quick (enqueue work, answer a responder).
// Thread-safe; no I/O threads are ever blocked.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace huoli::queue {

enum class woken { arrived, timed_out, closed };

class arrivals {
public:
    using clock = std::chrono::steady_clock;

    arrivals();
    ~arrivals();
    arrivals(const arrivals&) = delete;
    arrivals& operator=(const arrivals&) = delete;

    void signal(const std::string& queue);
    std::uint64_t generation(const std::string& queue) const;
    void wait(const std::string& queue, std::uint64_t seen, clock::time_point deadline,
              std::function<void(woken)> wake);

    // Wakes every waiter with woken::closed and stops the thread; later waits are answered
    // closed at once. Idempotent.
    void close();

    std::size_t waiting() const;

private:
    struct waiter {
        std::string queue;
        clock::time_point deadline;
        std::function<void(woken)> wake;
    };

    void run();

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::map<std::string, std::uint64_t> generations_;
    std::vector<waiter> waiters_;
    std::vector<std::pair<std::function<void(woken)>, woken>> due_;  // to run, outside the lock
    bool closing_ = false;
    std::thread thread_;
};

}  // namespace huoli::queue
