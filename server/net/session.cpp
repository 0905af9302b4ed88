#include "net/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "http/access_log.hpp"
#include "http/problem.hpp"
#include "http/security_headers.hpp"
#include "http/wire.hpp"
#include "net/connection_registry.hpp"
#include "net/peer_certificate.hpp"

namespace huoli::net {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using std::chrono::seconds;

constexpr std::size_t max_kept_response_buffer = 16 * 1024;

namespace {

// A fixed code for the audit log; OpenSSL's reason text is only inspected, never passed on.
const char* handshake_failure_reason(const beast::error_code& ec) {
    if (ec == beast::error::timeout) return "handshake_timeout";
    if (ec.category() == asio::error::get_ssl_category()) {
        const std::string what = ec.message();
        if (what.find("certificate") != std::string::npos) return "certificate_rejected";
        return "tls_error";
    }
    return "connection_closed";
}

}  // namespace

session::session(socket_type&& socket, asio::ssl::context& ctx, session_settings settings,
                 std::shared_ptr<connection_registry> registry)
    : stream_(std::move(socket), ctx), settings_(settings), registry_(std::move(registry)) {
    beast::error_code ec;
    auto ep = beast::get_lowest_layer(stream_).socket().remote_endpoint(ec);
    if (!ec) client_address_ = ep.address().to_string();
}

session::~session() { registry_->remove(this); }

void session::run() {
    // Start on the connection's own I/O thread: the listener and stop_when_idle() call from others.
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        beast::get_lowest_layer(self->stream_).expires_after(seconds(self->settings_.limits->handshake_timeout_seconds));
        self->stream_.async_handshake(asio::ssl::stream_base::server,
                                      beast::bind_front_handler(&session::on_handshake, self));
    });
}

void session::stop_when_idle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->stopping_ = true;
        if (self->reading_idle_ && self->buffer_.size() == 0 && !(self->parser_ && self->parser_->got_some())) {
            beast::get_lowest_layer(self->stream_).cancel();
        }
    });
}

void session::on_handshake(beast::error_code ec) {
    // A refused or failed handshake is not logged per request (nothing reached HTTP), but on the
    // internal listener it is an authentication failure for the audit log.
    if (ec) {
        if (settings_.on_auth_failure) (*settings_.on_auth_failure)(handshake_failure_reason(ec), "");
        return;
    }
    if (settings_.listener == http::listener_kind::internal) {
        // verify_fail_if_no_peer_cert means a certificate is present and chains to the client CA here.
        if (auto id = read_peer_identity(stream_.native_handle())) {
            principal_ = auth::match_principal(*id, *settings_.principals);
            if (!principal_ && settings_.on_auth_failure) {
                (*settings_.on_auth_failure)("unmapped_certificate", id->fingerprint_sha256);
            }
        }
    }
    do_read_header();
}

void session::do_read_header() {
    if (stopping_) return do_close();
    parser_.emplace();
    parser_->header_limit(settings_.limits->max_header_bytes);
    parser_->body_limit(settings_.limits->max_body_bytes);
    // The first request gets the header timeout; later ones on a kept-alive connection the shorter idle one.
    const auto limit = first_request_ ? settings_.limits->header_timeout_seconds : settings_.limits->idle_timeout_seconds;
    beast::get_lowest_layer(stream_).expires_after(seconds(limit));
    reading_idle_ = true;
    bhttp::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_header, shared_from_this()));
}

void session::on_header(beast::error_code ec, std::size_t) {
    reading_idle_ = false;
    first_request_ = false;
    if (ec == bhttp::error::header_limit) return fail_with(http::headers_too_large());
    if (ec == bhttp::error::body_limit) return fail_with(http::payload_too_large(settings_.limits->max_body_bytes));
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout) {
        return do_close();
    }
    if (ec) {
        if (parser_ && parser_->got_some()) {
            return fail_with(http::bad_request("malformed_request", {"Virheellinen pyyntö.", "Felaktig begäran.",
                                                                       "Malformed request."}));
        }
        return do_close();
    }
    started_ = std::chrono::steady_clock::now();
    if (settings_.limiter) {
        unsigned retry_after = 1;
        if (!settings_.limiter->allow(client_address_, std::chrono::steady_clock::now(), retry_after)) {
            return fail_with(http::too_many_requests(retry_after));
        }
    }
    const auto& req = parser_->get();
    if (req.version() >= 11 && req.find(bhttp::field::host) == req.end()) {
        // RFC 9112 3.2: a server MUST answer 400 to an HTTP/1.1 request without Host.
        return fail_with(http::bad_request("missing_host", {"Pyynnöstä puuttuu Host-otsake.",
                                                            "Host-rubriken saknas i begäran.",
                                                            "The request has no Host header."}));
    }
    if (bhttp::token_list{req[bhttp::field::expect]}.exists("100-continue") && !parser_->is_done()) {
        // The client waits for this before sending a large body (RFC 9110 10.1.1).
        auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, req.version());
        beast::get_lowest_layer(stream_).expires_after(seconds(settings_.limits->write_timeout_seconds));
        return bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
            if (wec) return self->do_close();
            self->do_read_body();
        });
    }
    do_read_body();
}

