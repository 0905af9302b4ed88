#include "net/client_verification.hpp"

#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/log_sink.hpp"

namespace huoli::net {
namespace {

// Only this file's verify callback sets this code: a client certificate that is a CA.
constexpr int leaf_is_ca = X509_V_ERR_APPLICATION_VERIFICATION;

int ctx_index() {
    static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
    return index;
}

[[noreturn]] void refuse(const std::string& why) { throw std::runtime_error("TLS: " + why); }

struct bio_closer {
    void operator()(BIO* b) const { BIO_free(b); }
};

std::unique_ptr<BIO, bio_closer> open_file(const std::filesystem::path& p) {
    std::unique_ptr<BIO, bio_closer> bio(BIO_new_file(p.c_str(), "r"));
    if (!bio) refuse("cannot read " + p.string());
    return bio;
}

// PEM blocks of one kind until the end of the file; a damaged block is an error, not the end.
template <typename T, typename Read>
std::vector<T*> read_pem(const std::filesystem::path& p, Read read, const char* what) {
    auto bio = open_file(p);
    std::vector<T*> out;
    ERR_clear_error();
    while (T* item = read(bio.get(), nullptr, nullptr, nullptr)) out.push_back(item);
    const unsigned long e = ERR_peek_last_error();
    const bool clean_end = e == 0 || (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE);
    ERR_clear_error();
    if (!clean_end) {
        for (T* item : out) {
            if constexpr (std::is_same_v<T, X509>) X509_free(item); else X509_CRL_free(item);
        }
        refuse(p.string() + " holds a damaged " + what);
    }
    return out;
}

// The client CA's certificates, freed however load() returns (a damaged CRL file throws).
struct certificates {
    std::vector<X509*> all;
    ~certificates() {
        for (X509* c : all) X509_free(c);
    }
};

}  // namespace

struct client_verification::crl_set {
    STACK_OF(X509_CRL)* crls = sk_X509_CRL_new_null();
    std::size_t revoked = 0;
    ~crl_set() { sk_X509_CRL_pop_free(crls, X509_CRL_free); }
};

client_verification::client_verification(std::filesystem::path client_ca, std::optional<std::filesystem::path> crl)
    : client_ca_(std::move(client_ca)), crl_file_(std::move(crl)) {
    if (!crl_file_) return;
    std::error_code ec;
    loaded_mtime_ = std::filesystem::last_write_time(*crl_file_, ec);
    loaded_size_ = std::filesystem::file_size(*crl_file_, ec);
    current_.store(load());
}

client_verification::~client_verification() = default;

std::shared_ptr<const client_verification::crl_set> client_verification::load() const {
    const certificates owned{read_pem<X509>(client_ca_, PEM_read_bio_X509, "certificate")};
    const std::vector<X509*>& cas = owned.all;
    auto set = std::make_shared<crl_set>();
    for (X509_CRL* c : read_pem<X509_CRL>(*crl_file_, PEM_read_bio_X509_CRL, "CRL")) sk_X509_CRL_push(set->crls, c);
    std::string problem;
    if (sk_X509_CRL_num(set->crls) == 0) problem = crl_file_->string() + " holds no CRL";
    // OpenSSL would only find a foreign or forged CRL at the first handshake: check it now.
    for (int i = 0; problem.empty() && i < sk_X509_CRL_num(set->crls); ++i) {
        X509_CRL* crl = sk_X509_CRL_value(set->crls, i);
        bool signed_by_ca = false;
        for (X509* ca : cas) {
            if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(ca)) == 0 &&
                X509_CRL_verify(crl, X509_get0_pubkey(ca)) == 1) {
                signed_by_ca = true;
            }
        }
        if (!signed_by_ca) problem = "CRL " + std::to_string(i + 1) + " in " + crl_file_->string() + " is not signed by a CA of " + client_ca_.string();
        const auto* revoked = X509_CRL_get_REVOKED(crl);
        set->revoked += revoked ? static_cast<std::size_t>(sk_X509_REVOKED_num(revoked)) : 0;
    }
    // X509_V_FLAG_CRL_CHECK refuses every client whose issuer has no CRL: say so at load, not per handshake.
    for (std::size_t n = 0; problem.empty() && n < cas.size(); ++n) {
        bool has_crl = false;
        for (int i = 0; i < sk_X509_CRL_num(set->crls); ++i) {
            has_crl = has_crl || X509_NAME_cmp(X509_CRL_get_issuer(sk_X509_CRL_value(set->crls, i)),
                                               X509_get_subject_name(cas[n])) == 0;
        }
        if (!has_crl) problem = crl_file_->string() + " has no CRL from CA " + std::to_string(n + 1) + " of " + client_ca_.string();
    }
    if (!problem.empty()) refuse(problem);
    return set;
}

