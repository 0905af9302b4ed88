#include "routing/municipality_table.hpp"

#include <algorithm>
#include <map>

#include "json/digest.hpp"
#include "routing/csv_reader.hpp"

namespace huoli::routing {
namespace {

error invalid(const std::filesystem::path& file, const std::string& why) {
    return {"table_invalid", file.filename().string() + ": " + why};
}

bool all_digits(std::string_view s, std::size_t length) {
    return s.size() == length && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Column indices by name, so a reordered export still loads; a missing column is an error.
result<std::vector<int>> columns(const csv_table& t, const std::filesystem::path& file,
                                 std::initializer_list<std::string_view> names) {
    std::vector<int> out;
    for (std::string_view n : names) {
        const int c = t.column(n);
        if (c < 0) return invalid(file, "missing column " + std::string(n));
        out.push_back(c);
    }
    return out;
}

result<std::vector<organisation>> load_organisations(const std::filesystem::path& file, const std::string& bytes) {
    auto parsed = parse_quoted_csv(bytes);
    if (!parsed) return parsed.error();
    const csv_table& t = parsed.value();
    auto cols = columns(t, file, {"hyvinvointialue_koodi", "nimi_fi", "nimi_sv", "nimi_en"});
    if (!cols) return cols.error();
    const auto& c = cols.value();

    std::vector<organisation> orgs;
    for (const auto& row : t.rows) {
        organisation o;
        o.county_code = row[c[0]];
        o.name = {row[c[1]], row[c[2]], row[c[3]]};
        if (!all_digits(o.county_code, 2)) return invalid(file, "bad county code " + o.county_code);
        auto id = organisation_id_from_english_name(o.name.en);
        if (!id) return invalid(file, "county " + o.county_code + " has an English name that gives no id");
        o.id = std::move(*id);
        o.aland = o.county_code == aland_county_code;
        for (const auto& seen : orgs) {
            if (seen.county_code == o.county_code) return invalid(file, "duplicate county " + o.county_code);
            if (seen.id == o.id) return invalid(file, "two counties give the id " + o.id);
        }
        orgs.push_back(std::move(o));
    }
    std::sort(orgs.begin(), orgs.end(), [](const auto& a, const auto& b) { return a.county_code < b.county_code; });
    return orgs;
}

}  // namespace

// Longer chains than this (a code abolished, its successor abolished, …) mean a cycle in the data.
constexpr int max_merger_chain = 16;

result<municipality_table> municipality_table::load(const std::filesystem::path& municipalities_csv,
                                                     const std::filesystem::path& counties_csv, table_info info,
                                                     const std::vector<merger>& mergers) {
    auto m_bytes = read_file_bytes(municipalities_csv);
    if (!m_bytes) return m_bytes.error();
    auto c_bytes = read_file_bytes(counties_csv);
    if (!c_bytes) return c_bytes.error();

    auto orgs = load_organisations(counties_csv, c_bytes.value());
    if (!orgs) return orgs.error();
    std::map<std::string, const organisation*> by_county;
    for (const auto& o : orgs.value()) by_county[o.county_code] = &o;

    auto parsed = parse_quoted_csv(m_bytes.value());
    if (!parsed) return parsed.error();
    const csv_table& t = parsed.value();
    auto cols = columns(t, municipalities_csv,
                        {"kunta_koodi", "kunta_nimi_fi", "kunta_nimi_sv", "kunta_nimi_en", "hyvinvointialue_koodi"});
    if (!cols) return cols.error();
    const auto& c = cols.value();

    municipality_table table;
    for (const auto& row : t.rows) {
        municipality m;
        m.code = row[c[0]];
        m.name = {row[c[1]], row[c[2]], row[c[3]]};
        m.county_code = row[c[4]];
        if (!all_digits(m.code, 3)) return invalid(municipalities_csv, "bad municipality code " + m.code);
        const auto county = by_county.find(m.county_code);
        if (county == by_county.end()) {
            return invalid(municipalities_csv, "municipality " + m.code + " names unknown county " + m.county_code);
        }
        m.county_name = county->second->name;
        m.organisation_id = county->second->id;
        m.aland = county->second->aland;
        if (!table.by_code_.emplace(m.code, table.municipalities_.size()).second) {
            return invalid(municipalities_csv, "duplicate municipality code " + m.code);
        }
        table.municipalities_.push_back(std::move(m));
    }
    for (const merger& m : mergers) {
        if (table.by_code_.count(m.abolished_code)) {
            return invalid(municipalities_csv, "abolished code " + m.abolished_code + " (" + m.abolished_name +
                                                   ") is listed as current");
        }
        if (!table.mergers_.emplace(m.abolished_code, m).second) {
            return invalid(municipalities_csv, "abolished code " + m.abolished_code + " has two mergers");
        }
    }
    std::sort(table.municipalities_.begin(), table.municipalities_.end(),
              [](const auto& a, const auto& b) { return a.code < b.code; });
    for (std::size_t i = 0; i < table.municipalities_.size(); ++i) table.by_code_[table.municipalities_[i].code] = i;

    for (const merger& m : mergers) {
        if (!table.find(m.abolished_code)) {
            return invalid(municipalities_csv, "successor " + m.successor_code + " of abolished " + m.abolished_code +
                                                   " is not a municipality of this table");
        }
    }
    table.organisations_ = std::move(orgs.value());
    table.info_ = std::move(info);
    table.content_hash_ = huoli::json::sha256_hex(m_bytes.value() + c_bytes.value());
    return table;
}

const municipality* municipality_table::find(std::string_view code) const {
    std::string current(code);
    for (int step = 0; step <= max_merger_chain; ++step) {
        if (const auto it = by_code_.find(current); it != by_code_.end()) return &municipalities_[it->second];
        const auto merged = mergers_.find(current);
        if (merged == mergers_.end()) return nullptr;
        current = merged->second.successor_code;
    }
    return nullptr;  // a cycle: load() refuses such data, so never reached
}

const merger* municipality_table::merger_of(std::string_view abolished_code) const {
    const auto it = mergers_.find(std::string(abolished_code));
    return it == mergers_.end() ? nullptr : &it->second;
}

const organisation* municipality_table::find_organisation(std::string_view id) const {
    for (const auto& o : organisations_) {
        if (o.id == id) return &o;
    }
    return nullptr;
}

}  // namespace huoli::routing
