// libFuzzer target for json::parse_guarded: any byte string must give a value or an
// error value, never a crash, an exception, a hang or unbounded memory. Built by
// tests/fuzz/CMakeLists.txt (clang only) or run_fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "json/canonical.hpp"
#include "json/guarded_parse.hpp"
#include "json/utf8.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);

    // Small limits as well as the defaults, so that every limit is reached often.
    huoli::json::parse_limits small;
    small.max_depth = 4;
    small.max_string_bytes = 16;
    small.max_object_members = 4;
    small.max_array_items = 4;
    small.max_total_values = 24;

    for (const auto& limits : {huoli::json::parse_limits{}, small}) {
        auto r = huoli::json::parse_guarded(body, limits);
        if (!r.ok()) {
            // Pointers are put into JSON responses: they must be valid UTF-8.
            if (!huoli::json::is_valid_utf8(r.error().pointer)) std::abort();
            if (r.error().byte_offset > size && r.error().code != "body_too_large") std::abort();
            continue;
        }
        if (!r.value().is_object()) std::abort();
        // An accepted document re-serialises and re-parses to the same canonical form.
        const std::string c = huoli::json::canonical(r.value());
        huoli::json::parse_limits roomy = limits;
        roomy.max_bytes = c.size() + 1;
        auto again = huoli::json::parse_guarded(c, roomy);
        if (!again.ok() || huoli::json::canonical(again.value()) != c) std::abort();
    }
    return 0;
}
