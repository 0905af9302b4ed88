#include "routing/reference_data.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "json/digest.hpp"
#include "routing/csv_reader.hpp"
#include "routing/working_days.hpp"

namespace huoli::routing {
namespace {

using nlohmann::json;
using namespace std::chrono;

constexpr const char* manifest_name = "tables.json";
constexpr std::size_t max_text = 500;

error invalid(const std::string& where, const std::string& why) { return {"reference_data_invalid", where + ": " + why}; }

bool digits(std::string_view s, std::size_t n) {
    return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A file named by the manifest: a plain name inside the data directory, nothing that climbs out.
bool plain_file_name(const std::string& name) {
    return !name.empty() && name.size() <= 128 && name != "." && name != ".." &&
           std::all_of(name.begin(), name.end(), [](char c) { return c > 0x20 && c < 0x7f && c != '/' && c != '\\'; });
}

struct manifest_entry {
    table_info info;
    std::string municipalities_file;
    std::string counties_file;
};

struct manifest {
    std::vector<manifest_entry> tables;
    std::string mergers_file;
};

result<std::string> text_member(const json& obj, const std::string& pointer, const char* key, std::size_t max) {
    const std::string p = pointer + "/" + key;
    if (!obj.contains(key) || !obj[key].is_string() || obj[key].get_ref<const std::string&>().empty() ||
        obj[key].get_ref<const std::string&>().size() > max) {
        return invalid(std::string(manifest_name) + ": " + p, "is required: a text of 1–" + std::to_string(max) + " bytes");
    }
    return obj[key].get<std::string>();
}

result<manifest> parse_manifest(const std::string& bytes) {
    const std::string file = manifest_name;
    if (bytes.size() > max_manifest_bytes) return invalid(file, "larger than " + std::to_string(max_manifest_bytes) + " bytes");
    const json doc = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return invalid(file, "is not a JSON object");
    for (const auto& [key, value] : doc.items()) {
        if (key != "$comment" && key != "tables" && key != "mergers") return invalid(file + ": /" + key, "unknown key");
    }
    manifest m;
    auto mergers = text_member(doc, "", "mergers", 128);
    if (!mergers) return mergers.error();
    if (!plain_file_name(mergers.value())) return invalid(file + ": /mergers", "must be a file name in the data directory");
    m.mergers_file = mergers.value();

    if (!doc.contains("tables") || !doc["tables"].is_array() || doc["tables"].empty() || doc["tables"].size() > max_tables) {
        return invalid(file + ": /tables", "must be an array of 1–" + std::to_string(max_tables) + " tables");
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < doc["tables"].size(); ++i) {
        const std::string p = "/tables/" + std::to_string(i);
        const json& t = doc["tables"][i];
        if (!t.is_object()) return invalid(file + ": " + p, "must be an object");
        for (const auto& [key, value] : t.items()) {
            static const std::set<std::string> known{"name", "year", "valid_from", "municipalities", "counties", "source"};
            if (!known.count(key)) return invalid(file + ": " + p + "/" + key, "unknown key");
        }
        manifest_entry e;
        auto name = text_member(t, p, "name", 64);
        auto from = text_member(t, p, "valid_from", 10);
        auto municipalities = text_member(t, p, "municipalities", 128);
        auto counties = text_member(t, p, "counties", 128);
        auto source = text_member(t, p, "source", max_text);
        for (const auto* r : {&name, &from, &municipalities, &counties, &source}) {
            if (!*r) return r->error();
        }
        if (!t.contains("year") || !t["year"].is_number_integer() || t["year"].get<long long>() < 2000 ||
            t["year"].get<long long>() > 9999) {
            return invalid(file + ": " + p + "/year", "is required: an integer year 2000–9999");
        }
        e.info.name = name.value();
        e.info.year = static_cast<int>(t["year"].get<long long>());
        e.info.source = source.value();
        const auto valid_from = parse_iso_date(from.value());
        if (!valid_from) return invalid(file + ": " + p + "/valid_from", "must be a date YYYY-MM-DD");
        e.info.valid_from = *valid_from;
        if (!names.insert(e.info.name).second) return invalid(file + ": " + p + "/name", "names another table too");
        if (!m.tables.empty() && sys_days{e.info.valid_from} <= sys_days{m.tables.back().info.valid_from}) {
            return invalid(file + ": " + p + "/valid_from", "must be later than the previous table's");
        }
        for (const auto& [what, value] : {std::pair{"municipalities", &municipalities}, std::pair{"counties", &counties}}) {
            if (!plain_file_name(value->value())) {
                return invalid(file + ": " + p + "/" + what, "must be a file name in the data directory");
            }
        }
        e.municipalities_file = municipalities.value();
        e.counties_file = counties.value();
        m.tables.push_back(std::move(e));
    }
    for (std::size_t i = 0; i + 1 < m.tables.size(); ++i) {
        m.tables[i].info.valid_until = year_month_day{sys_days{m.tables[i + 1].info.valid_from} - days{1}};
    }
    return m;
}

result<std::vector<merger>> parse_mergers(const std::string& file, const std::string& bytes) {
    auto parsed = parse_quoted_csv(bytes);
    if (!parsed) return error{parsed.error().code, file + ": " + parsed.error().detail};
    const csv_table& t = parsed.value();
    std::vector<int> c;
    for (const char* name : {"abolished_code", "abolished_name", "successor_code", "effective_from", "source"}) {
        c.push_back(t.column(name));
        if (c.back() < 0) return invalid(file, std::string("missing column ") + name);
    }
    std::vector<merger> out;
    std::set<std::string> abolished;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        const auto& row = t.rows[i];
        const std::string where = file + ": row " + std::to_string(i + 2);  // the header is line 1
        merger m{row[c[0]], row[c[1]], row[c[2]], {}, row[c[4]]};
        if (!digits(m.abolished_code, 3)) return invalid(where, "bad abolished_code " + m.abolished_code);
        if (!digits(m.successor_code, 3)) return invalid(where, "bad successor_code " + m.successor_code);
        if (m.abolished_code == m.successor_code) return invalid(where, "a municipality cannot succeed itself");
        const auto effective = parse_iso_date(row[c[3]]);
        if (!effective) return invalid(where, "effective_from must be a date YYYY-MM-DD");
        m.effective_from = *effective;
        if (m.source.empty()) return invalid(where, "source is required");
        if (!abolished.insert(m.abolished_code).second) return invalid(where, "abolished code " + m.abolished_code + " is listed twice");
        out.push_back(std::move(m));
    }
    return out;
}

bool current_in(const municipality_table& t, const std::string& code) {
    const municipality* m = t.find(code);
    return m && m->code == code;
}

// The checks between tables that no single table can make (see reference_data::load).
status check_history(const std::vector<municipality_table>& tables, const std::vector<merger>& mergers,
                     const std::string& mergers_file) {
    const auto& first = tables.front();
    for (const auto& t : tables) {
        const auto& a = first.organisations();
        const auto& b = t.organisations();
        const bool same = a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](const auto& x, const auto& y) {
                              return x.id == y.id && x.county_code == y.county_code;
                          });
        if (!same) return invalid(t.info().name, "names other organisations than " + first.info().name);
    }
    for (const merger& m : mergers) {
        const std::string what = mergers_file + ": " + m.abolished_code + " (" + m.abolished_name + ") → " + m.successor_code;
        const sys_days effective{m.effective_from};
        if (effective > sys_days{tables.back().info().valid_from}) {
            return invalid(what, "takes effect " + iso_date(m.effective_from) + ", after the newest table " +
                                     tables.back().info().name + ": add the table in force from then");
        }
        // The first table that reflects the merger, and the one before it.
        std::size_t k = 0;
        while (sys_days{tables[k].info().valid_from} < effective) ++k;
        if (!current_in(tables[k], m.successor_code)) {
            return invalid(what, "the successor is not a municipality of " + tables[k].info().name);
        }
        if (k > 0 && !current_in(tables[k - 1], m.abolished_code)) {
            return invalid(what, "the abolished code is not a municipality of " + tables[k - 1].info().name);
        }
    }
    for (std::size_t i = 1; i < tables.size(); ++i) {
        const auto& before = tables[i - 1];
        const auto& after = tables[i];
        for (const municipality& m : before.all()) {
            if (current_in(after, m.code)) continue;
            const merger* row = after.merger_of(m.code);
            if (!row || sys_days{row->effective_from} <= sys_days{before.info().valid_from}) {
                return invalid(after.info().name, "municipality " + m.code + " (" + m.name.fi + ") of " + before.info().name +
                                                      " is missing and " + mergers_file + " has no merger for it");
            }
        }
    }
    return ok_status();
}

}  // namespace

