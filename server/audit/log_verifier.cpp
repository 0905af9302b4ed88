#include "audit/log_verifier.hpp"

#include <algorithm>
#include <array>
#include <sstream>

#include <SQLiteCpp/Statement.h>
#include <nlohmann/json.hpp>

#include "audit/event.hpp"
#include "audit/merkle_tree.hpp"
#include "audit/tree_store.hpp"
#include "audit/verify.hpp"
#include "json/digest.hpp"

namespace huoli::audit {
namespace {

using nlohmann::json;

struct row {
    std::int64_t seq = 0;
    std::string event;
    std::optional<std::array<std::string, 6>> columns;  // core_text_fields, in order
    std::optional<std::string> data_subjects;
};

struct signed_head {
    std::uint64_t size = 0;
    hash root{};
};

void add(verify_report& rep, std::int64_t seq, std::string kind, std::string detail) {
    rep.problems.push_back({seq, std::move(kind), std::move(detail)});
}

std::string seq_text(std::uint64_t position) { return "seq " + std::to_string(position + 1); }

// Verified checkpoints in size order; the others become findings.
std::vector<signed_head> open_checkpoints(const std::vector<std::string>& notes, const verifier& v,
                                          verify_report& rep) {
    std::vector<signed_head> out;
    for (std::size_t i = 0; i < notes.size(); ++i) {
        auto cp = verify_checkpoint(notes[i], v);
        if (!cp) {
            add(rep, 0, "bad_checkpoint", "checkpoint #" + std::to_string(i + 1) + ": " + cp.error().code);
            continue;
        }
        out.push_back({cp.value().size, cp.value().root});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.size < b.size; });
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i].size == out[i - 1].size && out[i].root != out[i - 1].root) {
            add(rep, 0, "inconsistent_checkpoints",
                "two signed checkpoints of size " + std::to_string(out[i].size) + " have different roots");
        }
    }
    rep.checkpoints = out.size();
    if (!out.empty()) rep.signed_size = out.back().size;
    return out;
}

void check_columns(const row& r, const json& ev, verify_report& rep) {
    if (r.columns) {
        for (std::size_t i = 0; i < std::size(core_text_fields); ++i) {
            const char* name = core_text_fields[i];
            if (!ev.contains(name) || !ev[name].is_string() || ev[name].get<std::string>() != (*r.columns)[i]) {
                add(rep, r.seq, "columns_edited",
                    "seq " + std::to_string(r.seq) + ": column " + name + " disagrees with the event bytes");
                return;
            }
        }
    }
    if (r.data_subjects) {
        const json subjects = json::parse(*r.data_subjects, nullptr, false);
        if (!ev.contains("data_subjects") || subjects.is_discarded() || subjects != ev["data_subjects"]) {
            add(rep, r.seq, "columns_edited",
                "seq " + std::to_string(r.seq) + ": column data_subjects disagrees with the event bytes");
        }
    }
}

// One pass over the events in the order given: recomputes leaves and roots, finds gaps.
class replay {
public:
    replay(std::vector<signed_head> heads, verify_report& rep) : heads_(std::move(heads)), rep_(rep) {}

    // `stored` is the leaf hash the database stored at this position (database mode only).
    void feed(const row& r, const std::optional<hash>& stored) {
        const std::uint64_t position = tree_.size();
        // Against the previous row, not the position: after one deleted row every later event sits
        // one place early, and comparing with the position named each of them as another deletion.
        if (r.seq > last_seq_ + 1) {
            const std::int64_t first = last_seq_ + 1;
            const std::int64_t last = r.seq - 1;
            gaps_.push_back({first, last});
            add(rep_, first, "deleted",
                "seq " + std::to_string(first) + (first == last ? "" : " to " + std::to_string(last)) + " missing (" +
                    std::to_string(last - first + 1) + (first == last ? " event" : " events") +
                    "; the next event present is seq " + std::to_string(r.seq) + ")");
        } else if (r.seq <= last_seq_) {
            add(rep_, r.seq, "reordered", "seq " + std::to_string(r.seq) + " appears after seq " + std::to_string(last_seq_));
        }
        last_seq_ = std::max(last_seq_, r.seq);
        const json ev = json::parse(r.event, nullptr, false);
        if (ev.is_discarded() || !ev.is_object()) {
            add(rep_, r.seq, "malformed_event", "seq " + std::to_string(r.seq) + ": the event is not a JSON object");
        } else {
            check_columns(r, ev, rep_);
        }
        const hash leaf = leaf_hash(r.event);
        if (mismatch_ && *mismatch_ + 1 == position) next_after_mismatch_ = leaf;
        if (stored && !mismatch_ && *stored != leaf) {
            mismatch_ = position;
            recomputed_at_mismatch_ = leaf;
        }
        tree_.append(leaf);
        while (next_ < heads_.size() && heads_[next_].size <= tree_.size()) {
            const signed_head& h = heads_[next_++];
            if (h.size == tree_.size() && h.root == tree_.root()) {
                if (!first_bad_) last_good_ = h.size;
            } else if (!first_bad_) {
                first_bad_ = h.size;
            }
        }
    }

