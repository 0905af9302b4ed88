#include "test_support.hpp"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace huoli::forms::testing {

std::filesystem::path source_dir() { return HUOLI_SOURCE_DIR; }

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

const schema_registry& registry() {
    static const schema_registry r = schema_registry::load(source_dir() / "schema");
    return r;
}

const validator& shared_validator() {
    static const validator v(registry());
    return v;
}

namespace {

// First column ("kunta_koodi") of the Statistics Finland file that routing ships.
std::set<std::string, std::less<>> municipality_codes() {
    std::istringstream lines(read_text(source_dir() / "server/routing/data/kunnat_hyvinvointialueet_2026.csv"));
    std::set<std::string, std::less<>> codes;
    std::string line;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
        if (line.size() >= 5 && line[0] == '"') codes.insert(line.substr(1, 3));
    }
    return codes;
}

std::chrono::year_month_day reference_date() {
    auto expectations = nlohmann::json::parse(read_text(source_dir() / "schema/examples/expectations.json"));
    std::string d = expectations.at("reference_date").get<std::string>();
    return std::chrono::year_month_day{std::chrono::year{std::stoi(d.substr(0, 4))},
                                       std::chrono::month{static_cast<unsigned>(std::stoi(d.substr(5, 2)))},
                                       std::chrono::day{static_cast<unsigned>(std::stoi(d.substr(8, 2)))}};
}

}  // namespace

const validation_context& context() {
    static const auto codes = municipality_codes();
    static const validation_context c{reference_date(),
                                      [](std::string_view code) { return codes.find(code) != codes.end(); }};
    return c;
}

nlohmann::json valid_example(const std::string& form_id, const std::string& file) {
    return nlohmann::json::parse(read_text(source_dir() / "schema/examples" / form_id / file));
}

bool has_error(const std::vector<field_error>& errors, const std::string& pointer, const std::string& code) {
    for (const auto& e : errors) {
        if (e.pointer == pointer && e.code == code) return true;
    }
    return false;
}

std::string describe(const std::vector<field_error>& errors) {
    std::string out;
    for (const auto& e : errors) out += "  " + e.pointer + " " + e.code + "\n";
    return out;
}

}  // namespace huoli::forms::testing
