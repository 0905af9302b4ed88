// Accepts TCP connections on one address and hands each to a new session, or drops it at once
// when the listener already has max_connections open, or the client address its
// max_connections_per_address (refusing fast costs the server nothing).
#pragma once

#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "net/connection_registry.hpp"
#include "net/session.hpp"

namespace huoli::net {

class listener : public std::enable_shared_from_this<listener> {
public:
    // The I/O thread (its io_context) that a new connection will live on.
    using context_picker = std::function<boost::asio::io_context&()>;

    // Accepts on `ioc`; each connection then runs on the io_context `pick` returns. Throws
    // boost::system::system_error when the address cannot be bound.
    listener(boost::asio::io_context& ioc, context_picker pick, const config::listener_config& cfg,
             boost::asio::ssl::context& tls, session_settings settings);

    void run();
    // Stops accepting; open sessions finish their current request and close.
    void stop();
    std::shared_ptr<connection_registry> registry() const { return registry_; }

private:
    void do_accept();
    void on_accept(boost::beast::error_code ec, session::socket_type socket);

    context_picker pick_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::ssl::context& tls_;
    session_settings settings_;
    std::shared_ptr<connection_registry> registry_;
};

}  // namespace huoli::net
