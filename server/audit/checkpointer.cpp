#include "audit/checkpointer.hpp"

#include <stdexcept>

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "audit/checkpoint.hpp"
#include "audit/note.hpp"
#include "audit/tail_check.hpp"
#include "audit/tree_store.hpp"
#include "core/log_sink.hpp"
#include "core/thread_name.hpp"
#include "core/utc_timestamp.hpp"

namespace huoli::audit {
namespace {

[[noreturn]] void refuse(const std::string& why) {
    throw std::runtime_error("audit log: " + why + "; run `huolictl audit verify` on a copy of the database");
}

}  // namespace

std::unique_ptr<checkpointer> checkpointer::open(const std::filesystem::path& db_file, signer key,
                                                 checkpointer_options options) {
    SQLite::Database db(db_file, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA busy_timeout = " + std::to_string(options.busy_timeout.count()));
    db.exec("PRAGMA synchronous = FULL");
    // Copying the WAL back into the database is the store's (its writer and checkpoint thread).
    // SQLite's default here, 1,000 pages, is always exceeded under load, so every transaction of
    // this connection went on to copy the whole WAL and fsync the database file, beside the
    // store's own checkpoint thread doing the same.
    db.exec("PRAGMA wal_autocheckpoint = 0");
    tree_store trees(db);
    auto tree = trees.load();
    if (!tree) refuse("the persisted tree state is unreadable (" + tree.error().detail + ")");
    std::unique_ptr<checkpointer> c(new checkpointer(std::move(db), std::move(key), options, std::move(tree).value()));
    try {
        c->check_state_on_open();
        c->check_tail_on_open();
    } catch (...) {
        c->stopping_ = true;  // the destructor must not sign anything in a log that was refused
        throw;
    }
    return c;
}

checkpointer::checkpointer(SQLite::Database db, signer key, checkpointer_options options, merkle_tree tree)
    : db_(std::move(db)), key_(std::move(key)), options_(options), tree_(std::move(tree)) {
    head_ = {tree_.size(), tree_.root()};
}

checkpointer::~checkpointer() { stop(); }

void checkpointer::check_state_on_open() {
    tree_store trees(db_);
    auto latest = trees.latest_checkpoint();
    if (!latest) refuse(latest.error().detail);
    if (!latest.value()) {
        if (tree_.size() != 0) refuse("the tree has " + std::to_string(tree_.size()) + " leaves but no checkpoint");
        return;
    }
    const stored_checkpoint& stored = *latest.value();
    auto opened = verify_checkpoint(stored.note, key_.to_verifier());
    if (!opened) refuse("the newest checkpoint does not verify with the configured key (" + opened.error().code + ")");
    const checkpoint& cp = opened.value();
    if (cp.size != stored.size || cp.root != stored.root) refuse("the newest checkpoint's columns disagree with its note");
    if (cp.size != tree_.size() || cp.root != tree_.root()) {
        refuse("the persisted tree state (size " + std::to_string(tree_.size()) +
               ") does not match the newest signed checkpoint (size " + std::to_string(cp.size) + ")");
    }
    if (tree_.size() == 0) return;
    auto recomputed = trees.range_hash(0, tree_.size());
    if (!recomputed || recomputed.value() != cp.root) refuse("the stored tree nodes do not give the signed root");
    SQLite::Statement last(db_, "SELECT event FROM audit_events WHERE seq = ?");
    last.bind(1, static_cast<std::int64_t>(tree_.size()));
    auto stored_leaf = trees.leaf(tree_.size() - 1);
    if (!last.executeStep() || !stored_leaf || leaf_hash(last.getColumn(0).getString()) != stored_leaf.value()) {
        refuse("audit event " + std::to_string(tree_.size()) + " is missing or differs from the signed one");
    }
}

void checkpointer::check_tail_on_open() {
    const std::uint64_t signed_size = tree_.size();
    const auto tail = find_unsigned_tail(db_, signed_size);
    // After a crash the tail is this server's own writes that no checkpoint covered yet: signed as ever.
    if (!tail || !ended_with_signed_stop(db_, signed_size)) return;
    const bool record = options_.unsigned_tail == unsigned_tail_policy::record;
    // Seq numbers only: the rows may name data subjects.
    huoli::write_log_line(nlohmann::json{{"event", "audit_unsigned_tail"},
                                        {"after_clean_stop_at_seq", signed_size},
                                        {"first_seq", tail->first_seq},
                                        {"last_seq", tail->last_seq},
                                        {"count", tail->count},
                                        {"action", record ? "set_aside" : "refused"}}
                             .dump());
    if (!record) {
        refuse(std::to_string(tail->count) + " events (seq " + std::to_string(tail->first_seq) + " to " +
               std::to_string(tail->last_seq) + ") were added after the clean stop signed at seq " +
               std::to_string(signed_size) + ", while the server was not running; they will not be signed. "
               "Investigate, or set audit.unsigned_tail to \"record\" to set them aside and start");
    }
    const merkle_tree before = tree_;
    try {
        db_.exec("BEGIN IMMEDIATE");
        set_aside_tail(db_, signed_size, *tail, huoli::utc_timestamp_now());
        tree_store trees(db_);
        auto leaves = trees.new_leaf_hashes(tree_.size(), options_.batch);
        if (!leaves) refuse("setting the unsigned tail aside: " + leaves.error().detail);
        if (auto signed_now = sign_leaves(leaves.value()); !signed_now) {
            refuse("signing the audit.tail_rejected event: " + signed_now.error().detail);
        }
        db_.exec("COMMIT");
    } catch (...) {
        if (sqlite3_get_autocommit(db_.getHandle()) == 0) db_.tryExec("ROLLBACK");
        tree_ = before;
        throw;
    }
    std::lock_guard lock(mutex_);
    head_ = {tree_.size(), tree_.root()};
}

status checkpointer::sign_leaves(const std::vector<hash>& leaves) {
    tree_store trees(db_);
    if (auto appended = trees.append_leaves(tree_, leaves); !appended) return appended.error();
    const std::string now = huoli::utc_timestamp_now();
    if (auto saved = trees.save(tree_, now); !saved) return saved.error();
    const hash root = tree_.root();
    auto note = sign_note(make_checkpoint_body(key_.name(), tree_.size(), root), key_);
    if (!note) return note.error();
    return trees.add_checkpoint({tree_.size(), root, note.value(), now});
}

result<std::uint64_t> checkpointer::extend_once() {
    const merkle_tree before = tree_;
    const auto undo = [&](const error& e) -> result<std::uint64_t> {
        if (sqlite3_get_autocommit(db_.getHandle()) == 0) db_.tryExec("ROLLBACK");
        tree_ = before;
        return e;
    };
    tree_store trees(db_);
    // Read and hashed before taking the write lock, which the store's writer waits for: only this
    // thread writes the tree, and events are never changed, so nothing can move in between.
    auto leaves = trees.new_leaf_hashes(tree_.size(), options_.batch);
    if (!leaves) return leaves.error();
    if (leaves.value().empty()) return std::uint64_t{0};
    try {
        db_.exec("BEGIN IMMEDIATE");
    } catch (const SQLite::Exception& e) {
        return error{"storage_unavailable", "beginning: SQLite error " + std::to_string(e.getErrorCode())};
    }
    if (auto signed_now = sign_leaves(leaves.value()); !signed_now) return undo(signed_now.error());
    try {
        db_.exec("COMMIT");
    } catch (const SQLite::Exception& e) {
        return undo(error{"storage_unavailable", "committing: SQLite error " + std::to_string(e.getErrorCode())});
    }
    std::lock_guard lock(mutex_);
    head_ = {tree_.size(), tree_.root()};
    return static_cast<std::uint64_t>(leaves.value().size());
}

result<tree_head> checkpointer::run_once() {
    for (;;) {
        auto added = extend_once();
        if (!added) return added.error();
        if (added.value() < options_.batch) return head();
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, options_.pause_between_batches, [this] { return stopping_; });
    }
}

void checkpointer::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable() || stopping_) return;
    thread_ = std::thread([this] {
        name_this_thread("huoli-audit");
        run();
    });
}

void checkpointer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) {
        thread_.join();  // the thread makes the final checkpoint
    } else {
        (void)run_once();
    }
}

tree_head checkpointer::head() const {
    std::lock_guard lock(mutex_);
    return head_;
}

void checkpointer::run() {
    bool last_failed = false;
    for (;;) {
        bool stopping;
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
            stopping = stopping_;
        }
        auto r = run_once();
        // Log a failure once, not every interval; the next success is logged too.
        if (!r && !last_failed) {
            huoli::write_log_line(nlohmann::json{{"event", "audit_checkpoint_failed"}, {"code", r.error().code}}.dump());
        } else if (r && last_failed) {
            huoli::write_log_line(R"({"event":"audit_checkpoint_recovered"})");
        }
        last_failed = !r;
        if (stopping) return;
    }
}

}  // namespace huoli::audit
