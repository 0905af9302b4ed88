#include "store/timestamp.hpp"

#include <cctype>

namespace huoli::store {

std::string utc_timestamp_now() { return utc_timestamp(std::chrono::system_clock::now()); }

bool is_utc_timestamp(std::string_view s) {
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (s.size() != shape.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool ok = shape[i] == 'd' ? std::isdigit(static_cast<unsigned char>(s[i])) != 0 : s[i] == shape[i];
        if (!ok) return false;
    }
    return true;
}

}  // namespace huoli::store
