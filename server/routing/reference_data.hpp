// Effective-dated routing reference data: every yearly municipality → county table, each in force
// from its valid_from until the next one's, and the municipal mergers between them. A notice is
// routed with the table in force on its day of receipt (a Helsinki calendar day), so a notice
// received on 31 December and one received on 1 January may go to different counties, as the law
// in force on each day says.
//
// Everything that changes in January is data in the directory (data/README.md):
//   tables.json          the manifest: per table its name, year, valid_from, files and source
//   kuntaliitokset.csv   the mergers, mirroring Statistics Finland's list of municipal mergers
// Adding next year's table is adding its CSV and one manifest entry (and merger rows, if any).
//
// Immutable after load(), so safe to share between threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "routing/municipality_table.hpp"

namespace huoli::routing {

// Limits of the manifest: more tables than this is not a year-by-year history but a mistake.
inline constexpr std::size_t max_tables = 100;
inline constexpr std::size_t max_manifest_bytes = 1 << 20;

class reference_data {
public:
    // Reads `dir`/tables.json, every table it names and the mergers file, and checks them against
    // each other:
    //   - tables in strictly increasing valid_from order, names unique, files plain names in `dir`;
    //   - every table has the same organisations (ids and county codes), because queue
    //     configuration and principals name them;
    //   - every code that disappears between consecutive tables has a merger row taking effect in
    //     between, whose successor is current in the later table;
    //   - every merger row's abolished code is current in the table before it (if any) and not
    //     after; no merger takes effect after the newest table's valid_from (its table is missing).
    // Errors: `reference_data_invalid` (detail names the file and, in the manifest, the JSON
    // Pointer), or the table's own load errors. Start-up only.
    static result<reference_data> load(const std::filesystem::path& dir);

    // The table in force on a Helsinki calendar day: the last one whose valid_from is on or
    // before it; nullptr before the first table.
    const municipality_table* in_force_on(std::chrono::year_month_day day) const;

    // Every table in force on `day` or later: what a configuration loaded on that day may meet
    // without a restart.
    std::vector<const municipality_table*> in_force_from(std::chrono::year_month_day day) const;

    // Oldest first.
    const std::vector<municipality_table>& tables() const { return tables_; }
    const std::vector<merger>& mergers() const { return mergers_; }

    // Lower-case hex SHA-256 of the mergers file's bytes, recorded with each routing decision.
    const std::string& mergers_hash() const { return mergers_hash_; }

private:
    std::vector<municipality_table> tables_;
    std::vector<merger> mergers_;
    std::string mergers_hash_;
};

// The start-up warning an operator must see when the January update is missing: the Helsinki
// year of `today` is past the newest table's year. nullopt when the data is current. No personal
// data: only the table's name and the years.
std::optional<std::string> outdated_table_warning(const reference_data& data, std::chrono::year_month_day today);

// "YYYY-MM-DD" exactly, a real calendar date; nullopt otherwise.
std::optional<std::chrono::year_month_day> parse_iso_date(std::string_view text);

}  // namespace huoli::routing