    void finish() {
        rep_.events = tree_.size();
        // Events missing inside the log are already "deleted" findings; this is the end cut off.
        if (next_ < heads_.size() && static_cast<std::uint64_t>(last_seq_) < heads_.back().size) {
            add(rep_, last_seq_ + 1, "events_missing",
                "the log ends at seq " + std::to_string(last_seq_) + " but a signed checkpoint covers " +
                    std::to_string(heads_.back().size) + " events");
        }
        if (tree_.size() > rep_.signed_size) {
            rep_.warnings.push_back("seq " + std::to_string(rep_.signed_size + 1) + " to " +
                                    std::to_string(tree_.size()) + " are not covered by a signed checkpoint yet");
        }
    }

    std::optional<std::uint64_t> first_bad_size() const { return first_bad_; }
    std::uint64_t last_good_size() const { return last_good_; }
    std::optional<std::uint64_t> mismatch() const { return mismatch_; }
    hash recomputed_at_mismatch() const { return recomputed_at_mismatch_; }
    std::optional<hash> next_after_mismatch() const { return next_after_mismatch_; }
    // The missing seq ranges found, each already one "deleted" finding.
    const std::vector<std::pair<std::int64_t, std::int64_t>>& gaps() const { return gaps_; }
    bool in_gap(std::int64_t seq) const {
        return std::any_of(gaps_.begin(), gaps_.end(), [seq](const auto& g) { return seq >= g.first && seq <= g.second; });
    }
    std::int64_t last_seq() const { return last_seq_; }

private:
    std::vector<signed_head> heads_;
    verify_report& rep_;
    merkle_tree tree_;
    std::int64_t last_seq_ = 0;
    std::vector<std::pair<std::int64_t, std::int64_t>> gaps_;
    std::size_t next_ = 0;
    std::uint64_t last_good_ = 0;
    std::optional<std::uint64_t> first_bad_;
    std::optional<std::uint64_t> mismatch_;
    hash recomputed_at_mismatch_{};
    std::optional<hash> next_after_mismatch_;
};

void add_range_finding(verify_report& rep, const replay& pass) {
    if (!pass.first_bad_size()) return;
    add(rep, static_cast<std::int64_t>(pass.last_good_size() + 1), "first_bad_in_range",
        "the recomputed tree differs from the signed checkpoint of size " + std::to_string(*pass.first_bad_size()) +
            "; the first bad event is between seq " + std::to_string(pass.last_good_size() + 1) + " and " +
            std::to_string(*pass.first_bad_size()));
}

void sort_findings(verify_report& rep) {
    std::stable_sort(rep.problems.begin(), rep.problems.end(), [](const finding& a, const finding& b) {
        const auto key = [](const finding& f) { return f.seq == 0 ? INT64_MAX : f.seq; };
        return key(a) < key(b);
    });
}

std::optional<hash> stored_leaf(SQLite::Database& db, std::uint64_t index) {
    SQLite::Statement q(db, "SELECT hash FROM audit_tree_nodes WHERE level = 0 AND idx = ?");
    q.bind(1, static_cast<std::int64_t>(index));
    if (!q.executeStep()) return std::nullopt;
    return hash_from_blob(q.getColumn(0).getBlob(), q.getColumn(0).getBytes());
}

// The largest signed size up to which the stored leaf hashes recompute every signed root: up to
// there they are the leaves that were signed, and can name the event that differs.
std::uint64_t stored_leaves_authentic_up_to(SQLite::Database& db, const std::vector<signed_head>& heads) {
    SQLite::Statement q(db, "SELECT idx, hash FROM audit_tree_nodes WHERE level = 0 ORDER BY idx");
    merkle_tree t;
    std::uint64_t authentic = 0;
    std::size_t next = 0;
    while (next < heads.size() && q.executeStep()) {
        auto h = hash_from_blob(q.getColumn(1).getBlob(), q.getColumn(1).getBytes());
        if (!h || static_cast<std::uint64_t>(q.getColumn(0).getInt64()) != t.size()) break;
        t.append(*h);
        for (; next < heads.size() && heads[next].size == t.size(); ++next) {
            if (heads[next].root != t.root()) return authentic;
            authentic = t.size();
        }
    }
    return authentic;
}

