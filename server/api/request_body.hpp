// Reading the small JSON bodies of the internal API: guarded parsing, then typed fields with
// every problem collected as {pointer, code, message:{fi,sv,en}} (RFC 6901 pointers).
//
//   body_reader body(req.body, {"max", "lease_seconds"});
//   int max = body.integer("max", 1, 100, 10);
//   if (!body.ok()) return respond(body.problem());
//
// An empty body reads as {}. Malformed JSON answers 400; wrong members answer 422.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/message.hpp"
#include "http/problems.hpp"

namespace huoli::api {

class body_reader {
public:
    body_reader(std::string_view body, std::initializer_list<std::string_view> known_members);

    // The member's value, or `fallback` when absent (an error is recorded when out of range).
    int integer(const char* key, int min, int max, int fallback);
    // A string of 1..max_chars code points; nullopt when absent (an error when required).
    std::optional<std::string> text(const char* key, bool required, std::size_t max_chars);
    // One of `allowed`; nullopt when absent (an error when required).
    std::optional<std::string> choice(const char* key, bool required, std::initializer_list<std::string_view> allowed);

    bool ok() const { return !malformed_ && errors_.empty(); }
    http::response problem() const;

private:
    void add_error(const std::string& key, const char* code);

    nlohmann::json doc_ = nlohmann::json::object();
    bool malformed_ = false;
    std::string parse_code_;
    std::string parse_pointer_;
    std::vector<http::error_entry> errors_;
};

}  // namespace huoli::api
