#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>

#include "queue/arrivals.hpp"

namespace huoli::queue {
namespace {

using namespace std::chrono_literals;
using clock_type = arrivals::clock;

TEST(arrivals, signal_wakes_a_waiter_of_that_queue_within_100_ms) {
    arrivals a;
    std::promise<std::pair<woken, clock_type::time_point>> woke;
    a.wait("q", a.generation("q"), clock_type::now() + 10s,
           [&](woken w) { woke.set_value({w, clock_type::now()}); });
    std::this_thread::sleep_for(20ms);
    const auto signalled = clock_type::now();
    a.signal("q");
    auto f = woke.get_future();
    ASSERT_EQ(f.wait_for(1s), std::future_status::ready);
    auto [why, when] = f.get();
    EXPECT_EQ(why, woken::arrived);
    EXPECT_LT(when - signalled, 100ms);
}

TEST(arrivals, other_queues_do_not_wake_the_waiter_and_deadline_does) {
    arrivals a;
    std::promise<woken> woke;
    const auto start = clock_type::now();
    a.wait("q", a.generation("q"), start + 150ms, [&](woken w) { woke.set_value(w); });
    a.signal("other");
    auto f = woke.get_future();
    ASSERT_EQ(f.wait_for(2s), std::future_status::ready);
    EXPECT_EQ(f.get(), woken::timed_out);
    EXPECT_GE(clock_type::now() - start, 150ms);
}

TEST(arrivals, signal_between_snapshot_and_wait_is_not_missed) {
    arrivals a;
    const auto seen = a.generation("q");
    a.signal("q");  // e.g. a submission committed while the lease attempt found nothing
    std::promise<woken> woke;
    a.wait("q", seen, clock_type::now() + 10s, [&](woken w) { woke.set_value(w); });
    auto f = woke.get_future();
    ASSERT_EQ(f.wait_for(1s), std::future_status::ready);
    EXPECT_EQ(f.get(), woken::arrived);
}

TEST(arrivals, close_wakes_every_waiter_and_answers_later_waits_at_once) {
    arrivals a;
    std::atomic<int> closed{0};
    for (int i = 0; i < 5; ++i) {
        a.wait("q" + std::to_string(i), 0, clock_type::now() + 30s, [&](woken w) {
            if (w == woken::closed) ++closed;
        });
    }
    EXPECT_EQ(a.waiting(), 5u);
    a.close();
    EXPECT_EQ(closed.load(), 5);
    a.wait("q", 0, clock_type::now() + 30s, [&](woken w) {
        if (w == woken::closed) ++closed;
    });
    EXPECT_EQ(closed.load(), 6);
}

TEST(arrivals, each_waiter_is_woken_exactly_once) {
    arrivals a;
    std::atomic<int> calls{0};
    for (int i = 0; i < 50; ++i) a.wait("q", a.generation("q"), clock_type::now() + 200ms, [&](woken) { ++calls; });
    a.signal("q");
    a.signal("q");
    std::this_thread::sleep_for(400ms);
    EXPECT_EQ(calls.load(), 50);
    EXPECT_EQ(a.waiting(), 0u);
}

}  // namespace
}  // namespace huoli::queue
