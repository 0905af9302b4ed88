// Ed25519 keys for signed notes (c2sp.org/signed-note, golang.org/x/mod/sumdb/note).
//
// A key is known by its name and its 32-bit key ID,
//   key ID = SHA-256(name || 0x0A || 0x01 || 32-byte public key)[:4], big-endian,
// and is published to auditors as a verifier key ("vkey"):
//   <name>+<key ID, 8 lower-case hex digits>+<base64(0x01 || public key)>
// e.g. "huoli.example/audit+1a2b3c4d+AZ...=". Names must be non-empty, valid UTF-8, and hold
// no Unicode space and no '+'.
//
// Both types are cheap to copy and safe to use from several threads at once (each signature
// uses its own OpenSSL context; the key itself is never modified).
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include <openssl/types.h>

#include "core/result.hpp"

namespace huoli::audit {

using ed25519_public_key = std::array<unsigned char, 32>;

bool is_valid_key_name(std::string_view name);
std::uint32_t note_key_id(std::string_view name, const ed25519_public_key& key);

class verifier {
public:
    // Parses a vkey; errors "invalid_vkey" (syntax, name, length, not Ed25519) and
    // "vkey_id_mismatch" (the key ID is not the one the name and key give).
    static result<verifier> from_vkey(std::string_view vkey);
    static result<verifier> from_public_key(std::string name, const ed25519_public_key& key);

    const std::string& name() const { return name_; }
    std::uint32_t key_id() const { return key_id_; }
    std::string vkey() const;

    // True iff `signature` (64 bytes, without the key ID) is this key's Ed25519 signature of `message`.
    bool verify(std::string_view message, std::string_view signature) const;

private:
    std::string name_;
    std::uint32_t key_id_ = 0;
    ed25519_public_key public_key_{};
    std::shared_ptr<EVP_PKEY> pkey_;
};

class signer {
public:
    // Loads a PEM PKCS#8 Ed25519 private key, as `openssl genpkey -algorithm ed25519` writes it.
    // Start-up only: throws std::runtime_error naming the file when it cannot be read, is not
    // PEM, or is not Ed25519, or when `name` is not a valid key name.
    static signer from_private_key_file(const std::filesystem::path& path, std::string name);

    const std::string& name() const { return name_; }
    std::uint32_t key_id() const { return key_id_; }
    const ed25519_public_key& public_key() const { return public_key_; }
    std::string vkey() const;
    verifier to_verifier() const;

    // The 64-byte Ed25519 signature of `message`; error "sign_failed" only if OpenSSL fails.
    result<std::string> sign(std::string_view message) const;

private:
    signer() = default;

    std::string name_;
    std::uint32_t key_id_ = 0;
    ed25519_public_key public_key_{};
    std::shared_ptr<EVP_PKEY> pkey_;
};

}  // namespace huoli::audit
