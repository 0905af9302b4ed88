// The opaque cursor of an item listing: where the previous page ended. Clients pass it back
// unchanged; its encoding (hex of "<available_since> <notice id>") is not part of the API.
#pragma once

#include <optional>
#include <string>

namespace huoli::queue {

struct cursor {
    std::string available_since;  // store timestamp
    std::string notice_id;
};

std::string encode_cursor(const cursor& c);
// nullopt for anything encode_cursor cannot have produced.
std::optional<cursor> decode_cursor(const std::string& text);

}  // namespace huoli::queue
