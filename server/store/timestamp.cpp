#include "store/timestamp.hpp"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace huoli::store {

std::string utc_timestamp(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(t.time_since_epoch());
    const std::time_t secs = static_cast<std::time_t>(floor<seconds>(ms).count());
    const auto millis = static_cast<int>((ms - floor<seconds>(ms)).count());
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

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
