#include "store/writer_watchdog.hpp"

#include <cstdint>

#include "core/thread_name.hpp"

namespace huoli::store {

writer_watchdog::writer_watchdog(store& s, std::chrono::microseconds round, std::function<void()> pet)
    : store_(s),
      round_(round),
      pet_(std::move(pet)),
      probe_pending_(std::make_shared<std::atomic<bool>>(false)),
      thread_([this] {
          name_this_thread("huoli-watchdog");
          run();
      }) {}

writer_watchdog::~writer_watchdog() { stop(); }

void writer_watchdog::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void writer_watchdog::run() {
    std::uint64_t seen = store_.commits();
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, round_, [this] { return stopping_; })) {
        const std::uint64_t now = store_.commits();
        if (now != seen) {
            seen = now;
            pet_();
            continue;
        }
        if (probe_pending_->exchange(true)) continue;  // the last probe has not come back: stuck
        // The callback only clears the flag: a probe that commits moves commits() on, and the
        // next round sees that.
        store_.prove_writable([pending = probe_pending_](status) { pending->store(false); });
    }
}

}  // namespace huoli::store
