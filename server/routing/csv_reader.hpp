// Reads the Statistics Finland reference files in data/ (see data/README.md).
//
// Hand-written because Debian 12 packages no C++ CSV library, and the files' format is fixed:
// UTF-8, comma-separated, every field double-quoted (a quote inside a field doubled, RFC 4180),
// a header row, `\n` or `\r\n` line ends, final line end optional. Anything else is rejected
// rather than guessed at, so a changed export format stops start-up instead of misrouting.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace huoli::routing {

// A parsed file: the header's column names and the data rows, each as long as the header.
struct csv_table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    // Index of the column named `name`, or -1 when the header lacks it.
    int column(std::string_view name) const;
};

// Errors: `csv_malformed` (detail names the line), `csv_empty`.
result<csv_table> parse_quoted_csv(std::string_view text);

// The whole file as bytes. Error: `file_unreadable` (detail names the path).
result<std::string> read_file_bytes(const std::filesystem::path& path);

}  // namespace huoli::routing