void session::do_read_body() {
    if (parser_->is_done()) return dispatch();
    beast::get_lowest_layer(stream_).expires_after(seconds(settings_.limits->body_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_body, shared_from_this()));
}

void session::on_body(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::body_limit) return fail_with(http::payload_too_large(settings_.limits->max_body_bytes));
    if (ec) return do_close();
    dispatch();
}

void session::dispatch() {
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    request_ = http::request{};
    request_.method = std::string(msg.method_string());
    std::string target(msg.target());
    auto q = target.find('?');
    request_.path = target.substr(0, q);
    if (q != std::string::npos) request_.query = target.substr(q + 1);
    for (const auto& f : msg) request_.headers.add(std::string(f.name_string()), std::string(f.value()));
    request_.body = std::move(msg.body());
    request_.listener = settings_.listener;
    request_.client_address = client_address_;
    request_.principal = principal_;
    head_ = msg.method() == bhttp::verb::head;

    // The responder may be called on any thread (a storage commit, a long-poll wake-up).
    auto self = shared_from_this();
    (*settings_.svc)(request_, [self](http::response r) {
        asio::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->do_write(std::move(r)); });
    });
}

void session::fail_with(http::response r) {
    keep_alive_ = false;
    head_ = false;
    if (started_ == std::chrono::steady_clock::time_point{}) started_ = std::chrono::steady_clock::now();
    if (parser_ && parser_->is_header_done()) request_.method = std::string(parser_->get().method_string());
    do_write(std::move(r));
}

void session::do_write(http::response r) {
    http::apply_security_headers(r);
    response_keeps_alive_ = keep_alive_ && !stopping_;
    response_bytes_.clear();
    http::append_response(response_bytes_, r, head_, response_keeps_alive_);

    http::access_entry log;
    log.time = std::chrono::system_clock::now();
    log.listener = http::to_string(settings_.listener);
    log.method = request_.method.empty() ? "-" : request_.method;
    log.route = r.route;
    log.status = r.status;
    log.duration_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_).count();
    log.bytes = r.body.size();
    if (principal_) log.principal = principal_->id;
    http::write_log_line(http::format_access_log(log));

    beast::get_lowest_layer(stream_).expires_after(seconds(settings_.limits->write_timeout_seconds));
    asio::async_write(stream_, asio::buffer(response_bytes_),
                      beast::bind_front_handler(&session::on_write, shared_from_this()));
}

void session::on_write(beast::error_code ec, std::size_t) {
    if (ec) return do_close();
    if (!response_keeps_alive_) return do_close();
    // A kept-alive connection waits for its next request without the last large answer (a
    // form's script, the municipality list); a small one's buffer is kept for the next answer.
    if (response_bytes_.capacity() > max_kept_response_buffer) std::string().swap(response_bytes_);
    started_ = {};
    request_ = http::request{};
    do_read_header();
}

void session::do_close() {
    // We send close_notify and wait only briefly for the peer's: a client that never answers must
    // not hold a connection slot for the whole write timeout, nor hold up a server shutdown.
    const auto wait = stopping_ ? std::chrono::milliseconds(250)
                                : std::chrono::milliseconds(1000 * settings_.limits->tls_shutdown_timeout_seconds);
    beast::get_lowest_layer(stream_).expires_after(wait);
    stream_.async_shutdown(beast::bind_front_handler(&session::on_shutdown, shared_from_this()));
}

void session::on_shutdown(beast::error_code) {
    beast::error_code ec;
    beast::get_lowest_layer(stream_).socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(stream_).close();
}

}  // namespace huoli::net
