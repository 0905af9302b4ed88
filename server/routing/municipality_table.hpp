// Finland's municipalities and the organisation responsible for each, loaded once at start-up
// from the Statistics Finland files in data/ (see data/README.md). Immutable after load(), so
// safe to share between threads without locking.
//
// The same table drives routing and the web forms' municipality picker (all()), so the two
// cannot disagree.
#pragma once

#include <filesystem>
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

// Codes of abolished municipalities that old documents may still carry, and the municipality
// that took over. A small hand-kept table because Statistics Finland's yearly classification
// lists only current municipalities. 588 Pertunmaa was merged into 507 Mäntyharju on 1.1.2025
// (Valtioneuvosto decision 6.6.2024).
struct abolished_code {
    std::string_view code;
    std::string_view successor;
};
const std::vector<abolished_code>& abolished_codes();

class municipality_table {
public:
    // Reads and cross-checks the two files. Errors: `file_unreadable`, `csv_malformed`,
    // `csv_empty`, `table_invalid` (missing column, bad or duplicate code, unknown county,
    // county name that gives no organisation id). Meant for start-up: callers turn an error
    // into a refusal to start.
    static result<municipality_table> load(const std::filesystem::path& municipalities_csv,
                                           const std::filesystem::path& counties_csv);

    // The municipality with this code, following abolished_codes(); nullptr if unknown.
    const municipality* find(std::string_view code) const;

    // Current municipalities in code order (308 in 2026), for the forms' picker.
    const std::vector<municipality>& all() const { return municipalities_; }

    // The organisations in county-code order (23: 01–21, Helsinki, Åland).
    const std::vector<organisation>& organisations() const { return organisations_; }
    const organisation* find_organisation(std::string_view id) const;

    // Lower-case hex SHA-256 of the municipality file's bytes followed by the county file's
    // bytes; recorded with each routing decision so it can be replayed against the same data.
    const std::string& content_hash() const { return content_hash_; }

private:
    std::vector<municipality> municipalities_;
    std::vector<organisation> organisations_;
    std::unordered_map<std::string, std::size_t> by_code_;
    std::string content_hash_;
};

}  // namespace huoli::routing
