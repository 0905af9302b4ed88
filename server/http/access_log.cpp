#include "http/access_log.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/utc_timestamp.hpp"

namespace huoli::http {

std::string format_access_log(const access_entry& e) {
    nlohmann::json j = {
        {"time", utc_timestamp(e.time)},
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