// The first recomputed leaf that differs from the authentic stored one, and what happened to it.
void classify(SQLite::Database& db, const replay& pass, verify_report& rep) {
    const std::uint64_t p = *pass.mismatch();
    const hash here = pass.recomputed_at_mismatch();
    const std::optional<hash> next = pass.next_after_mismatch();
    const auto at = static_cast<std::int64_t>(p + 1);
    const std::optional<hash> signed_here = stored_leaf(db, p);
    const std::optional<hash> signed_next = stored_leaf(db, p + 1);
    if (next && signed_next == here && signed_here == *next) {
        add(rep, at, "reordered", seq_text(p) + " and " + seq_text(p + 1) + " were swapped");
    } else if (signed_next == here) {
        add(rep, at, "deleted", "the event signed as " + seq_text(p) + " is missing; the events after it were renumbered");
    } else if (next && signed_here == *next) {
        add(rep, at, "inserted", seq_text(p) + " was not in the signed log; the events after it were renumbered");
    } else {
        SQLite::Statement q(db, "SELECT idx FROM audit_tree_nodes WHERE level = 0 AND hash = ? ORDER BY idx LIMIT 1");
        q.bind(1, here.data(), static_cast<int>(here.size()));
        if (q.executeStep()) {
            add(rep, at, "reordered",
                seq_text(p) + " holds the event signed as " + seq_text(static_cast<std::uint64_t>(q.getColumn(0).getInt64())));
        } else {
            add(rep, at, "edited", seq_text(p) + " differs from the event signed at that position");
        }
    }
}

// audit_subjects must hold exactly the data subjects of every event (queries by subject use it).
// Index rows left behind by a deleted event are part of that deletion's finding.
void check_subject_index(SQLite::Database& db, const replay& pass, verify_report& rep) {
    const std::string from_events =
        "SELECT e.seq, j.value FROM audit_events e, json_each(e.data_subjects) j WHERE j.type = 'text'";
    const std::string from_index = "SELECT seq, subject FROM audit_subjects";
    const std::pair<std::string, const char*> checks[] = {
        {from_events + " EXCEPT " + from_index, "lacks an entry of"},
        {from_index + " EXCEPT " + from_events, "has an entry not in the data subjects of"},
    };
    for (const auto& [sql, what] : checks) {
        SQLite::Statement q(db, "SELECT DISTINCT seq FROM (" + sql + ") ORDER BY seq");
        while (q.executeStep()) {
            const auto seq = q.getColumn(0).getInt64();
            if (pass.in_gap(seq) || seq > pass.last_seq()) continue;
            add(rep, seq, "index_altered",
                "the data-subject index " + std::string(what) + " seq " + std::to_string(seq) +
                    " (queries by data subject would be wrong)");
            break;
        }
    }
}

// Tails set aside at start-up (tail_check.hpp): each group of kept rows must match the signed
// audit.tail_rejected event that records it; the auditor is told where they are.
void check_rejected_tails(SQLite::Database& db, verify_report& rep) {
    if (!db.tableExists("audit_rejected_events")) return;
    SQLite::Statement groups(db, "SELECT rejected_by, min(seq), max(seq), count(*) FROM audit_rejected_events "
                                 "GROUP BY rejected_by ORDER BY rejected_by");
    while (groups.executeStep()) {
        const auto by = groups.getColumn(0).getInt64();
        const auto first = groups.getColumn(1).getInt64();
        const auto last = groups.getColumn(2).getInt64();
        const auto count = groups.getColumn(3).getInt64();
        std::string leaves;
        SQLite::Statement rows(db, "SELECT event FROM audit_rejected_events WHERE rejected_by = ? ORDER BY seq");
        rows.bind(1, by);
        while (rows.executeStep()) {
            const hash h = leaf_hash(rows.getColumn(0).getString());
            leaves.append(reinterpret_cast<const char*>(h.data()), h.size());
        }
        SQLite::Statement record(db, "SELECT event FROM audit_events WHERE seq = ?");
        record.bind(1, by);
        const json ev = record.executeStep() ? json::parse(record.getColumn(0).getString(), nullptr, false) : json();
        const json d = ev.is_object() ? ev.value("details", json::object()) : json::object();
        if (!ev.is_object() || ev.value("action", "") != "audit.tail_rejected" || d.value("first_seq", 0) != first ||
            d.value("last_seq", 0) != last || d.value("count", 0) != count ||
            d.value("leaf_hashes_sha256", "") != huoli::json::sha256_hex(leaves)) {
            add(rep, by, "rejected_rows_altered",
                "audit_rejected_events rows tagged " + std::to_string(by) +
                    " do not match a signed audit.tail_rejected event at seq " + std::to_string(by));
            continue;
        }
        rep.warnings.push_back("seq " + std::to_string(first) + " to " + std::to_string(last) + " (" +
                               std::to_string(count) + " events) were set aside unsigned at start-up, after a clean " +
                               "stop; the signed audit.tail_rejected event seq " + std::to_string(by) +
                               " records them; they are kept in audit_rejected_events");
    }
}

}  // namespace

