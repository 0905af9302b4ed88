#include "net/server.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/log_sink.hpp"
#include "core/thread_name.hpp"
#include "net/client_verification.hpp"
#include "net/crl_watch.hpp"
#include "net/listener.hpp"
#include "net/tls_context.hpp"

namespace huoli::net {

namespace asio = boost::asio;

// One io_context per I/O thread, each run by that thread alone (listener.cpp relies on it: a
// connection needs no strand), and connections dealt out among them. With one io_context shared
// by every thread, Asio's scheduler handed each completion from thread to thread under its lock
// and woke sleeping threads through a futex (about one futex call per request per thread in the
// submissions benchmark). The first io_context also carries the acceptors, signals and shutdown
// timers.
struct io_threads {
    using guard = asio::executor_work_guard<asio::io_context::executor_type>;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<guard> keep_running;  // until shutdown, also while a thread has no connection
    std::atomic<std::size_t> next{0};

    explicit io_threads(std::uint32_t n) {
        for (std::uint32_t i = 0; i < std::max<std::uint32_t>(n, 1); ++i) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
            keep_running.push_back(asio::make_work_guard(*contexts.back()));
        }
    }
    asio::io_context& main() { return *contexts.front(); }
    asio::io_context& pick() { return *contexts[next.fetch_add(1, std::memory_order_relaxed) % contexts.size()]; }
    void let_finish() {
        for (auto& g : keep_running) g.reset();
    }
    void stop() {
        for (auto& c : contexts) c->stop();
    }
};

// Checked by config::parse_config already.
http::trusted_proxies parse_proxies(const std::vector<std::string>& list) {
    std::vector<ip_prefix> prefixes;
    for (const auto& p : list) {
        if (auto parsed = ip_prefix::parse(p)) prefixes.push_back(*parsed);
    }
    return http::trusted_proxies(std::move(prefixes));
}

struct server::impl {
    const config::server_config& cfg;
    service svc;
    auth_failure_hook on_auth_failure;
    std::unique_ptr<client_verification> client_checks;  // before io: outlives every session
    io_threads io;
    std::unique_ptr<asio::ssl::context> public_tls;
    std::unique_ptr<asio::ssl::context> internal_tls;
    http::rate_limiter submissions;  // public, per address, every method but GET and HEAD
    http::rate_limiter reads;        // public, per address, GET and HEAD
    http::rate_limiter principals;   // internal, per principal
    http::trusted_proxies proxies;
    std::shared_ptr<listener> public_listener;
    std::shared_ptr<listener> internal_listener;
    asio::signal_set signals;
    asio::steady_timer grace;
    asio::steady_timer drain_check;
    crl_watch crl_reloads;
    int signals_seen = 0;

    impl(const config::server_config& c, service s, auth_failure_hook hook)
        : cfg(c),
          svc(std::move(s)),
          on_auth_failure(std::move(hook)),
          client_checks(std::make_unique<client_verification>(*c.internal_listener.client_ca, c.internal_listener.crl)),
          io(c.threads),
          public_tls(make_tls_context(c.public_listener)),
          internal_tls(make_tls_context(c.internal_listener, client_checks.get())),
          submissions(c.limits.rate_per_minute, c.limits.rate_burst),
          reads(c.limits.read_rate_per_minute, c.limits.read_rate_burst),
          principals(c.limits.principal_rate_per_minute, c.limits.principal_rate_burst),
          proxies(parse_proxies(c.public_listener.trusted_proxies)),
          signals(io.main(), SIGTERM, SIGINT),
          grace(io.main()),
          drain_check(io.main()),
          crl_reloads(io.main(), *client_checks) {
        session_settings pub{http::listener_kind::public_, &cfg.limits, &cfg.principals, &svc, &submissions, &reads};
        pub.proxies = &proxies;
        session_settings internal{http::listener_kind::internal, &cfg.limits, &cfg.principals, &svc, &principals,
                                  &principals, on_auth_failure ? &on_auth_failure : nullptr};
        auto pick = [this]() -> asio::io_context& { return io.pick(); };
        public_listener = std::make_shared<listener>(io.main(), pick, cfg.public_listener, *public_tls, pub);
        internal_listener = std::make_shared<listener>(io.main(), pick, cfg.internal_listener, *internal_tls, internal);
    }

    void wait_for_signal() {
        signals.async_wait([this](boost::system::error_code ec, int) {
            if (ec) return;
            if (++signals_seen > 1) {
                huoli::write_log_line(R"({"event":"shutdown","mode":"immediate"})");
                std::_Exit(EXIT_FAILURE);
            }
            huoli::write_log_line(R"({"event":"shutdown","mode":"graceful"})");
            begin_shutdown();
            wait_for_signal();
        });
    }

    void begin_shutdown() {
        public_listener->stop();
        internal_listener->stop();
        for (auto* l : {public_listener.get(), internal_listener.get()}) {
            l->registry()->for_each([](const std::shared_ptr<session>& s) { s->stop_when_idle(); });
        }
        grace.expires_after(std::chrono::seconds(cfg.limits.shutdown_grace_seconds));
        grace.async_wait([this](boost::system::error_code ec) {
            if (!ec) io.stop();  // requests still running after the grace period are cut off
        });
        poll_drained();
    }

    // Once every connection has closed, only the timers and work guards keep the threads running.
    void poll_drained() {
        drain_check.expires_after(std::chrono::milliseconds(50));
        drain_check.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            if (public_listener->registry()->size() == 0 && internal_listener->registry()->size() == 0) {
                grace.cancel();
                signals.cancel();
                crl_reloads.stop();
                io.let_finish();
                return;
            }
            poll_drained();
        });
    }
};

server::server(const config::server_config& cfg, service svc, auth_failure_hook on_auth_failure)
    : impl_(std::make_unique<impl>(cfg, std::move(svc), std::move(on_auth_failure))) {}

server::~server() = default;

void server::run(const std::function<void()>& on_ready) {
    impl_->wait_for_signal();
    impl_->public_listener->run();
    impl_->internal_listener->run();
    if (on_ready) on_ready();
    auto& contexts = impl_->io.contexts;
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < contexts.size(); ++i) threads.emplace_back([&ctx = *contexts[i]] {
        name_this_thread("huoli-net");
        ctx.run();
    });
    contexts.front()->run();
    for (auto& t : threads) t.join();
}

}  // namespace huoli::net
