#include "store/receipt.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "store/new_notice.hpp"

namespace huoli::store {
namespace {

error random_failed() { return {storage_unavailable, "random number generator failed"}; }

// Every RAND_bytes call asks the kernel for the process id (OpenSSL's check for a fork), and the
// writer draws twice for every notice it stores; drawing 1 KiB at a time makes that one system
// call per two dozen notices. Bytes handed out are wiped from the pool. The server never forks;
// a forked child would hand out its parent's remaining bytes again.
bool random_bytes(unsigned char* out, std::size_t n) {
    constexpr std::size_t pool_size = 1024;
    thread_local std::array<unsigned char, pool_size> pool{};
    thread_local std::size_t used = pool_size;
    if (n > pool_size) return RAND_bytes(out, static_cast<int>(n)) == 1;
    if (pool_size - used < n) {
        if (RAND_bytes(pool.data(), static_cast<int>(pool_size)) != 1) return false;
        used = 0;
    }
    std::memcpy(out, pool.data() + used, n);
    OPENSSL_cleanse(pool.data() + used, n);
    used += n;
    return true;
}

}  // namespace

result<std::string> new_notice_id() {
    // UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then 74 random bits. Time-ordered ids keep
    // each group commit's index inserts together at the right edge of every B-tree keyed by notice
    // id, instead of scattering them over the whole file: fewer pages written per notice.
    std::array<unsigned char, 16> b{};
    if (!random_bytes(b.data() + 6, 10)) return random_failed();
    const auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                   std::chrono::system_clock::now().time_since_epoch())
                                                   .count());
    for (int i = 0; i < 6; ++i) b[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ms >> (40 - 8 * i));
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x70);  // version 7
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 9562 variant
    static constexpr char hex[] = "0123456789abcdef";
    std::string id;
    id.reserve(36);
    for (std::size_t i = 0; i < b.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
        id.push_back(hex[b[i] >> 4]);
        id.push_back(hex[b[i] & 15]);
    }
    return id;
}

result<std::string> new_receipt() {
    constexpr unsigned n = receipt_alphabet.size();
    constexpr unsigned limit = 256 - 256 % n;  // bytes at or above would bias the low symbols
    std::string symbols;
    std::array<unsigned char, 32> pool{};
    while (symbols.size() < 10) {
        if (!random_bytes(pool.data(), pool.size())) return random_failed();
        for (unsigned char byte : pool) {
            if (byte >= limit) continue;
            symbols.push_back(receipt_alphabet[byte % n]);
            if (symbols.size() == 10) break;
        }
    }
    return symbols.substr(0, 4) + '-' + symbols.substr(4, 4) + '-' + symbols.substr(8, 2);
}

bool is_receipt(std::string_view s) {
    if (s.size() != 12 || s[4] != '-' || s[9] != '-') return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (i == 4 || i == 9) continue;
        if (receipt_alphabet.find(s[i]) == std::string_view::npos) return false;
    }
    return true;
}

}  // namespace huoli::store
