#include "audit/note_key.hpp"

#include <cstdio>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "audit/base64.hpp"
#include "audit/hash.hpp"
#include "json/utf8.hpp"

namespace huoli::audit {

namespace {

constexpr unsigned char alg_ed25519 = 0x01;  // signature type byte, c2sp.org/signed-note

struct pkey_deleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string key_id_hex(std::uint32_t id) {
    char buf[9];
    std::snprintf(buf, sizeof buf, "%08x", id);
    return buf;
}

std::string encode_vkey(const std::string& name, std::uint32_t id, const ed25519_public_key& key) {
    std::string raw(1, static_cast<char>(alg_ed25519));
    raw.append(reinterpret_cast<const char*>(key.data()), key.size());
    return name + "+" + key_id_hex(id) + "+" + base64_encode(raw);
}

// Go's unicode.IsSpace: ASCII white space plus the Unicode White_Space code points, here as
// their UTF-8 encodings, so a key name can never be split differently by two implementations.
bool contains_unicode_space(std::string_view s) {
    for (char c : s) {
        if (c == ' ' || (c >= '\t' && c <= '\r')) return true;
    }
    static constexpr std::string_view spaces[] = {
        "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F",
        "\xE3\x80\x80"};
    for (auto sp : spaces) {
        if (s.find(sp) != std::string_view::npos) return true;
    }
    for (unsigned char last = 0x80; last <= 0x8A; ++last) {  // U+2000..U+200A
        const char seq[] = {'\xE2', '\x80', static_cast<char>(last)};
        if (s.find(std::string_view(seq, 3)) != std::string_view::npos) return true;
    }
    return false;
}

}  // namespace

bool is_valid_key_name(std::string_view name) {
    return !name.empty() && json::is_valid_utf8(name) && name.find('+') == std::string_view::npos &&
           !contains_unicode_space(name);
}

std::uint32_t note_key_id(std::string_view name, const ed25519_public_key& key) {
    std::string input(name);
    input.push_back('\n');
    input.push_back(static_cast<char>(alg_ed25519));
    input.append(reinterpret_cast<const char*>(key.data()), key.size());
    hash h = sha256(input);
    return std::uint32_t{h[0]} << 24 | std::uint32_t{h[1]} << 16 | std::uint32_t{h[2]} << 8 | h[3];
}

result<verifier> verifier::from_public_key(std::string name, const ed25519_public_key& key) {
    if (!is_valid_key_name(name)) return error{"invalid_vkey", "verifier key name is empty or has a space or '+'"};
    EVP_PKEY* raw = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, key.data(), key.size());
    if (raw == nullptr) return error{"invalid_vkey", "not a valid Ed25519 public key"};
    verifier v;
    v.key_id_ = note_key_id(name, key);
    v.name_ = std::move(name);
    v.public_key_ = key;
    v.pkey_.reset(raw, pkey_deleter{});
    return v;
}

result<verifier> verifier::from_vkey(std::string_view vkey) {
    auto first = vkey.find('+');
    auto second = first == std::string_view::npos ? first : vkey.find('+', first + 1);
    if (second == std::string_view::npos) return error{"invalid_vkey", "verifier key is not name+id+key"};
    std::string_view name = vkey.substr(0, first);
    std::string_view id_hex = vkey.substr(first + 1, second - first - 1);
    auto key = base64_decode(vkey.substr(second + 1));
    std::uint32_t id = 0;
    bool hex_ok = id_hex.size() == 8;
    for (char c : id_hex) {
        int d = hex_digit(c);
        if (d < 0) hex_ok = false;
        id = id << 4 | static_cast<std::uint32_t>(d & 15);
    }
    if (!hex_ok || !key || key->size() != 33 || static_cast<unsigned char>((*key)[0]) != alg_ed25519) {
        return error{"invalid_vkey", "verifier key is not an Ed25519 name+id+key"};
    }
    ed25519_public_key pub{};
    std::copy(key->begin() + 1, key->end(), pub.begin());
    auto v = from_public_key(std::string(name), pub);
    if (!v) return v;
    if (v.value().key_id() != id) return error{"vkey_id_mismatch", "verifier key ID does not match its name and key"};
    return v;
}

std::string verifier::vkey() const { return encode_vkey(name_, key_id_, public_key_); }

bool verifier::verify(std::string_view message, std::string_view signature) const {
    if (signature.size() != 64) return false;
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    bool ok = ctx != nullptr && EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, pkey_.get()) == 1 &&
              EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                               reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}

signer signer::from_private_key_file(const std::filesystem::path& path, std::string name) {
    auto fail = [&](const std::string& why) {
        return std::runtime_error("audit signing key " + path.string() + ": " + why);
    };
    if (!is_valid_key_name(name)) throw fail("key name '" + name + "' is empty or has a space or '+'");
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw fail("cannot be opened");
    EVP_PKEY* raw = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
    std::fclose(f);
    if (raw == nullptr) throw fail("is not a PEM private key");
    std::shared_ptr<EVP_PKEY> pkey(raw, pkey_deleter{});
    if (EVP_PKEY_get_id(raw) != EVP_PKEY_ED25519) throw fail("is not an Ed25519 key");
    signer s;
    std::size_t len = s.public_key_.size();
    if (EVP_PKEY_get_raw_public_key(raw, s.public_key_.data(), &len) != 1 || len != s.public_key_.size()) {
        throw fail("has no Ed25519 public key");
    }
    s.key_id_ = note_key_id(name, s.public_key_);
    s.name_ = std::move(name);
    s.pkey_ = std::move(pkey);
    return s;
}

std::string signer::vkey() const { return encode_vkey(name_, key_id_, public_key_); }

verifier signer::to_verifier() const {
    // Cannot fail: the name was validated and the public key came from a valid private key.
    return verifier::from_public_key(name_, public_key_).value();
}

result<std::string> signer::sign(std::string_view message) const {
    std::string sig(64, '\0');
    std::size_t len = sig.size();
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    // Ed25519 is "pure": it hashes the message itself, so no digest is named (NULL md).
    bool ok = ctx != nullptr && EVP_DigestSignInit(ctx, nullptr, nullptr, nullptr, pkey_.get()) == 1 &&
              EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                             reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1 &&
              len == 64;
    EVP_MD_CTX_free(ctx);
    if (!ok) return error{"sign_failed", "OpenSSL could not make an Ed25519 signature"};
    return sig;
}

}  // namespace huoli::audit
