#include "routing/csv_reader.hpp"

#include <fstream>
#include <sstream>

namespace huoli::routing {
namespace {

error malformed(std::size_t line, const std::string& why) {
    return {"csv_malformed", "line " + std::to_string(line) + ": " + why};
}

}  // namespace

int csv_table::column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
}

result<csv_table> parse_quoted_csv(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::size_t line = 1;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] != '"') return malformed(line, "field does not start with a double quote");
        ++i;
        std::string field;
        for (;;) {
            if (i >= text.size()) return malformed(line, "unterminated quoted field");
            const char c = text[i++];
            if (c != '"') {
                if (c == '\n') ++line;
                field.push_back(c);
            } else if (i < text.size() && text[i] == '"') {
                field.push_back('"');
                ++i;
            } else {
                break;
            }
        }
        record.push_back(std::move(field));
        if (i < text.size() && text[i] == ',') {
            ++i;
            continue;
        }
        if (i < text.size() && text[i] == '\r') ++i;
        if (i < text.size() && text[i] != '\n') return malformed(line, "expected a comma or a line end after a field");
        if (i < text.size()) ++i;
        records.push_back(std::move(record));
        record.clear();
        ++line;
    }
    if (records.empty()) return error{"csv_empty", "no header row"};

    csv_table table;
    table.header = std::move(records.front());
    for (std::size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != table.header.size()) {
            return malformed(r + 1, "has " + std::to_string(records[r].size()) + " fields, the header has " +
                                        std::to_string(table.header.size()));
        }
        table.rows.push_back(std::move(records[r]));
    }
    return table;
}

result<std::string> read_file_bytes(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return error{"file_unreadable", "cannot open " + path.string()};
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return error{"file_unreadable", "cannot read " + path.string()};
    return bytes.str();
}

}  // namespace huoli::routing
