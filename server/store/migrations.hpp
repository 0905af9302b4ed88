// Versioned schema migrations, applied at start-up.
//
// Migration N (1-based) is migrations()[N-1]. The list is append-only: a released migration is
// never edited, a change is a new entry. schema_migrations(version, applied_at) records what ran;
// each migration runs in its own transaction together with its record, so a crash leaves the
// database at a whole version.
#pragma once

#include <string_view>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "core/result.hpp"

namespace huoli::store {

const std::vector<std::string_view>& migrations();

// The highest applied version; 0 for a new database.
result<int> schema_version(SQLite::Database& db);

// Applies the pending migrations. Error schema_too_new when the file was written by a newer
// build (refusing beats silently misreading it), storage_unavailable when SQLite fails.
status migrate(SQLite::Database& db);

}  // namespace huoli::store
