// UTC timestamps as Huoli writes them everywhere (stored rows, audit events, log lines):
// ISO-8601 with milliseconds and a Z, e.g. "2025-03-04T09:15:02.123Z". Fixed width, so text
// order is time order (the queue relies on that).
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace huoli {

inline std::string utc_timestamp(std::chrono::system_clock::time_point t) {
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

inline std::string utc_timestamp_now() { return utc_timestamp(std::chrono::system_clock::now()); }

// True when `s` has exactly this shape (digits and separators; not a calendar check).
inline bool is_utc_timestamp(std::string_view s) {
    constexpr std::string_view shape = "dddd-dd-ddTdd:dd:dd.dddZ";
    if (s.size() != shape.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool ok = shape[i] == 'd' ? (s[i] >= '0' && s[i] <= '9') : s[i] == shape[i];
        if (!ok) return false;
    }
    return true;
}

// The instant a timestamp of this shape names; nullopt for anything else, or a day that does not exist.
inline std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(const std::string& s) {
    using namespace std::chrono;
    if (!is_utc_timestamp(s)) return std::nullopt;
    int y, mo, d, h, mi, sec, ms;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &y, &mo, &d, &h, &mi, &sec, &ms) != 7) {
        return std::nullopt;
    }
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || sec > 60) return std::nullopt;
    return sys_days{date} + hours{h} + minutes{mi} + seconds{sec} + milliseconds{ms};
}

}  // namespace huoli
