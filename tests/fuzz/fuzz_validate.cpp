// libFuzzer target for the whole submission check the public listener runs: guarded parse,
// JSON Schema validation and the Finnish semantic rules, for each of the three forms. Any byte
// string must give a validated notice or error values, never a crash, an exception or a hang.
// Built by tests/fuzz/run_fuzz.sh (clang only). Phone numbers use the built-in fallback here,
// not libphonenumber (which Google fuzzes upstream), to keep the target self-contained.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "forms/schema_registry.hpp"
#include "forms/validator.hpp"
#include "json/utf8.hpp"

namespace {
std::unique_ptr<huoli::forms::schema_registry> registry;
std::unique_ptr<huoli::forms::validator> checker;
}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* dir = std::getenv("HUOLI_SCHEMA_DIR");
    registry = std::make_unique<huoli::forms::schema_registry>(
        huoli::forms::schema_registry::load(dir ? dir : "schema"));
    checker = std::make_unique<huoli::forms::validator>(*registry);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    huoli::forms::validation_context ctx;
    ctx.today = std::chrono::year_month_day{std::chrono::year{2026}, std::chrono::November, std::chrono::day{23}};
    ctx.municipality_exists = [](std::string_view code) { return code == "205" || code == "091" || code == "588"; };
    for (const auto& form : registry->form_ids()) {
        auto outcome = checker->validate(form, body, ctx);
        if (outcome.ok()) {
            if (!outcome.value().document.is_object()) std::abort();
            continue;
        }
        if (outcome.error().empty()) std::abort();  // a refusal always says why
        for (const auto& e : outcome.error()) {
            // Pointers and messages go into a JSON response: they must be valid UTF-8.
            if (!huoli::json::is_valid_utf8(e.pointer) || e.message.fi.empty() || e.message.sv.empty() ||
                e.message.en.empty()) {
                std::abort();
            }
        }
    }
    return 0;
}
