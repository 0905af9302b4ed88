// UTC timestamps as stored: ISO-8601 with milliseconds and a Z, e.g. "2025-03-04T09:15:02.123Z".
// Fixed width, so text order is time order (the queue relies on that).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace huoli::store {

std::string utc_timestamp(std::chrono::system_clock::time_point t);
std::string utc_timestamp_now();

// True when `s` has exactly the stored shape (digits and separators; not a calendar check).
bool is_utc_timestamp(std::string_view s);

}  // namespace huoli::store
