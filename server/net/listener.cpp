#include "net/listener.hpp"

#include <algorithm>

#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>

namespace huoli::net {

namespace asio = boost::asio;

listener::listener(asio::io_context& ioc, context_picker pick, const config::listener_config& cfg,
                   asio::ssl::context& tls, session_settings settings)
    : pick_(std::move(pick)),
      acceptor_(asio::make_strand(ioc)),
      tls_(tls),
      settings_(settings),
      registry_(std::make_shared<connection_registry>(
          settings.limits->max_connections,
          std::min(settings.limits->max_connections_per_address, settings.limits->max_connections), settings.proxies)) {
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(cfg.address), cfg.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

void listener::run() { do_accept(); }

void listener::stop() {
    asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ec;
        self->acceptor_.close(ec);
    });
}

void listener::do_accept() {
    // Each connection lives on one I/O thread's io_context. Only that thread runs it, so the
    // connection's handlers never run concurrently without a strand of their own, also when other
    // threads post to it (storage commits, long-poll wake-ups, shutdown).
    acceptor_.async_accept(pick_(),
                           boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::beast::error_code ec, session::socket_type socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
    if (!ec) {
        boost::system::error_code no_peer;
        const auto peer = socket.remote_endpoint(no_peer);
        // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d; count them as a.b.c.d.
        std::string address;
        if (!no_peer) {
            const auto a = peer.address();
            address = a.is_v6() && a.to_v6().is_v4_mapped()
                          ? asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).to_string()
                          : a.to_string();
        }
        if (!no_peer && registry_->try_reserve(address)) {
            // Each answer goes out as soon as it is written; Nagle's algorithm would hold a
            // small TLS record back until the previous one is acknowledged.
            boost::system::error_code ignored;
            socket.set_option(asio::ip::tcp::no_delay(true), ignored);
            auto s = std::make_shared<session>(std::move(socket), std::move(address), tls_, settings_, registry_);
            registry_->add(s);
            s->run();
        } else {
            boost::system::error_code ignored;
            socket.close(ignored);
        }
    }
    do_accept();
}

}  // namespace huoli::net
