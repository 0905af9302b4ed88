#include "http/message.hpp"

#include <strings.h>

namespace huoli::http {

const char* to_string(listener_kind k) { return k == listener_kind::public_ ? "public" : "internal"; }

bool same_field_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

void headers::set(std::string name, std::string value) {
    for (auto it = fields_.begin(); it != fields_.end();) {
        it = same_field_name(it->first, name) ? fields_.erase(it) : it + 1;
    }
    fields_.emplace_back(std::move(name), std::move(value));
}

void headers::add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

std::optional<std::string_view> headers::get(std::string_view name) const {
    for (const auto& [n, v] : fields_) {
        if (same_field_name(n, name)) return std::string_view(v);
    }
    return std::nullopt;
}

}  // namespace huoli::http
