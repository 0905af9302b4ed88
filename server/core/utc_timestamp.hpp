// UTC timestamps as Huoli writes them everywhere (stored rows, audit events, log lines):
// ISO-8601 with milliseconds and a Z, e.g. "2025-03-04T09:15:02.123Z". Fixed width, so text
// order is time order (the queue relies on that).
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

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

}  // namespace huoli
