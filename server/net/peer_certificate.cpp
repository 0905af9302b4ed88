#include "net/peer_certificate.hpp"

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509v3.h>

namespace huoli::net {
namespace {

std::string subject_rfc2253(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    // RFC 2253 order, but keep UTF-8 as is so "Mäntyharju" compares as written in the configuration.
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

std::string fingerprint(X509* cert) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    X509_digest(cert, EVP_sha256(), md, &n);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < n; ++i) {
        out.push_back(hex[md[i] >> 4]);
        out.push_back(hex[md[i] & 15]);
    }
    return out;
}

std::vector<std::string> subject_alt_names(X509* cert) {
    std::vector<std::string> out;
    auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (!names) return out;
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
        auto text = [](ASN1_IA5STRING* s) {
            return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                               static_cast<std::size_t>(ASN1_STRING_length(s)));
        };
        if (n->type == GEN_DNS) out.push_back("DNS:" + text(n->d.dNSName));
        if (n->type == GEN_URI) out.push_back("URI:" + text(n->d.uniformResourceIdentifier));
        if (n->type == GEN_EMAIL) out.push_back("email:" + text(n->d.rfc822Name));
    }
    GENERAL_NAMES_free(names);
    return out;
}

}  // namespace

std::optional<auth::peer_identity> read_peer_identity(SSL* ssl) {
    std::unique_ptr<X509, decltype(&X509_free)> cert(SSL_get1_peer_certificate(ssl), X509_free);
    if (!cert) return std::nullopt;
    auth::peer_identity id;
    id.subject = subject_rfc2253(cert.get());
    id.sans = subject_alt_names(cert.get());
    id.fingerprint_sha256 = fingerprint(cert.get());
    return id;
}

}  // namespace huoli::net