std::optional<year_month_day> parse_iso_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-' || !digits(s.substr(0, 4), 4) || !digits(s.substr(5, 2), 2) ||
        !digits(s.substr(8, 2), 2)) {
        return std::nullopt;
    }
    const auto number = [&](std::size_t at, std::size_t n) {
        int v = 0;
        for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    const year_month_day d{year{number(0, 4)}, month{static_cast<unsigned>(number(5, 2))},
                           day{static_cast<unsigned>(number(8, 2))}};
    if (!d.ok()) return std::nullopt;
    return d;
}

result<reference_data> reference_data::load(const std::filesystem::path& dir) {
    auto manifest_bytes = read_file_bytes(dir / manifest_name);
    if (!manifest_bytes) return manifest_bytes.error();
    auto parsed = parse_manifest(manifest_bytes.value());
    if (!parsed) return parsed.error();
    const manifest& m = parsed.value();

    auto merger_bytes = read_file_bytes(dir / m.mergers_file);
    if (!merger_bytes) return merger_bytes.error();
    auto mergers = parse_mergers(m.mergers_file, merger_bytes.value());
    if (!mergers) return mergers.error();

    reference_data data;
    for (const manifest_entry& e : m.tables) {
        std::vector<merger> in_force;
        for (const merger& row : mergers.value()) {
            if (sys_days{row.effective_from} <= sys_days{e.info.valid_from}) in_force.push_back(row);
        }
        auto table = municipality_table::load(dir / e.municipalities_file, dir / e.counties_file, e.info, in_force);
        if (!table) return error{table.error().code, e.info.name + ": " + table.error().detail};
        data.tables_.push_back(std::move(table).value());
    }
    if (auto checked = check_history(data.tables_, mergers.value(), m.mergers_file); !checked) return checked.error();
    data.mergers_ = std::move(mergers).value();
    data.mergers_hash_ = huoli::json::sha256_hex(merger_bytes.value());
    return data;
}

const municipality_table* reference_data::in_force_on(year_month_day day) const {
    for (auto it = tables_.rbegin(); it != tables_.rend(); ++it) {
        if (sys_days{it->info().valid_from} <= sys_days{day}) return &*it;
    }
    return nullptr;
}

std::vector<const municipality_table*> reference_data::in_force_from(year_month_day day) const {
    std::vector<const municipality_table*> out;
    for (const auto& t : tables_) {
        if (!t.info().valid_until || sys_days{*t.info().valid_until} >= sys_days{day}) out.push_back(&t);
    }
    return out;
}

std::optional<std::string> outdated_table_warning(const reference_data& data, year_month_day today) {
    const table_info& newest = data.tables().back().info();
    const int this_year = static_cast<int>(today.year());
    if (this_year <= newest.year) return std::nullopt;
    return "the newest municipality table is " + newest.name + " (" + std::to_string(newest.year) + ") but it is " +
           std::to_string(this_year) + " in Helsinki: add the " + std::to_string(this_year) +
           " table to the routing data (server/routing/data/README.md)";
}

}  // namespace huoli::routing
