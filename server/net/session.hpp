// One TLS connection: handshake, then request after request until the peer, a timeout or shutdown
// ends it. Each async step is a do_x/on_x pair; every step has its own deadline.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/beast/core/basic_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "config/config.hpp"
#include "http/forwarded.hpp"
#include "http/message.hpp"
#include "http/rate_limiter.hpp"
#include "net/server.hpp"

namespace huoli::net {

class connection_registry;

struct session_settings {
    http::listener_kind listener;
    const config::limits* limits;
    const std::vector<auth::principal_rule>* principals;
    const service* svc;
    // Token buckets (null: none). On the public listener per client address, `writes` for every
    // method but GET and HEAD (the submission budget) and `reads` for those; on the internal
    // listener one bucket per principal, the same for both.
    http::rate_limiter* writes = nullptr;
    http::rate_limiter* reads = nullptr;
    const auth_failure_hook* on_auth_failure = nullptr;  // internal listener only
    const http::trusted_proxies* proxies = nullptr;      // public listener only
};

class session : public std::enable_shared_from_this<session> {
public:
    // A connection belongs to one io_context (server.cpp), so its I/O objects name that executor
    // type instead of the type-erased any_io_executor, whose copies and queries on every
    // asynchronous step cost ≈ 3% of the I/O threads' time.
    using executor_type = boost::asio::io_context::executor_type;
    using socket_type = boost::asio::basic_stream_socket<boost::asio::ip::tcp, executor_type>;

    // `peer_address` is the one the registry reserved a place for (listener.cpp).
    session(socket_type&& socket, std::string peer_address, boost::asio::ssl::context& ctx,
            session_settings settings, std::shared_ptr<connection_registry> registry);
    ~session();

    void run();
    // Shutdown: close now if waiting for a request, otherwise after the response in flight.
    void stop_when_idle();

private:
    using beast_request_parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
    using tcp_stream = boost::beast::basic_stream<boost::asio::ip::tcp, executor_type>;

    void on_first_bytes(boost::beast::error_code ec, std::size_t bytes);
    void on_handshake(boost::beast::error_code ec, std::size_t buffered_bytes_used);
    std::optional<http::response> check_head();  // framing, target and rate limit of parser_'s head
    bool allowed_by_rate_limit(std::string_view method, unsigned& retry_after);
    void do_read_header();
    void on_header(boost::beast::error_code ec, std::size_t bytes);
    void do_read_body();
    void on_body(boost::beast::error_code ec, std::size_t bytes);
    void dispatch();
    void do_write(http::response r);
    void on_write(boost::beast::error_code ec, std::size_t bytes);
    void do_close();
    void on_shutdown(boost::beast::error_code ec);
    void fail_with(http::response r);  // answer, then close the connection

    boost::beast::ssl_stream<tcp_stream> stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<beast_request_parser> parser_;
    std::string response_bytes_;  // the response being written (http/wire.hpp)
    bool response_keeps_alive_ = false;
    session_settings settings_;
    std::shared_ptr<connection_registry> registry_;
    std::string peer_address_;    // the TCP peer
    std::string client_address_;  // the peer, or the client a trusted proxy names (http/forwarded.hpp)
    std::optional<auth::principal> principal_;
    http::request request_;
    std::chrono::steady_clock::time_point started_;
    bool first_request_ = true;
    bool reading_idle_ = false;     // waiting for the first byte of a request
    bool stopping_ = false;
    bool keep_alive_ = false;
    bool head_ = false;
};

}  // namespace huoli::net
