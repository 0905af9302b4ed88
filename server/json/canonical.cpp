#include "json/canonical.hpp"

namespace huoli::json {

std::string canonical(const nlohmann::json& document) {
    // indent -1 = compact; ensure_ascii false keeps UTF-8 as is (JCS does the same).
    return document.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace huoli::json
