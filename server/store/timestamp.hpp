// UTC timestamps as stored (core/utc_timestamp.hpp), e.g. "2025-03-04T09:15:02.123Z".
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/utc_timestamp.hpp"

namespace huoli::store {

using huoli::utc_timestamp;
std::string utc_timestamp_now();

// True when `s` has exactly the stored shape (digits and separators; not a calendar check).
bool is_utc_timestamp(std::string_view s);

}  // namespace huoli::store
