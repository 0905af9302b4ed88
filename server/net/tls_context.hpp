// TLS contexts for the two listeners. Start-up code: throws std::runtime_error naming the file.
//
// Policy (Mozilla "intermediate", without finite-field DHE): TLS 1.2 minimum, TLS 1.3 offered, AEAD
// suites with forward secrecy only, no compression, no renegotiation. The context is built with
// `tls_server` and SSL_CTX_set_min_proto_version because Boost 1.81's `tlsv12` method pins TLS 1.2.
#pragma once

#include <memory>

#include <boost/asio/ssl/context.hpp>

#include "config/config.hpp"
#include "net/client_verification.hpp"

namespace huoli::net {

// With `l.client_ca` set, a client certificate chaining to it is required (mutual TLS), and
// `checks` (which must outlive the context's handshakes) refuses CA and revoked certificates.
std::unique_ptr<boost::asio::ssl::context> make_tls_context(const config::listener_config& l,
                                                            client_verification* checks = nullptr);

}  // namespace huoli::net
