#include "queue/lease_token.hpp"

#include <openssl/rand.h>

namespace huoli::queue {

result<std::string> new_lease_token() {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return error{"storage_unavailable", "CSPRNG failed"};
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += hex[b >> 4];
        out += hex[b & 0xf];
    }
    return out;
}

bool is_lease_token(const std::string& s) {
    return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace huoli::queue
