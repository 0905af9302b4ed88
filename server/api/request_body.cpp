#include "api/request_body.hpp"

#include <algorithm>

#include "http/problem.hpp"
#include "json/guarded_parse.hpp"
#include "json/pointer.hpp"

namespace huoli::api {

using nlohmann::json;

body_reader::body_reader(std::string_view body, std::initializer_list<std::string_view> known_members) {
    if (std::all_of(body.begin(), body.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; })) {
        return;
    }
    huoli::json::parse_limits limits;
    limits.max_bytes = 16 * 1024;
    limits.max_depth = 4;
    limits.max_string_bytes = 4096;
    auto parsed = huoli::json::parse_guarded(body, limits);
    if (!parsed) {
        malformed_ = true;
        parse_code_ = parsed.error().code;
        parse_pointer_ = parsed.error().pointer;
        return;
    }
    doc_ = std::move(parsed).value();
    for (const auto& [key, value] : doc_.items()) {
        if (std::find(known_members.begin(), known_members.end(), key) == known_members.end()) {
            add_error(key, "unknown_member");
        }
    }
}

void body_reader::add_error(const std::string& key, const char* code) {
    errors_.push_back({http::error_entry::located_by::pointer, "/" + huoli::json::escape_pointer_token(key), code,
                       http::request_error_message(code)});
}

int body_reader::integer(const char* key, int min, int max, int fallback) {
    if (!doc_.contains(key)) return fallback;
    const json& v = doc_.at(key);
    if (!v.is_number_integer()) {
        add_error(key, "not_an_integer");
        return fallback;
    }
    const auto n = v.get<std::int64_t>();
    if (n < min || n > max) {
        add_error(key, "out_of_range");
        return fallback;
    }
    return static_cast<int>(n);
}

std::optional<std::string> body_reader::text(const char* key, bool required, std::size_t max_chars) {
    if (!doc_.contains(key)) {
        if (required) add_error(key, "required");
        return std::nullopt;
    }
    const json& v = doc_.at(key);
    if (!v.is_string()) {
        add_error(key, "not_a_string");
        return std::nullopt;
    }
    const auto& s = v.get_ref<const std::string&>();
    const std::size_t chars = static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
    if (chars == 0 || chars > max_chars) {
        add_error(key, "bad_length");
        return std::nullopt;
    }
    return s;
}

std::optional<std::string> body_reader::choice(const char* key, bool required,
                                               std::initializer_list<std::string_view> allowed) {
    auto s = text(key, required, 64);
    if (s && std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
        add_error(key, "not_allowed");
        return std::nullopt;
    }
    return s;
}

http::response body_reader::problem() const {
    if (malformed_) {
        const http::error_entry entry{http::error_entry::located_by::pointer, parse_pointer_, parse_code_,
                                      http::field_error_message(parse_code_)};
        return http::problem(http::problem_code::invalid_json, {}, {{"errors", http::errors_json({entry})}});
    }
    return http::problem(http::problem_code::invalid_request, {}, {{"errors", http::errors_json(errors_)}});
}

}  // namespace huoli::api
