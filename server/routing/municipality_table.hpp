// One year's table of Finland's municipalities and the organisation responsible for each, loaded
// once at start-up from the Statistics Finland files in data/ (see data/README.md); reference_data
// holds every year's and picks the one in force. Immutable after load(), so safe to share between
// threads without locking.
//
// The same table drives routing and the web forms' municipality picker (all()), so the two
// cannot disagree.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "routing/organisation.hpp"

namespace huoli::routing {

struct municipality {
    std::string code;  // 3-digit official municipality number (kuntanumero), e.g. "091"
    localized_name name;
    std::string county_code;  // "01".."21", "90" Helsinki, "91" Åland
    localized_name county_name;
    std::string organisation_id;  // see organisation_id_from_english_name()
    bool aland = false;
};

// Which yearly table this is, from the manifest data/tables.json (see reference_data.hpp): data,
// not code, so next January's table needs no release.
struct table_info {
    std::string name;  // Statistics Finland classification, e.g. "kunta_1_20260101"
    int year = 0;      // the classification year, e.g. 2026
    std::chrono::year_month_day valid_from{};           // first Helsinki calendar day in force
    std::optional<std::chrono::year_month_day> valid_until;  // last day; nullopt for the newest table
    std::string source;  // provenance and licence, shown with the reference data
};

// A municipality merger (kuntaliitos): from `effective_from`, the abolished code is the successor's.
// Old documents and a stale picker may still carry the abolished code. Rows come from
// data/kuntaliitokset.csv, which mirrors Statistics Finland's list of municipal mergers.
struct merger {
    std::string abolished_code;
    std::string abolished_name;  // Finnish, for the operator's error messages
    std::string successor_code;
    std::chrono::year_month_day effective_from{};
    std::string source;
};

class municipality_table {
public:
    // Reads and cross-checks the two files. `mergers` are those in force for this table (effective
    // on or before its valid_from): each abolished code must not be current here, and each must
    // lead, through later mergers if need be, to a current code. Errors: `file_unreadable`,
    // `csv_malformed`, `csv_empty`, `table_invalid` (missing column, bad or duplicate code, unknown
    // county, county name that gives no organisation id, a merger that does not fit). Meant for
    // start-up: callers turn an error into a refusal to start.
    static result<municipality_table> load(const std::filesystem::path& municipalities_csv,
                                           const std::filesystem::path& counties_csv, table_info info = {},
                                           const std::vector<merger>& mergers = {});

    // The municipality with this code, following this table's mergers; nullptr if unknown.
    const municipality* find(std::string_view code) const;

    // The merger that abolished this code (the first of a chain, if its successor was abolished
    // too), or nullptr for a current or unknown code.
    const merger* merger_of(std::string_view abolished_code) const;

    // Current municipalities in code order (308 in 2026), for the forms' picker.
    const std::vector<municipality>& all() const { return municipalities_; }

    // The organisations in county-code order (23: 01–21, Helsinki, Åland).
    const std::vector<organisation>& organisations() const { return organisations_; }
    const organisation* find_organisation(std::string_view id) const;

    // Lower-case hex SHA-256 of the municipality file's bytes followed by the county file's
    // bytes; recorded with each routing decision so it can be replayed against the same data.
    const std::string& content_hash() const { return content_hash_; }

    const table_info& info() const { return info_; }

private:
    std::vector<municipality> municipalities_;
    std::vector<organisation> organisations_;
    std::unordered_map<std::string, std::size_t> by_code_;
    std::unordered_map<std::string, merger> mergers_;  // by abolished code
    table_info info_;
    std::string content_hash_;
};

}  // namespace huoli::routing
