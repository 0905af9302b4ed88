#include "audit/log_service.hpp"

#include <future>

#include "core/log_sink.hpp"
#include "core/utc_timestamp.hpp"

namespace huoli::audit {

log_service::log_service(store::store& storage, const log_service_options& options)
    : storage_(storage), options_(options) {
    checkpointer_options c;
    c.interval = options.checkpoint_interval;
    c.unsigned_tail = options.unsigned_tail;
    checkpointer_ = checkpointer::open(storage.file(), signer::from_private_key_file(options.signing_key, options.origin), c);
}

log_service::~log_service() {
    flush();
    stop_checkpoints();
}

void log_service::record(event e, std::function<void(result<std::int64_t>)> done) {
    storage_.run_write([e = std::move(e)](SQLite::Database& db) { return append_event_job(db, e); },
                       [done = std::move(done)](result<nlohmann::json> r) {
                           if (!r) return done(r.error());
                           done(r.value().at("seq").get<std::int64_t>());
                       });
}

result<std::int64_t> log_service::record_sync(event e) {
    auto promise = std::make_shared<std::promise<result<std::int64_t>>>();
    auto future = promise->get_future();
    record(std::move(e), [promise](result<std::int64_t> r) { promise->set_value(std::move(r)); });
    return future.get();
}

void log_service::auth_failure(std::string_view reason, std::string_view fingerprint) {
    failures_.add(reason, fingerprint);
}

void log_service::start() {
    checkpointer_->start();
    std::lock_guard lock(mutex_);
    if (!failure_thread_.joinable() && !stopping_) failure_thread_ = std::thread([this] { run_failure_window(); });
}

void log_service::run_failure_window() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.failure_window, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        if (auto e = failures_.take(huoli::utc_timestamp_now())) {
            record(std::move(*e), [](result<std::int64_t> r) {
                if (!r) huoli::write_log_line(nlohmann::json{{"event", "audit_write_failed"}, {"code", r.error().code}}.dump());
            });
        }
        lock.lock();
    }
}

void log_service::flush() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (failure_thread_.joinable()) failure_thread_.join();
    if (auto e = failures_.take(huoli::utc_timestamp_now())) (void)record_sync(std::move(*e));
}

void log_service::stop_checkpoints() { checkpointer_->stop(); }

}  // namespace huoli::audit
