#include "http/access_log.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

#include <nlohmann/json.hpp>

namespace huoli::http {

std::string iso8601_utc(std::chrono::system_clock::time_point t) {
    using namespace std::chrono;
    const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
    std::time_t secs = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
    return buf;
}

std::string format_access_log(const access_entry& e) {
    nlohmann::json j = {
        {"time", iso8601_utc(e.time)},
        {"listener", e.listener},
        {"method", e.method},
        {"route", e.route},
        {"status", e.status},
        {"duration_ms", std::round(e.duration_ms * 1000) / 1000},
        {"bytes", e.bytes},
        {"principal", e.principal.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.principal)},
    };
    return j.dump();
}

}  // namespace huoli::http