std::string verify_report::summary() const {
    std::ostringstream out;
    out << (ok() ? "OK" : "FAILED") << ": " << events << " events, " << checkpoints
        << " verified checkpoints, signed size " << signed_size << "\n";
    for (const auto& p : problems) out << "  " << p.kind << ": " << p.detail << "\n";
    for (const auto& w : warnings) out << "  warning: " << w << "\n";
    return out.str();
}

verify_report verify_export(std::istream& ndjson, const std::vector<std::string>& notes, const verifier& v) {
    verify_report rep;
    replay pass(open_checkpoints(notes, v, rep), rep);
    std::string line;
    std::uint64_t number = 0;
    while (std::getline(ndjson, line)) {
        ++number;
        if (line.empty()) continue;
        const json j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
            !j.contains("event") || !j["event"].is_string()) {
            add(rep, 0, "malformed_event", "line " + std::to_string(number) + " is not {\"seq\": N, \"event\": \"...\"}");
            continue;
        }
        row r;
        r.seq = j["seq"].get<std::int64_t>();
        r.event = j["event"].get<std::string>();
        if (std::all_of(std::begin(core_text_fields), std::end(core_text_fields),
                        [&](const char* f) { return j.contains(f) && j[f].is_string(); })) {
            std::array<std::string, 6> cols;
            for (std::size_t i = 0; i < cols.size(); ++i) cols[i] = j[core_text_fields[i]].get<std::string>();
            r.columns = cols;
        }
        if (j.contains("data_subjects")) r.data_subjects = j["data_subjects"].dump();
        pass.feed(r, std::nullopt);
    }
    pass.finish();
    add_range_finding(rep, pass);
    sort_findings(rep);
    return rep;
}

result<verify_report> verify_database(const std::filesystem::path& db_file, const verifier& v) {
    try {
        SQLite::Database db(db_file, SQLite::OPEN_READONLY);
        tree_store trees(db);
        auto stored = trees.checkpoints();
        if (!stored) return stored.error();
        std::vector<std::string> notes;
        for (const auto& c : stored.value()) notes.push_back(c.note);
        verify_report rep;
        const auto heads = open_checkpoints(notes, v, rep);
        for (std::size_t i = 1; i < heads.size(); ++i) {
            auto proof = trees.consistency_proof(heads[i - 1].size, heads[i].size);
            if (!proof ||
                !verify_consistency(heads[i - 1].size, heads[i].size, heads[i - 1].root, heads[i].root, proof.value())) {
                add(rep, 0, "inconsistent_checkpoints",
                    "no valid consistency proof from the checkpoint of size " + std::to_string(heads[i - 1].size) +
                        " to " + std::to_string(heads[i].size) + " (history rewritten, or audit_tree_nodes altered)");
            }
        }

        replay pass(heads, rep);
        SQLite::Statement events(db, "SELECT seq, at, actor, action, object, legal_basis, outcome, data_subjects, "
                                     "event FROM audit_events ORDER BY seq");
        SQLite::Statement leaves(db, "SELECT idx, hash FROM audit_tree_nodes WHERE level = 0 ORDER BY idx");
        bool more_leaves = leaves.executeStep();
        for (std::int64_t position = 0; events.executeStep(); ++position) {
            row r;
            r.seq = events.getColumn(0).getInt64();
            std::array<std::string, 6> cols;
            for (int i = 0; i < 6; ++i) cols[static_cast<std::size_t>(i)] = events.getColumn(i + 1).getString();
            r.columns = cols;
            r.data_subjects = events.getColumn(7).getString();
            r.event = events.getColumn(8).getString();
            while (more_leaves && leaves.getColumn(0).getInt64() < position) more_leaves = leaves.executeStep();
            std::optional<hash> signed_leaf;
            if (more_leaves && leaves.getColumn(0).getInt64() == position) {
                signed_leaf = hash_from_blob(leaves.getColumn(1).getBlob(), leaves.getColumn(1).getBytes());
            }
            pass.feed(r, signed_leaf);
        }
        pass.finish();
        if (pass.mismatch() && *pass.mismatch() < stored_leaves_authentic_up_to(db, heads)) {
            // A gap in seq is that deletion's finding already; the stored leaves only name what a
            // renumbering hid.
            if (!pass.in_gap(static_cast<std::int64_t>(*pass.mismatch() + 1))) classify(db, pass, rep);
        } else {
            add_range_finding(rep, pass);
        }
        check_subject_index(db, pass, rep);
        check_rejected_tails(db, rep);
        sort_findings(rep);
        return rep;
    } catch (const SQLite::Exception& e) {
        return error{"storage_unavailable", "reading " + db_file.string() + ": SQLite error " +
                                                std::to_string(e.getErrorCode())};
    }
}

}  // namespace huoli::audit
