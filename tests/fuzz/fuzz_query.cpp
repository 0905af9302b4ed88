// libFuzzer target for the query-string parser (server/http/query.hpp) and its 400 answer.
// Any bytes after the '?' must give parameters or an error value, never a crash or a hang, and:
//   - parameters only of the allowed names, each once, at most max_parameters, their values
//     UTF-8 without control characters, from a query no longer than max_bytes;
//   - an error names no parameter or an allowed one, and its problem+json is a 400 that parses;
//   - what was parsed, percent-encoded again, parses to the same parameters.
// The first input byte chooses the default limits or small ones, so that both limits are reached.
// Built by run_fuzz.sh with clang++-14 (our code compiled in).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/query.hpp"
#include "json/utf8.hpp"

namespace {

using huoli::http::parse_query;
using huoli::http::query_limits;

// The names the target's route takes: ordinary ones, and two that only decode to themselves when '%'
// and '+' are handled as documented.
constexpr std::string_view allowed[] = {"state", "after", "limit", "subject", "a", "%", "a+b"};

auto parse(std::string_view query, const query_limits& limits) {
    return parse_query(query, {allowed[0], allowed[1], allowed[2], allowed[3], allowed[4], allowed[5], allowed[6]},
                       limits);
}

bool is_allowed(std::string_view name) { return std::find(std::begin(allowed), std::end(allowed), name) != std::end(allowed); }

void check(bool ok) {
    if (!ok) std::abort();
}

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        out += '%';
        out += hex[c >> 4];
        out += hex[c & 15];
    }
    return out;
}

bool has_control_character(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f || (c == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0)) {
            return true;
        }
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const query_limits limits = data[0] & 1 ? query_limits{.max_bytes = 64, .max_parameters = 3} : query_limits{};
    const std::string_view query(reinterpret_cast<const char*>(data) + 1, size - 1);

    auto q = parse(query, limits);
    if (!q) {
        const auto& e = q.error();
        check(e.parameter.empty() || is_allowed(e.parameter));
        const auto r = huoli::http::invalid_query(e);
        check(r.status == 400);
        const auto body = nlohmann::json::parse(r.body, nullptr, false);
        check(!body.is_discarded() && body["code"] == "invalid_query");
        return 0;
    }
    const auto& params = q.value().all();
    check(query.size() <= limits.max_bytes);
    check(params.size() <= limits.max_parameters);
    std::string again;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& [name, value] = params[i];
        check(is_allowed(name));
        for (std::size_t j = 0; j < i; ++j) check(params[j].first != name);
        check(huoli::json::is_valid_utf8(value) && !has_control_character(value));
        check(q.value().get(name) == std::string_view(value));
        again += (i ? "&" : "") + percent_encode(name) + "=" + percent_encode(value);
    }
    // Re-encoded, every byte is an escape: at most three times as long, and one '=' more a pair.
    auto reparsed = parse(again, {.max_bytes = 3 * query.size() + params.size(), .max_parameters = 16});
    check(reparsed && reparsed.value().all() == params);
    return 0;
}
