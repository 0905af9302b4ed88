#include "audit/hash.hpp"

#include <cstdlib>

#include <openssl/evp.h>

namespace huoli::audit {

namespace {

// A failing SHA-256 means a broken crypto library; a wrong hash would silently corrupt
// the log's integrity, so stopping is the only safe answer (as json/digest does).
hash digest_parts(std::string_view a, std::string_view b, std::string_view c) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    hash out{};
    unsigned int n = 0;
    bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1 &&
              EVP_DigestUpdate(ctx, a.data(), a.size()) == 1 && EVP_DigestUpdate(ctx, b.data(), b.size()) == 1 &&
              EVP_DigestUpdate(ctx, c.data(), c.size()) == 1 && EVP_DigestFinal_ex(ctx, out.data(), &n) == 1 &&
              n == out.size();
    EVP_MD_CTX_free(ctx);
    if (!ok) std::abort();
    return out;
}

std::string_view view(const hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

}  // namespace

hash sha256(std::string_view bytes) { return digest_parts(bytes, {}, {}); }

hash leaf_hash(std::string_view leaf) { return digest_parts(std::string_view("\x00", 1), leaf, {}); }

hash node_hash(const hash& left, const hash& right) {
    return digest_parts(std::string_view("\x01", 1), view(left), view(right));
}

hash empty_root() { return sha256({}); }

std::string to_hex(const hash& h) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(h.size() * 2);
    for (unsigned char b : h) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

std::optional<hash> hash_from_hex(std::string_view text) {
    hash out{};
    if (text.size() != out.size() * 2) return std::nullopt;
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = hex_value(text[2 * i]);
        int lo = hex_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<unsigned char>(hi << 4 | lo);
    }
    return out;
}

}  // namespace huoli::audit
