// Validations per second per form on one core, using the valid examples in
// schema/examples. Usage: validation_bench [iterations per example, default 2000] [bytes]
// With `bytes`, each example's free text is lengthened with plausible sentences to about that
// size (as tests/bench/submissions_bench.sh does for its ~4 KB notices), and the time includes
// the canonical serialisation the server stores. Build Release for meaningful numbers; the
// figure is the fastest of five rounds, since other load on the machine only ever adds time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "forms/schema_registry.hpp"
#include "forms/validator.hpp"
#include "json/canonical.hpp"

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string lengthened(const std::string& body, std::size_t bytes) {
    static const std::string filler =
        "Tilanne on jatkunut useita viikkoja, ja siitä on keskusteltu työyhteisössä ennen ilmoituksen tekemistä. "
        "Havainnot on kirjattu päivämäärineen, ja niistä voidaan kertoa tarkemmin yhteydenoton yhteydessä. ";
    auto doc = nlohmann::json::parse(body);
    auto& holder = doc.contains("reasons") ? doc["reasons"] : doc;
    while (doc.dump(1).size() < bytes) holder["description"] = holder["description"].get<std::string>() + " " + filler;
    return doc.dump(1);
}

// The "today" the examples were written for (expectations.json), not the day the benchmark runs: the semantic
// date rules then give the same answers on any day.
std::chrono::year_month_day reference_date(const std::filesystem::path& root) {
    const auto expectations = nlohmann::json::parse(read_text(root / "schema/examples/expectations.json"));
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(expectations.at("reference_date").get<std::string>().c_str(), "%d-%u-%u", &y, &m, &d) != 3) {
        std::fprintf(stderr, "expectations.json: reference_date is not YYYY-MM-DD\n");
        std::exit(2);
    }
    return std::chrono::year{y} / m / d;
}

}  // namespace

int main(int argc, char** argv) {
    const int iterations = argc > 1 ? std::atoi(argv[1]) : 2000;
    const std::size_t pad_to = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 0;
    const std::filesystem::path root = HUOLI_SOURCE_DIR;
    const auto registry = huoli::forms::schema_registry::load(root / "schema");
    const huoli::forms::validator validator(registry);
    const huoli::forms::validation_context context{reference_date(root), {}};

    std::printf("%-30s %8s %10s %12s %14s\n", "form", "examples", "bytes/doc", "us/validation", "validations/s");
    for (const auto& form_id : registry.form_ids()) {
        std::vector<std::string> bodies;
        std::size_t bytes = 0;
        for (const auto& entry : std::filesystem::directory_iterator(root / "schema/examples" / form_id)) {
            if (entry.path().filename().string().rfind("valid-", 0) != 0) continue;
            bodies.push_back(pad_to ? lengthened(read_text(entry.path()), pad_to) : read_text(entry.path()));
            bytes += bodies.back().size();
        }
        if (bodies.empty()) continue;
        for (const auto& body : bodies) {
            if (!validator.validate(form_id, body, context).ok()) {
                std::fprintf(stderr, "%s: a valid example was refused\n", form_id.c_str());
                return 1;
            }
        }
        double best = 1e300;
        std::size_t sink = 0;
        for (int round = 0; round < 5; ++round) {
            const auto start = std::chrono::steady_clock::now();
            for (int i = 0; i < iterations; ++i) {
                for (const auto& body : bodies) {
                    auto outcome = validator.validate(form_id, body, context);
                    if (pad_to && outcome.ok()) sink += huoli::json::canonical(outcome.value().document).size();
                }
            }
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        const double n = double(iterations) * double(bodies.size());
        std::printf("%-30s %8zu %10zu %12.1f %14.0f\n", form_id.c_str(), bodies.size(), bytes / bodies.size(),
                    best / n * 1e6, n / best);
        if (sink == 1) std::puts("");  // keeps the serialisation from being optimised away
    }
    return 0;
}
