// Reading one queue item and its notice on any connection (writer or reader).
#pragma once

#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>
#include <nlohmann/json.hpp>

#include "queue/item_state.hpp"
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
// routing record, the deadlines (with acknowledge_by from `rules`), state and attempts. The
// lease token is never included here. Throws SQLite::Exception.
nlohmann::json full_item(SQLite::Database& db, const std::string& notice_id, const policy& rules);

}  // namespace huoli::queue
