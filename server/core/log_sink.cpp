// Log lines go to stderr through one background thread. Writing each line with its own
// write(2) under a mutex cost two system calls and a contended lock per request on the
// network threads (measured with perf in tests/bench/submissions_bench.sh); here a request
// only appends to a buffer, and the thread writes whatever has gathered with one call.
// Lines are in order and never interleaved. A line is written at once when the server is
// quiet and within about 20 ms under load; at exit (and when the buffer is large) everything
// pending is written before the call returns, so start-up errors are never lost. A kill -9 can
// lose the lines of the last moment; the audit log, not this one, is the record that must survive.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

#include <unistd.h>

#include "core/thread_name.hpp"
#include "core/log_sink.hpp"

namespace huoli {
namespace {

// Beyond this the caller writes the buffer itself, so a stalled stderr reader slows the
// server down instead of growing memory without bound.
constexpr std::size_t max_pending_bytes = 1 << 20;
constexpr std::chrono::milliseconds gather_interval{20};
constexpr std::size_t busy_lines = 8;

void write_all(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(STDERR_FILENO, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // stderr is gone; there is nowhere to report that
        }
        done += static_cast<std::size_t>(n);
    }
}

class log_sink {
public:
    log_sink()
        : thread_([this] {
              name_this_thread("huoli-log");
              run();
          }) {
        thread_.detach();  // lives as long as the process; see sink() below
    }

    void append(const std::string& line) {
        std::unique_lock lock(mutex_);
        const bool was_empty = pending_.empty();
        pending_.append(line);
        pending_.push_back('\n');
        if (pending_.size() >= max_pending_bytes) return write_pending(lock);
        lock.unlock();
        if (was_empty) wake_.notify_one();
    }

    void flush() {
        std::unique_lock lock(mutex_);
        write_pending(lock);
    }

private:
    void run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            wake_.wait(lock, [this] { return !pending_.empty(); });
            const std::size_t lines = std::count(pending_.begin(), pending_.end(), '\n');
            write_pending(lock);
            // Several lines gathered during one write means load: then let lines gather for a
            // while, one write per interval instead of one per request. A quiet server's lines
            // are written as they come.
            if (lines >= busy_lines) std::this_thread::sleep_for(gather_interval);
            lock.lock();
        }
    }

    // Takes what is pending and writes it with `lock` released. Whoever takes the buffer holds
    // write_mutex_ before letting go of mutex_, so buffers reach stderr in the order taken.
    void write_pending(std::unique_lock<std::mutex>& lock) {
        std::string out;
        out.swap(pending_);
        std::lock_guard writing(write_mutex_);
        lock.unlock();
        write_all(out);
    }

    std::mutex mutex_;
    std::mutex write_mutex_;
    std::condition_variable wake_;
    std::string pending_;
    std::thread thread_;
};

// Never destroyed: a thread that logs while the process exits must not meet a dead object.
// What is pending at a normal exit is written by the atexit handler.
log_sink& sink() {
    static log_sink* const s = [] {
        auto* created = new log_sink;
        std::atexit([] { sink().flush(); });
        return created;
    }();
    return *s;
}

}  // namespace

void write_log_line(const std::string& line) { sink().append(line); }

}  // namespace huoli
