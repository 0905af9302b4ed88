#include "net/session.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "core/log_sink.hpp"
#include "http/access_log.hpp"
#include "http/problem.hpp"
#include "http/request_head.hpp"
#include "http/security_headers.hpp"
#include "http/wire.hpp"
#include "net/client_verification.hpp"
#include "net/connection_registry.hpp"
#include "net/peer_certificate.hpp"

namespace huoli::net {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;
using std::chrono::seconds;

constexpr std::size_t max_kept_response_buffer = 16 * 1024;
// The first read waits for the start of the ClientHello; what it reads is handed to the handshake.
constexpr std::size_t first_read_bytes = 2048;

namespace {

// A fixed code for the audit log; OpenSSL's reason text is only inspected, never passed on.
const char* handshake_failure_reason(const beast::error_code& ec, SSL* ssl) {
    if (ec == beast::error::timeout) return "handshake_timeout";
    if (ssl) {
        if (const char* refused = client_verification::failure_reason(ssl)) return refused;
    }
    if (ec.category() == asio::error::get_ssl_category()) {
        const std::string what = ec.message();
        if (what.find("certificate") != std::string::npos) return "certificate_rejected";
        return "tls_error";
    }
    return "connection_closed";
}

}  // namespace

session::session(socket_type&& socket, std::string peer_address, asio::ssl::context& ctx, session_settings settings,
                 std::shared_ptr<connection_registry> registry)
    : stream_(std::move(socket), ctx),
      settings_(settings),
      registry_(std::move(registry)),
      peer_address_(std::move(peer_address)),
      client_address_(peer_address_) {}

session::~session() { registry_->remove(this, peer_address_); }

void session::run() {
    // Start on the connection's own I/O thread: the listener and stop_when_idle() call from others.
    // A connection that sends nothing is closed after the short handshake-start timeout: until
    // the first byte it costs a connection slot of its address and nothing else.
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        auto& tcp = beast::get_lowest_layer(self->stream_);
        tcp.expires_after(seconds(self->settings_.limits->handshake_start_timeout_seconds));
        tcp.async_read_some(self->buffer_.prepare(first_read_bytes),
                            beast::bind_front_handler(&session::on_first_bytes, self));
    });
}

void session::on_first_bytes(beast::error_code ec, std::size_t bytes) {
    if (ec) {
        if (settings_.on_auth_failure) (*settings_.on_auth_failure)(handshake_failure_reason(ec, nullptr), "");
        return;
    }
    buffer_.commit(bytes);
    beast::get_lowest_layer(stream_).expires_after(seconds(settings_.limits->handshake_timeout_seconds));
    stream_.async_handshake(asio::ssl::stream_base::server, buffer_.data(),
                            beast::bind_front_handler(&session::on_handshake, shared_from_this()));
}

void session::stop_when_idle() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
        self->stopping_ = true;
        if (self->reading_idle_ && self->buffer_.size() == 0 && !(self->parser_ && self->parser_->got_some())) {
            beast::get_lowest_layer(self->stream_).cancel();
        }
    });
}

void session::on_handshake(beast::error_code ec, std::size_t buffered_bytes_used) {
    buffer_.consume(buffered_bytes_used);
    // A refused or failed handshake is not logged per request (nothing reached HTTP), but on the
    // internal listener it is an authentication failure for the audit log.
    if (ec) {
        if (settings_.on_auth_failure) {
            (*settings_.on_auth_failure)(handshake_failure_reason(ec, stream_.native_handle()), "");
        }
        return;
    }
    if (settings_.listener == http::listener_kind::internal) {
        if (const char* revoked = client_verification::refuse_resumed(stream_.native_handle())) {
            if (settings_.on_auth_failure) (*settings_.on_auth_failure)(revoked, "");
            return;  // closed without a response: revoked since the session was made
        }
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
    if (ec == bhttp::error::header_limit) return fail_with(http::problem(http::problem_code::headers_too_large));
    if (ec == bhttp::error::body_limit) return fail_with(http::payload_too_large(settings_.limits->max_body_bytes));
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted || ec == beast::error::timeout) {
        return do_close();
    }
    if (ec) {
        if (parser_ && parser_->got_some()) {
            return fail_with(http::problem(http::problem_code::malformed_request));
        }
        return do_close();
    }
    started_ = std::chrono::steady_clock::now();
    if (auto refused = check_head()) return fail_with(std::move(*refused));
    const auto& req = parser_->get();
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

std::optional<http::response> session::check_head() {
    const auto& req = parser_->get();
    http::request_framing framing;
    framing.version = req.version();
    std::string forwarded, x_forwarded_for;
    const bool from_proxy = settings_.proxies && settings_.proxies->contains(peer_address_);
    auto append = [](std::string& to, std::string_view value) {
        if (!to.empty()) to += ", ";
        to.append(value.data(), value.size());
    };
    for (const auto& f : req) {
        switch (f.name()) {
            case bhttp::field::host: ++framing.host_fields; break;
            case bhttp::field::transfer_encoding:
                if (framing.transfer_encoding_fields++ == 0) framing.transfer_encoding = f.value();
                break;
            case bhttp::field::forwarded:
                if (from_proxy) append(forwarded, f.value());
                break;
            case bhttp::field::unknown:  // Beast has no constant for X-Forwarded-For
                if (from_proxy && beast::iequals(f.name_string(), "X-Forwarded-For")) append(x_forwarded_for, f.value());
                break;
            default: break;
        }
    }
    if (auto refused = http::check_framing(framing)) return refused;
    auto target = http::split_target(req.target());
    if (!target) return http::invalid_target();
    request_.path = std::move(target->path);
    request_.query = std::move(target->query);
    if (from_proxy) client_address_ = http::forwarded_client(peer_address_, forwarded, x_forwarded_for, *settings_.proxies);
    unsigned retry_after = 1;
    if (!allowed_by_rate_limit(req.method_string(), retry_after)) return http::too_many_requests(retry_after);
    return std::nullopt;
}

bool session::allowed_by_rate_limit(std::string_view method, unsigned& retry_after) {
    const bool reading = method == "GET" || method == "HEAD";
    http::rate_limiter* bucket = reading ? settings_.reads : settings_.writes;
    if (!bucket) return true;
    // The internal listener counts per principal: one county's busy integration does not slow another's.
    const std::string& who = principal_ ? principal_->id : client_address_;
    return bucket->allow(who, std::chrono::steady_clock::now(), retry_after);
}

void session::do_read_body() {
    if (parser_->is_done()) return dispatch();
    beast::get_lowest_layer(stream_).expires_after(seconds(settings_.limits->body_timeout_seconds));
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&session::on_body, shared_from_this()));
}

void session::on_body(beast::error_code ec, std::size_t) {
    if (ec == bhttp::error::body_limit) return fail_with(http::payload_too_large(settings_.limits->max_body_bytes));
    // A body that breaks its framing (a chunk size that overflows, a bad chunk line) is answered
    // 400 before the connection closes; a peer that went away or timed out gets nothing.
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_chunk).category() &&
        ec != bhttp::error::partial_message && ec != bhttp::error::end_of_stream) {
        return fail_with(http::problem(http::problem_code::malformed_body));
    }
    if (ec) return do_close();
    dispatch();
}

void session::dispatch() {
    auto msg = parser_->release();
    keep_alive_ = msg.keep_alive();
    // request_.path and .query were set by check_head().
    request_.method = std::string(msg.method_string());
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
    huoli::write_log_line(http::format_access_log(log));

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
