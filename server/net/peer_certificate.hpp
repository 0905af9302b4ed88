// Reads who the peer is from a verified TLS connection (OpenSSL only, no Asio).
#pragma once

#include <optional>

#include <openssl/ssl.h>

#include "auth/principal.hpp"

namespace huoli::net {

// nullopt when the peer presented no certificate.
std::optional<auth::peer_identity> read_peer_identity(SSL* ssl);

}  // namespace huoli::net
