#include "cli/audit_commands.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include <SQLiteCpp/Database.h>

#include "audit/base64.hpp"
#include "audit/log_verifier.hpp"

namespace huoli::cli {
namespace {

std::optional<std::string> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buf;
    buf << in.rdbuf();
    return buf.str();
}

std::optional<audit::verifier> load_vkey(const std::filesystem::path& p) {
    auto text = read_file(p);
    if (!text) {
        std::cerr << "huolictl: cannot read " << p << "\n";
        return std::nullopt;
    }
    while (!text->empty() && (text->back() == '\n' || text->back() == '\r' || text->back() == ' ')) text->pop_back();
    auto v = audit::verifier::from_vkey(*text);
    if (!v) {
        std::cerr << "huolictl: " << p << " is not a verifier key (" << v.error().code << ")\n";
        return std::nullopt;
    }
    return v.value();
}

}  // namespace

int audit_verify(const audit_verify_args& a) {
    auto v = load_vkey(a.vkey);
    if (!v) return 2;
    audit::verify_report report;
    if (!a.db.empty()) {
        if (!std::filesystem::exists(a.db)) {
            std::cerr << "huolictl: no such database " << a.db << "\n";
            return 2;
        }
        auto r = audit::verify_database(a.db, *v);
        if (!r) {
            std::cerr << "huolictl: " << r.error().detail << "\n";
            return 2;
        }
        report = std::move(r).value();
    } else {
        std::ifstream events(a.ndjson, std::ios::binary);
        if (!events) {
            std::cerr << "huolictl: cannot read " << a.ndjson << "\n";
            return 2;
        }
        std::vector<std::string> notes;
        for (const auto& p : a.checkpoints) {
            auto note = read_file(p);
            if (!note) {
                std::cerr << "huolictl: cannot read " << p << "\n";
                return 2;
            }
            notes.push_back(*note);
        }
        report = audit::verify_export(events, notes, *v);
    }
    std::cout << report.summary();
    return report.ok() ? 0 : 1;
}

int receipt_verify(const receipt_verify_args& a) {
    auto v = load_vkey(a.vkey);
    if (!v) return 2;
    try {
        SQLite::Database db(a.db, SQLite::OPEN_READONLY);
        auto r = audit::verify_receipt(db, *v, a.receipt, a.seq);
        if (!r) {
            std::cout << "FAILED: " << r.error().code << ": " << r.error().detail << "\n";
            return r.error().code == "storage_unavailable" ? 2 : 1;
        }
        // Every check has run by now: the verdict comes after the checks, so "OK" is never followed
        // by a check that failed.
        const auto& p = r.value();
        std::cout << "  audit event seq " << p.seq << " (leaf " << p.leaf_index << ") is in the log signed by "
                  << v->name() << " at size " << p.signed_head.size << "\n"
                  << "  root " << audit::base64_encode(std::string_view(reinterpret_cast<const char*>(p.signed_head.root.data()), 32))
                  << ", inclusion proof of " << p.proof.size() << " hashes verified\n"
                  << "  stored notice content " << (p.payload_matches ? "matches" : "DOES NOT match")
                  << " the hash the event committed to\n";
        if (p.payload_matches) {
            std::cout << "OK: notice " << p.notice_id << ": every check passed\n";
        } else {
            std::cout << "FAILED: payload_mismatch: notice " << p.notice_id
                      << ": the stored content is not what the audit event committed to\n";
        }
        return p.payload_matches ? 0 : 1;
    } catch (const SQLite::Exception& e) {
        std::cerr << "huolictl: cannot open " << a.db << " (SQLite error " << e.getErrorCode() << ")\n";
        return 2;
    }
}

}  // namespace huoli::cli
