// One JSON line per request on stderr (core/log_sink.hpp). By construction it can hold no personal data: it takes
// the route template (never the raw path or query), the status, sizes and the principal id.
#pragma once

#include <chrono>
#include <string>

namespace huoli::http {

struct access_entry {
    std::chrono::system_clock::time_point time;
    const char* listener = "public";
    std::string method;
    std::string route;
    int status = 0;
    double duration_ms = 0;
    std::size_t bytes = 0;
    std::string principal;  // empty on the public listener
};

std::string format_access_log(const access_entry& e);

}  // namespace huoli::http
