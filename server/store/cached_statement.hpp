// A prepared statement kept for a connection's life, usable only inside a scope that resets it.
//
//   cached_statement find_key_{db, "SELECT response FROM idempotency_keys WHERE key = ?"};
//   ...
//   auto q = find_key_.use();        // reset, bindings cleared
//   q->bind(1, key);
//   if (q->executeStep()) return q->getColumn(0).getString();
//   return std::nullopt;              // whichever return: ~in_use resets the statement again
//
// Why a type and not a reset at each call site: a statement left on a row (its last step
// returned SQLITE_ROW) keeps its connection's read transaction open, even past COMMIT. On the
// writer that snapshot goes stale as soon as another connection (the audit checkpointer) commits,
// and every later BEGIN IMMEDIATE then fails with SQLITE_BUSY_SNAPSHOT: every write answered 503
// until a restart, after one idempotent replay (issue 15). A reader's open snapshot keeps the WAL
// from being checkpointed past it. One forgotten return path is enough for either, so the
// statement can only be reached through `use()`, whose end resets it whatever path is taken.
//
// Clearing the bindings at the end matters too: bindNoCopy() leaves SQLite pointing at the
// caller's string, which may be gone before the statement runs again.
//
// Not thread-safe (a connection is used by one thread at a time); one use at a time.
#pragma once

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace huoli::store {

class cached_statement {
public:
    // Prepares `sql` on `db`; throws SQLite::Exception (start-up, like any prepare).
    cached_statement(SQLite::Database& db, const char* sql) : statement_(db, sql) {}
    cached_statement(const cached_statement&) = delete;
    cached_statement& operator=(const cached_statement&) = delete;

    class [[nodiscard]] in_use {
    public:
        explicit in_use(SQLite::Statement& s) : s_(s) { end(); }
        ~in_use() { end(); }
        in_use(const in_use&) = delete;
        in_use& operator=(const in_use&) = delete;

        SQLite::Statement& operator*() const { return s_; }
        SQLite::Statement* operator->() const { return &s_; }

    private:
        // tryReset, not reset: reset() re-throws the error of a step that failed earlier, and
        // neither a constructor about to retry nor a destructor may throw.
        void end() noexcept {
            s_.tryReset();
            try {
                s_.clearBindings();  // sqlite3_clear_bindings cannot fail; SQLiteCpp declares a throw
            } catch (...) {
            }
        }
        SQLite::Statement& s_;
    };

    // The statement, reset and unbound, until the returned scope ends. Returned as a prvalue
    // (guaranteed elision): `auto q = s.use();` and `s.use()->exec()` both work.
    in_use use() { return in_use(statement_); }

private:
    SQLite::Statement statement_;
};

}  // namespace huoli::store
