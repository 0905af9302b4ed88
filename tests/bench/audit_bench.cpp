// Audit log at scale (issue 6): generates N events (default 1 000 000; the target is
// `audit_bench 10000000`, which needs ~10 GB of disk and a while), builds the Merkle tree and
// checkpoints, then times queries by notice id and by data subject, an inclusion proof, and
// `huolictl audit verify`'s full verification. Not run in CI except as a tiny smoke run.
//
//   audit_bench [events] [directory]     the database is left in the directory if one is given
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>

#include "audit/checkpointer.hpp"
#include "audit/append_event.hpp"
#include "audit/event_query.hpp"
#include "audit/log_verifier.hpp"
#include "audit/tree_store.hpp"
#include "store/store.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using namespace huoli;

double ms_since(clock_type::time_point t) {
    return std::chrono::duration<double, std::milli>(clock_type::now() - t).count();
}

std::string notice_id(std::uint64_t i) { return "notice-" + std::to_string(i); }
std::string subject(std::uint64_t i) { return "0101" + std::to_string(10 + i % 90) + "A" + std::to_string(100000 + i); }

// Four events per notice (submit, lease, read, acknowledge), one to three data subjects each.
audit::event make_event(std::uint64_t seq, std::uint64_t people) {
    static const char* actions[] = {"submit", "lease", "read", "acknowledge"};
    const std::uint64_t notice = seq / 4;
    audit::event e;
    e.at = "2025-03-04T09:15:02.123Z";
    e.actor = seq % 4 == 0 ? "public" : "county-" + std::to_string(notice % 22) + "-intake";
    e.organisation = "county-" + std::to_string(notice % 22);
    e.action = actions[seq % 4];
    e.object = notice_id(notice);
    e.legal_basis = "LSL 25 §";
    e.outcome = "ok";
    e.data_subjects = nlohmann::json::array();
    for (std::uint64_t k = 0; k <= notice % 3; ++k) e.data_subjects.push_back(subject((notice * 7919 + k) % people));
    e.details = {{"queue_id", "county-" + std::to_string(notice % 22) + "-children"}};
    return e;
}

template <class F>
std::pair<double, double> median_and_max(int runs, F f) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto t = clock_type::now();
        f(i);
        times.push_back(ms_since(t));
    }
    std::sort(times.begin(), times.end());
    return {times[times.size() / 2], times.back()};
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t n = argc > 1 ? std::stoull(argv[1]) : 1000000;
    const std::filesystem::path dir = argc > 2 ? std::filesystem::path(argv[2])
                                               : std::filesystem::temp_directory_path() / "huoli-audit-bench";
    const bool keep = argc > 2;
    const std::uint64_t people = std::max<std::uint64_t>(1, n / 3);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto db_file = dir / "huoli.db";
    const auto key_file = dir / "audit.pem";
    if (std::system(("openssl genpkey -algorithm ed25519 -out " + key_file.string() + " 2>/dev/null").c_str()) != 0) {
        std::fprintf(stderr, "audit_bench: openssl genpkey failed\n");
        return 2;
    }
    store::store::open(db_file, {}).value()->close();  // the schema

    auto t = clock_type::now();
    {
        SQLite::Database db(db_file, SQLite::OPEN_READWRITE);
        db.exec("PRAGMA synchronous = NORMAL");
        // Generating the log is set-up, not what is measured: with SQLite's default 2 MiB cache
        // the random-order subject index spilled and re-read pages for every event, and ten
        // million events took hours. 1 GiB keeps the indexes being filled in memory.
        db.exec("PRAGMA cache_size = -1048576");
        db.exec("PRAGMA temp_store = MEMORY");
        for (std::uint64_t done = 0; done < n;) {
            db.exec("BEGIN");
            for (std::uint64_t end = std::min(n, done + 100000); done < end; ++done) audit::append_event(db, make_event(done, people));
            db.exec("COMMIT");
        }
    }
    std::printf("events: %llu, data subjects: %llu\n", static_cast<unsigned long long>(n), static_cast<unsigned long long>(people));
    std::printf("insert (with indexes and the subject trigger): %.0f ms, %.1f µs/event\n", ms_since(t), ms_since(t) * 1000 / n);

    t = clock_type::now();
    auto c = audit::checkpointer::open(db_file, audit::signer::from_private_key_file(key_file, "bench.example/audit"));
    const auto head = c->run_once().value();
    std::printf("tree + checkpoints (20000 events per transaction): %.0f ms\n", ms_since(t));
    c.reset();

    SQLite::Database db(db_file, SQLite::OPEN_READONLY);
    std::mt19937_64 rng(42);
    const auto [by_notice_med, by_notice_max] = median_and_max(200, [&](int) {
        audit::event_filter f;
        f.object = notice_id(rng() % (n / 4 + 1));
        (void)audit::query_events(db, f).value();
    });
    std::printf("query by notice id: median %.3f ms, max %.3f ms (200 random)\n", by_notice_med, by_notice_max);
    const auto [by_subject_med, by_subject_max] = median_and_max(200, [&](int) {
        audit::event_filter f;
        f.subject = subject(rng() % people);
        (void)audit::query_events(db, f).value();
    });
    std::printf("query by data subject: median %.3f ms, max %.3f ms (200 random)\n", by_subject_med, by_subject_max);
    audit::tree_store trees(db);
    const auto [proof_med, proof_max] = median_and_max(50, [&](int) {
        (void)trees.inclusion_proof(rng() % head.size, head.size).value();
    });
    std::printf("inclusion proof: median %.3f ms, max %.3f ms (50 random)\n", proof_med, proof_max);

    t = clock_type::now();
    const auto v = audit::signer::from_private_key_file(key_file, "bench.example/audit").to_verifier();
    const auto report = audit::verify_database(db_file, v).value();
    std::printf("full verification (huolictl audit verify): %.0f ms, %s", ms_since(t), report.summary().c_str());
    std::printf("database size: %.1f MB\n", static_cast<double>(std::filesystem::file_size(db_file)) / 1e6);
    if (!keep) std::filesystem::remove_all(dir);
    return report.ok() ? 0 : 1;
}
