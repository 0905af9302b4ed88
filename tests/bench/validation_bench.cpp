// Validations per second per form on one core, using the valid examples in
// schema/examples. Usage: validation_bench [iterations per example, default 2000].
// Build Release for meaningful numbers; not a ctest test.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "forms/schema_registry.hpp"
#include "forms/validator.hpp"

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 2000;
    const std::filesystem::path root = HUOLI_SOURCE_DIR;
    const auto registry = huoli::forms::schema_registry::load(root / "schema");
    const huoli::forms::validator validator(registry);
    const huoli::forms::validation_context context{std::chrono::year{2026} / 11 / 23, {}};

    std::printf("%-30s %8s %10s %12s %14s\n", "form", "examples", "bytes/doc", "us/validation", "validations/s");
    for (const auto& form_id : registry.form_ids()) {
        std::vector<std::string> bodies;
        std::size_t bytes = 0;
        for (const auto& entry : std::filesystem::directory_iterator(root / "schema/examples" / form_id)) {
            if (entry.path().filename().string().rfind("valid-", 0) != 0) continue;
            bodies.push_back(read_text(entry.path()));
            bytes += bodies.back().size();
        }
        if (bodies.empty()) continue;
        for (const auto& body : bodies) {
            if (!validator.validate(form_id, body, context).ok()) {
                std::fprintf(stderr, "%s: a valid example was refused\n", form_id.c_str());
                return 1;
            }
        }
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < iterations; ++i) {
            for (const auto& body : bodies) (void)validator.validate(form_id, body, context);
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double n = double(iterations) * double(bodies.size());
        std::printf("%-30s %8zu %10zu %12.1f %14.0f\n", form_id.c_str(), bodies.size(), bytes / bodies.size(),
                    seconds / n * 1e6, n / seconds);
    }
    return 0;
}
