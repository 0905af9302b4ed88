#include "audit/event.hpp"

namespace huoli::audit {

std::string canonical_json(const event& e) {
    nlohmann::json j{
        {"at", e.at},
        {"actor", e.actor},
        {"action", e.action},
        {"object", e.object},
        {"legal_basis", e.legal_basis},
        {"outcome", e.outcome},
        {"data_subjects", e.data_subjects.is_array() ? e.data_subjects : nlohmann::json::array()},
    };
    if (!e.organisation.empty()) j["organisation"] = e.organisation;
    if (!e.fingerprint.empty()) j["fingerprint"] = e.fingerprint;
    if (e.details.is_object() && !e.details.empty()) j["details"] = e.details;
    if (e.extra.is_object()) {
        for (const auto& [key, value] : e.extra.items()) {
            if (!j.contains(key)) j[key] = value;
        }
    }
    return j.dump();  // nlohmann's object keys are sorted: the same event always has the same bytes
}

}  // namespace huoli::audit
