#include "net/tls_context.hpp"

#include <stdexcept>

#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace huoli::net {
namespace {

constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* tls13_suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
// Resumed sessions must not cross listeners; OpenSSL also refuses resumption under client
// verification unless a session id context is set.
constexpr unsigned char session_id_context[] = "huoli-internal";

void require(bool ok, const std::string& what) {
    if (!ok) throw std::runtime_error("TLS: " + what);
}

}  // namespace

std::unique_ptr<boost::asio::ssl::context> make_tls_context(const config::listener_config& l,
                                                            client_verification* checks) {
    namespace ssl = boost::asio::ssl;
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    SSL_CTX* native = ctx->native_handle();

    require(SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) == 1, "cannot set minimum protocol version");
    SSL_CTX_set_options(native, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 |
                                    SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
    // Idle keep-alive connections give their 2×16 KiB record buffers back.
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    require(SSL_CTX_set_cipher_list(native, tls12_ciphers) == 1, "cannot set TLS 1.2 cipher list");
    require(SSL_CTX_set_ciphersuites(native, tls13_suites) == 1, "cannot set TLS 1.3 suites");
    require(SSL_CTX_set1_groups_list(native, "X25519:P-256:P-384") == 1, "cannot set key exchange groups");

    boost::system::error_code ec;
    ctx->use_certificate_chain_file(l.certificate.string(), ec);
    require(!ec, "cannot load certificate " + l.certificate.string() + ": " + ec.message());
    ctx->use_private_key_file(l.private_key.string(), ssl::context::pem, ec);
    require(!ec, "cannot load private key " + l.private_key.string() + ": " + ec.message());
    require(SSL_CTX_check_private_key(native) == 1, "private key does not match " + l.certificate.string());

    require(SSL_CTX_set_session_id_context(native, session_id_context, sizeof session_id_context - 1) == 1,
            "cannot set session id context");

    if (l.client_ca) {
        ctx->load_verify_file(l.client_ca->string(), ec);
        require(!ec, "cannot load client CA " + l.client_ca->string() + ": " + ec.message());
        STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(l.client_ca->c_str());
        require(names != nullptr, "no CA names in " + l.client_ca->string());
        SSL_CTX_set_client_CA_list(native, names);
        ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
        SSL_CTX_set_verify_depth(native, 4);
        if (checks) checks->install(native);
    } else {
        ctx->set_verify_mode(ssl::verify_none);
    }
    return ctx;
}

}  // namespace huoli::net
