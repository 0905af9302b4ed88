// Reading one queue item and its notice on any connection (writer or reader).
#pragma once

#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>

#include "queue/item_state.hpp"
#include "queue/item_view.hpp"
#include "queue/overdue.hpp"

namespace huoli::queue {

struct item_row {
    std::string notice_id;
    std::string queue_id;
    std::string organisation_id;
    item state;
};

// Throws SQLite::Exception.
std::optional<item_row> load_item(SQLite::Database& db, const std::string& notice_id);

// The notice in full, as its owning organisation receives it: the submission document, the
// routing record, the deadlines (with acknowledge_by from `rules`), state and attempts; nullopt
// if there is no such notice. Throws SQLite::Exception (and nlohmann::json::exception should a
// stored JSON column not parse, which its CHECK (json_valid) rules out).
std::optional<item_view> full_item(SQLite::Database& db, const std::string& notice_id, const policy& rules);

}  // namespace huoli::queue
