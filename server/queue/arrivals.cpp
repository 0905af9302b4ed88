#include "queue/arrivals.hpp"

#include <algorithm>

namespace huoli::queue {

arrivals::arrivals() : thread_([this] { run(); }) {}

arrivals::~arrivals() { close(); }

void arrivals::signal(const std::string& queue) {
    {
        std::lock_guard lock(mutex_);
        ++generations_[queue];
        auto it = std::stable_partition(waiters_.begin(), waiters_.end(),
                                        [&](const waiter& w) { return w.queue != queue; });
        if (it == waiters_.end()) return;
        for (auto w = it; w != waiters_.end(); ++w) due_.emplace_back(std::move(w->wake), woken::arrived);
        waiters_.erase(it, waiters_.end());
    }
    changed_.notify_one();
}

std::uint64_t arrivals::generation(const std::string& queue) const {
    std::lock_guard lock(mutex_);
    auto it = generations_.find(queue);
    return it == generations_.end() ? 0 : it->second;
}

void arrivals::wait(const std::string& queue, std::uint64_t seen, clock::time_point deadline,
                    std::function<void(woken)> wake) {
    {
        std::lock_guard lock(mutex_);
        if (closing_) {
            due_.emplace_back(std::move(wake), woken::closed);
        } else {
            auto it = generations_.find(queue);
            const std::uint64_t now_seen = it == generations_.end() ? 0 : it->second;
            if (now_seen != seen) {
                due_.emplace_back(std::move(wake), woken::arrived);
            } else {
                waiters_.push_back({queue, deadline, std::move(wake)});
            }
        }
    }
    changed_.notify_one();
    // After close() the thread may be gone: run what is due here rather than lose it.
    std::unique_lock lock(mutex_);
    if (closing_) {
        auto due = std::move(due_);
        due_.clear();
        lock.unlock();
        for (auto& [fn, why] : due) fn(why);
    }
}

void arrivals::close() {
    {
        std::lock_guard lock(mutex_);
        if (closing_) return;
        closing_ = true;
        for (auto& w : waiters_) due_.emplace_back(std::move(w.wake), woken::closed);
        waiters_.clear();
    }
    changed_.notify_one();
    if (thread_.joinable()) thread_.join();
}

std::size_t arrivals::waiting() const {
    std::lock_guard lock(mutex_);
    return waiters_.size();
}

void arrivals::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        const auto now = clock::now();
        auto it = std::stable_partition(waiters_.begin(), waiters_.end(),
                                        [&](const waiter& w) { return w.deadline > now; });
        for (auto w = it; w != waiters_.end(); ++w) due_.emplace_back(std::move(w->wake), woken::timed_out);
        waiters_.erase(it, waiters_.end());

        if (!due_.empty()) {
            auto due = std::move(due_);
            due_.clear();
            lock.unlock();
            for (auto& [fn, why] : due) {
                try {
                    fn(why);
                } catch (...) {
                    // A waiter's failure is its own; the notifier keeps serving the others.
                }
            }
            lock.lock();
            continue;
        }
        if (closing_) return;
        if (waiters_.empty()) {
            changed_.wait(lock);
        } else {
            auto next = std::min_element(waiters_.begin(), waiters_.end(), [](const waiter& a, const waiter& b) {
                            return a.deadline < b.deadline;
                        })->deadline;
            changed_.wait_until(lock, next);
        }
    }
}

}  // namespace huoli::queue
