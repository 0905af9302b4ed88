#include "http/query.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "http/percent.hpp"
#include "http/problem.hpp"
#include "json/utf8.hpp"

namespace huoli::http {
namespace {

// C0 controls, DEL, and the C1 controls U+0080..U+009F (C2 80..C2 9F in UTF-8). `s` is valid UTF-8,
// so a C2 byte is always followed by its continuation byte.
bool has_control_character(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) return true;
        if (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f) return true;
    }
    return false;
}

// Percent-decodes one name or value and checks what it decodes to.
result<std::string, query_problem> decode(std::string_view raw) {
    auto octets = percent_decode_octets(raw);
    if (!octets) return query_problem::malformed_escape;
    if (!json::is_valid_utf8(*octets)) return query_problem::invalid_utf8;
    if (has_control_character(*octets)) return query_problem::control_character;
    return std::move(*octets);
}

}  // namespace

const char* to_string(query_problem p) {
    switch (p) {
        case query_problem::too_long: return "too_long";
        case query_problem::too_many_parameters: return "too_many_parameters";
        case query_problem::malformed_escape: return "malformed_escape";
        case query_problem::invalid_utf8: return "invalid_utf8";
        case query_problem::control_character: return "control_character";
        case query_problem::unknown_parameter: return "unknown_parameter";
        case query_problem::repeated_parameter: return "repeated_parameter";
        case query_problem::invalid_value: return "invalid_value";
        case query_problem::out_of_range: return "out_of_range";
    }
    return "invalid_value";
}

std::optional<std::string_view> query_params::get(std::string_view name) const {
    for (const auto& [n, v] : values_) {
        if (n == name) return std::string_view(v);
    }
    return std::nullopt;
}

result<query_params, query_error> parse_query(std::string_view query, std::initializer_list<std::string_view> allowed,
                                              const query_limits& limits) {
    if (query.size() > limits.max_bytes) return query_error{query_problem::too_long, {}, limits.max_bytes};
    query_params out;
    std::size_t pairs = 0;
    while (!query.empty()) {
        const std::size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
        if (pair.empty()) continue;
        if (++pairs > limits.max_parameters) {
            return query_error{query_problem::too_many_parameters, {}, limits.max_parameters};
        }
        const std::size_t eq = pair.find('=');
        auto name = decode(pair.substr(0, eq));
        if (!name) return query_error{name.error(), {}};
        // From here on the parameter is named by the caller's string, not by the client's bytes.
        const auto known = std::find(allowed.begin(), allowed.end(), std::string_view(name.value()));
        if (known == allowed.end()) return query_error{query_problem::unknown_parameter, {}};
        std::string parameter(*known);
        if (out.has(parameter)) return query_error{query_problem::repeated_parameter, std::move(parameter)};
        auto value = decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!value) return query_error{value.error(), std::move(parameter)};
        out.values_.emplace_back(std::move(parameter), std::move(value).value());
    }
    return out;
}

response invalid_query(const query_error& e) {
    const localized m = query_error_message(to_string(e.problem), e.parameter.empty(),
                                            {{"parameter", e.parameter}, {"limit", std::to_string(e.limit)}});
    std::optional<std::string> parameter;
    if (!e.parameter.empty()) parameter = e.parameter;
    const error_entry entry{error_entry::located_by::parameter, parameter, to_string(e.problem), m};
    return problem(problem_code::invalid_query, m,
                   {{"parameter", parameter ? nlohmann::json(*parameter) : nlohmann::json(nullptr)},
                    {"errors", errors_json({entry})}});
}

}  // namespace huoli::http
