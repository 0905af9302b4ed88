#include "net/server.hpp"

#include <cstdlib>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/thread_name.hpp"
#include "http/access_log.hpp"
#include "net/listener.hpp"
#include "net/tls_context.hpp"

namespace huoli::net {

namespace asio = boost::asio;

struct server::impl {
    const config::server_config& cfg;
    service svc;
    auth_failure_hook on_auth_failure;
    asio::io_context ioc;
    std::unique_ptr<asio::ssl::context> public_tls;
    std::unique_ptr<asio::ssl::context> internal_tls;
    http::rate_limiter limiter;
    std::shared_ptr<listener> public_listener;
    std::shared_ptr<listener> internal_listener;
    asio::signal_set signals;
    asio::steady_timer grace;
    asio::steady_timer drain_check;
    int signals_seen = 0;

    impl(const config::server_config& c, service s, auth_failure_hook hook)
        : cfg(c),
          svc(std::move(s)),
          on_auth_failure(std::move(hook)),
          ioc(static_cast<int>(c.threads)),
          public_tls(make_tls_context(c.public_listener)),
          internal_tls(make_tls_context(c.internal_listener)),
          limiter(c.limits.rate_per_minute, c.limits.rate_burst),
          signals(ioc, SIGTERM, SIGINT),
          grace(ioc),
          drain_check(ioc) {
        session_settings pub{http::listener_kind::public_, &cfg.limits, &cfg.principals, &svc, &limiter};
        session_settings internal{http::listener_kind::internal, &cfg.limits, &cfg.principals, &svc, nullptr,
                                  on_auth_failure ? &on_auth_failure : nullptr};
        public_listener = std::make_shared<listener>(ioc, cfg.public_listener, *public_tls, pub);
        internal_listener = std::make_shared<listener>(ioc, cfg.internal_listener, *internal_tls, internal);
    }

    void wait_for_signal() {
        signals.async_wait([this](boost::system::error_code ec, int) {
            if (ec) return;
            if (++signals_seen > 1) {
                http::write_log_line(R"({"event":"shutdown","mode":"immediate"})");
                std::_Exit(EXIT_FAILURE);
            }
            http::write_log_line(R"({"event":"shutdown","mode":"graceful"})");
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
            if (!ec) ioc.stop();  // requests still running after the grace period are cut off
        });
        poll_drained();
    }

    // Once every connection has closed, only the timers keep run() alive: cancel them.
    void poll_drained() {
        drain_check.expires_after(std::chrono::milliseconds(50));
        drain_check.async_wait([this](boost::system::error_code ec) {
            if (ec) return;
            if (public_listener->registry()->size() == 0 && internal_listener->registry()->size() == 0) {
                grace.cancel();
                signals.cancel();
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
    std::vector<std::thread> threads;
    for (std::uint32_t i = 1; i < impl_->cfg.threads; ++i) threads.emplace_back([this] {
        name_this_thread("huoli-net");
        impl_->ioc.run();
    });
    impl_->ioc.run();
    for (auto& t : threads) t.join();
}

}  // namespace huoli::net
