#include "store/store.hpp"

#include <future>
#include <system_error>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/utc_timestamp.hpp"
#include "json/digest.hpp"
#include "store/connection.hpp"
#include "store/migrations.hpp"
#include "store/wal_checkpointer.hpp"
#include "store/writer.hpp"

namespace huoli::store {
namespace {

constexpr std::size_t max_idempotency_key = 256;

bool is_sha256_hex(const std::string& s) {
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

error invalid(const std::string& what) { return {invalid_notice, what}; }

// SQLite fsyncs the directory when it creates the WAL, but not when it creates the database
// file itself; without this a power loss right after the first start could lose the file.
bool sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
}

}  // namespace

status check_new_notice(const new_notice& n) {
    const std::pair<const char*, const std::string*> required[] = {
        {"form", &n.form},
        {"payload", &n.payload},
        {"organisation_id", &n.organisation_id},
        {"queue_id", &n.queue_id},
        {"routing.rule", &n.routing.rule},
        {"audit.actor", &n.audit.actor},
        {"audit.action", &n.audit.action},
        {"audit.legal_basis", &n.audit.legal_basis},
        {"audit.outcome", &n.audit.outcome},
    };
    for (const auto& [name, value] : required) {
        if (value->empty()) return invalid(std::string(name) + " is empty");
    }
    if (!is_utc_timestamp(n.received_at)) return invalid("received_at is not a UTC millisecond timestamp");
    const std::pair<const char*, const std::string*> hashes[] = {
        {"payload_sha256", &n.payload_sha256},
        {"schema_sha256", &n.schema_sha256},
        {"routing.table_sha256", &n.routing.table_sha256},
        {"routing.config_sha256", &n.routing.config_sha256},
    };
    for (const auto& [name, value] : hashes) {
        if (!is_sha256_hex(*value)) return invalid(std::string(name) + " is not lower-case SHA-256 hex");
    }
    // The caller hashed the payload for the receipt; hashing it again here is the store's guard
    // that the audit event commits to the bytes actually stored (a few µs per 4 KB notice).
    if (json::sha256_hex(n.payload) != n.payload_sha256) return invalid("payload_sha256 does not match payload");
    for (const linked_case& c : n.linked_cases) {
        if (!c.child_pointer.starts_with("/other_children/") || c.organisation_id.empty() || c.queue_id.empty() ||
            c.routing.rule.empty() || !is_sha256_hex(c.routing.table_sha256) || !is_sha256_hex(c.routing.config_sha256)) {
            return invalid("a linked case lacks its child, organisation, queue or routing");
        }
    }
    if (n.idempotency_key) {
        if (n.idempotency_key->empty() || n.idempotency_key->size() > max_idempotency_key) {
            return invalid("idempotency_key is empty or too long");
        }
        if (!n.body_sha256 || !is_sha256_hex(*n.body_sha256)) {
            return invalid("body_sha256 is required with idempotency_key");
        }
        if (!n.make_response) return invalid("make_response is required with idempotency_key");
    }
    return ok_status();
}

store::store(std::filesystem::path db_file, store_options options, std::unique_ptr<writer> w)
    : db_file_(std::move(db_file)), options_(std::move(options)), writer_(std::move(w)) {}

store::~store() { close(); }

result<std::unique_ptr<store>> store::open(const std::filesystem::path& db_file, store_options options) {
    const std::string where = "opening " + db_file.string();
    if (db_file.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(db_file.parent_path(), ec);
        if (ec) return storage_error(where, ec.message());
    }
    try {
        auto db = open_writer_connection(db_file, options);
        if (auto migrated = migrate(db); !migrated) return migrated.error();
        if (!sync_directory(db_file.parent_path())) return storage_error(where, "cannot fsync the data directory");
        if (options.quick_check_on_open && db.execAndGet("PRAGMA quick_check").getString() != "ok") {
            return storage_error(where, "PRAGMA quick_check reports damage; restore from backup");
        }
        std::unique_ptr<wal_checkpointer> background;
        if (options.background_checkpoint_pages > 0 &&
            (options.wal_autocheckpoint_pages <= 0 ||
             options.background_checkpoint_pages < options.wal_autocheckpoint_pages)) {
            background = std::make_unique<wal_checkpointer>(open_checkpoint_connection(db_file, options),
                                                            options.background_checkpoint_pages);
        }
        auto w = std::make_unique<writer>(std::move(db), options, std::move(background));
        return std::unique_ptr<store>(new store(db_file, std::move(options), std::move(w)));
    } catch (const SQLite::Exception& e) {
        return storage_error(where, e);
    } catch (const std::exception& e) {
        return storage_error(where, e.what());
    }
}

void configure_sqlite_library() { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

result<submit_outcome> store::submit(new_notice notice) {
    auto promise = std::make_shared<std::promise<result<submit_outcome>>>();
    auto outcome = promise->get_future();
    submit_async(std::move(notice), [promise](result<submit_outcome> r) { promise->set_value(std::move(r)); });
    return outcome.get();
}

void store::submit_async(new_notice notice, std::function<void(result<submit_outcome>)> done) {
    if (auto checked = check_new_notice(notice); !checked) return done(checked.error());
    if (!writer_->enqueue(notice, done)) done(storage_error("submitting", "the store is closed"));
}

void store::run_write(write_job txn, std::function<void(result<nlohmann::json>)> done) {
    if (!txn) return done(error{internal_error, "empty write job"});
    if (!writer_->enqueue(txn, done)) done(storage_error("writing", "the store is closed"));
}

void store::prove_writable(std::function<void(status)> done) {
    run_write(
        [](SQLite::Database& db) -> result<nlohmann::json> {
            writer::write_probe_row(db);
            return nlohmann::json();
        },
        [done = std::move(done)](result<nlohmann::json> r) {
            if (r) return done(ok_status());
            done(r.error());
        });
}

result<store_reader> store::reader() const {
    try {
        return store_reader(open_reader_connection(db_file_, options_));
    } catch (const SQLite::Exception& e) {
        return storage_error("opening a reader", e);
    }
}

status store::ready() const { return writer_->health(); }

std::uint64_t store::commits() const { return writer_->commits(); }

void store::close() { writer_->close(); }

}  // namespace huoli::store
