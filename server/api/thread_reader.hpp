// A read-only store connection for the calling thread, opened on first use and kept (SQLite
// connections are not thread-safe, and opening one per request would cost a file open).
#pragma once

#include "core/result.hpp"
#include "store/store.hpp"

namespace huoli::api {

// Valid on the calling thread until it calls this again for another store.
result<store::store_reader*> thread_reader(const store::store& s);

}  // namespace huoli::api