void client_verification::install(SSL_CTX* ctx) {
    SSL_CTX_set_ex_data(ctx, ctx_index(), this);
    SSL_CTX_set_cert_verify_callback(ctx, &client_verification::verify, this);
}

// Called by OpenSSL instead of X509_verify_cert for each client certificate, on an I/O thread.
int client_verification::verify(X509_STORE_CTX* store, void* self) {
    const std::shared_ptr<const crl_set> crls = static_cast<client_verification*>(self)->current_.load();
    if (crls) {
        X509_STORE_CTX_set0_crls(store, crls->crls);
        X509_VERIFY_PARAM_set_flags(X509_STORE_CTX_get0_param(store), X509_V_FLAG_CRL_CHECK);
    }
    int ok = X509_verify_cert(store);
    // A CA certificate is for issuing, not for logging in: one that leaked or was issued by mistake
    // could otherwise sign client certificates of its own, if it ever chained as an intermediate.
    // basicConstraints CA:TRUE is refused even where keyUsage lacks keyCertSign (X509_check_ca alone
    // would call that no CA); anything else OpenSSL takes for a CA (keyCertSign, say) is refused too.
    X509* leaf = X509_STORE_CTX_get0_cert(store);
    if (ok == 1 && leaf && ((X509_get_extension_flags(leaf) & EXFLAG_CA) != 0 || X509_check_ca(leaf) != 0)) {
        X509_STORE_CTX_set_current_cert(store, leaf);
        X509_STORE_CTX_set_error(store, leaf_is_ca);
        ok = 0;
    }
    X509_STORE_CTX_set0_crls(store, nullptr);  // `crls` is released when this returns
    return ok;
}

void client_verification::reload(bool force) {
    if (!crl_file_) return;
    std::lock_guard lock(reload_mutex_);
    std::error_code ec;
    const auto mtime = std::filesystem::last_write_time(*crl_file_, ec);
    const auto size = ec ? 0 : std::filesystem::file_size(*crl_file_, ec);
    // A file that cannot be stat'ed compares as (min time, 0): its failure is reported once too.
    if (!force && mtime == loaded_mtime_ && size == loaded_size_) return;
    loaded_mtime_ = mtime;  // a bad file is reported once, not every second
    loaded_size_ = size;
    try {
        auto set = load();
        const auto count = sk_X509_CRL_num(set->crls);
        const auto revoked = set->revoked;
        current_.store(std::move(set));
        huoli::write_log_line(nlohmann::json{{"event", "crl_loaded"}, {"listener", "internal"}, {"crls", count},
                                            {"revoked", revoked}}
                                 .dump());
    } catch (const std::exception& e) {
        // The message names files and counts only, never a certificate.
        huoli::write_log_line(nlohmann::json{{"event", "crl_reload_failed"}, {"listener", "internal"},
                                            {"kept", "previous CRLs"}, {"reason", e.what()}}
                                 .dump());
    }
}

const char* client_verification::failure_reason(SSL* ssl) {
    switch (SSL_get_verify_result(ssl)) {
        case X509_V_OK:
            return nullptr;
        case X509_V_ERR_CERT_REVOKED:
            return "certificate_revoked";
        case leaf_is_ca:
            return "certificate_is_ca";
        case X509_V_ERR_UNABLE_TO_GET_CRL:
        case X509_V_ERR_CRL_HAS_EXPIRED:
        case X509_V_ERR_CRL_NOT_YET_VALID:
        case X509_V_ERR_CRL_SIGNATURE_FAILURE:
        case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
        case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
        case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
        case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
            return "crl_unusable";
        default:
            return "certificate_rejected";
    }
}

const char* client_verification::refuse_resumed(SSL* ssl) {
    if (!SSL_session_reused(ssl)) return nullptr;
    auto* self = static_cast<client_verification*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), ctx_index()));
    X509* peer = SSL_get0_peer_certificate(ssl);
    if (!self || !peer) return nullptr;
    const auto crls = self->current_.load();
    if (!crls) return nullptr;
    for (int i = 0; i < sk_X509_CRL_num(crls->crls); ++i) {
        X509_REVOKED* entry = nullptr;
        if (X509_CRL_get0_by_cert(sk_X509_CRL_value(crls->crls, i), &entry, peer) == 1) return "certificate_revoked";
    }
    return nullptr;
}

}  // namespace huoli::net
