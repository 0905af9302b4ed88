// How the internal listener verifies client certificates beyond the chain to client_ca: a
// certificate that is itself a CA is refused, and with `listeners.internal.crl` a certificate
// revoked by its CA is refused. Both at the handshake, each with its own reason code for the
// auth.failure audit event.
//
// The CRLs are OpenSSL's: verification runs X509_verify_cert with X509_V_FLAG_CRL_CHECK (the
// client certificate itself is checked, not the CAs above it) against the CRLs loaded last. With
// CRL_CHECK a client whose issuer has no CRL, or whose CRL has expired (nextUpdate passed), is
// refused too (reason crl_unusable), so the file must hold a current CRL from every CA in
// client_ca; load() refuses a file that does not.
//
// Thread safety: handshakes on every I/O thread read the current CRL set through an atomically
// swapped shared_ptr, each for the duration of one verification; reload() builds a new set and
// swaps it in. Start-up (the constructor) throws std::runtime_error; reload() never throws.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>

#include <openssl/ssl.h>

namespace huoli::net {

class client_verification {
public:
    client_verification(std::filesystem::path client_ca, std::optional<std::filesystem::path> crl);
    ~client_verification();
    client_verification(const client_verification&) = delete;
    client_verification& operator=(const client_verification&) = delete;

    // Makes `ctx` verify through this object. It must outlive every handshake on ctx.
    void install(SSL_CTX* ctx);

    // Re-reads the CRL file when its modification time or size changed (`force`: always). A file
    // that does not load keeps the CRLs in force and logs crl_reload_failed (no certificate data).
    void reload(bool force);
    bool has_crl() const { return crl_file_.has_value(); }

    // The auth.failure reason for a handshake on `ssl` that failed, or nullptr when the failure
    // was not the certificate's verification.
    static const char* failure_reason(SSL* ssl);
    // A resumed session skips verification: the certificate it was made with must not have been
    // revoked since. Returns "certificate_revoked", or nullptr.
    static const char* refuse_resumed(SSL* ssl);

private:
    struct crl_set;
    std::shared_ptr<const crl_set> load() const;  // throws std::runtime_error naming what is wrong
    static int verify(X509_STORE_CTX* store, void* self);

    std::filesystem::path client_ca_;
    std::optional<std::filesystem::path> crl_file_;
    std::atomic<std::shared_ptr<const crl_set>> current_;
    std::mutex reload_mutex_;  // one reload at a time (the poll timer and SIGHUP)
    std::filesystem::file_time_type loaded_mtime_{};
    std::uintmax_t loaded_size_ = 0;
};

}  // namespace huoli::net
