// Tampering with the SQLite file directly, as someone with access to it could (after dropping
// the append-only triggers): verification must detect each kind and name the first bad event.
#include <sstream>

#include <SQLiteCpp/Statement.h>

#include "audit/checkpoint.hpp"
#include "audit/event_query.hpp"
#include "audit/note.hpp"
#include "audit/log_verifier.hpp"
#include "log_fixture.hpp"

namespace huoli::audit::test {
namespace {

class log_verifier_test : public log_test {
protected:
    // 40 events under two checkpoints (20 and 40).
    void SetUp() override {
        log_test::SetUp();
        append(1, 20);
        open_checkpointer()->run_once().value();
        append(21, 40);
        open_checkpointer()->run_once().value();
    }

    verify_report verify() {
        auto r = verify_database(db_file(), vkey());
        EXPECT_TRUE(r) << r.error().detail;
        return r.value();
    }

    // The first problem must be of `kind` at `seq`.
    void expect_first(const verify_report& r, const std::string& kind, std::int64_t seq) {
        ASSERT_FALSE(r.ok()) << r.summary();
        EXPECT_EQ(r.problems.front().kind, kind) << r.summary();
        EXPECT_EQ(r.problems.front().seq, seq) << r.summary();
    }
};

// Moves seq >= from by `by` (+1 or -1) without tripping the primary key on the way.
void shift(SQLite::Database& db, int from, int by) {
    db.exec("UPDATE audit_events SET seq = -seq WHERE seq >= " + std::to_string(from));
    db.exec("UPDATE audit_events SET seq = -seq + (" + std::to_string(by) + ") WHERE seq < 0");
}

TEST_F(log_verifier_test, an_untouched_log_verifies) {
    const auto r = verify();
    EXPECT_TRUE(r.ok()) << r.summary();
    EXPECT_EQ(r.events, 40u);
    EXPECT_EQ(r.checkpoints, 2u);
    EXPECT_EQ(r.signed_size, 40u);
    EXPECT_TRUE(r.warnings.empty());
}

TEST_F(log_verifier_test, names_an_edited_event) {
    auto db = tamper();
    db.exec("UPDATE audit_events SET event = replace(event, '\"n\":7', '\"n\":8') WHERE seq = 7");
    expect_first(verify(), "edited", 7);
}

TEST_F(log_verifier_test, names_an_event_whose_columns_were_edited) {
    auto db = tamper();
    db.exec("UPDATE audit_events SET actor = 'somebody-else' WHERE seq = 12");
    expect_first(verify(), "columns_edited", 12);
}

TEST_F(log_verifier_test, names_a_deleted_event) {
    auto db = tamper();
    db.exec("DELETE FROM audit_events WHERE seq = 9");
    expect_first(verify(), "deleted", 9);
}

TEST_F(log_verifier_test, one_deleted_event_is_one_finding) {
    auto db = tamper();
    db.exec("DELETE FROM audit_events WHERE seq = 9");
    const auto r = verify();
    ASSERT_EQ(r.problems.size(), 1u) << r.summary();
    EXPECT_EQ(r.problems.front().kind, "deleted");
    EXPECT_NE(r.problems.front().detail.find("seq 9 missing"), std::string::npos) << r.summary();
}

TEST_F(log_verifier_test, two_separate_deletions_are_two_findings_naming_their_ranges) {
    auto db = tamper();
    db.exec("DELETE FROM audit_events WHERE seq = 9");
    db.exec("DELETE FROM audit_events WHERE seq BETWEEN 25 AND 27");
    const auto r = verify();
    ASSERT_EQ(r.problems.size(), 2u) << r.summary();
    EXPECT_EQ(r.problems[0].seq, 9);
    EXPECT_EQ(r.problems[1].kind, "deleted");
    EXPECT_EQ(r.problems[1].seq, 25);
    EXPECT_NE(r.problems[1].detail.find("seq 25 to 27 missing (3 events"), std::string::npos) << r.summary();
}

TEST_F(log_verifier_test, names_a_deleted_event_when_the_rest_were_renumbered) {
    auto db = tamper();
    db.exec("DELETE FROM audit_events WHERE seq = 9");
    shift(db, 10, -1);
    db.exec("UPDATE sqlite_sequence SET seq = 39 WHERE name = 'audit_events'");
    const auto r = verify();
    expect_first(r, "deleted", 9);
    EXPECT_NE(r.problems.front().detail.find("renumbered"), std::string::npos) << r.summary();
}

TEST_F(log_verifier_test, names_reordered_events) {
    auto db = tamper();
    db.exec("UPDATE audit_events SET seq = -5 WHERE seq = 5");
    db.exec("UPDATE audit_events SET seq = 5 WHERE seq = 13");
    db.exec("UPDATE audit_events SET seq = 13 WHERE seq = -5");
    const auto r = verify();
    expect_first(r, "reordered", 5);
    EXPECT_NE(r.problems.front().detail.find("seq 13"), std::string::npos) << r.summary();
}

TEST_F(log_verifier_test, names_two_swapped_neighbours) {
    auto db = tamper();
    db.exec("UPDATE audit_events SET seq = -30 WHERE seq = 30");
    db.exec("UPDATE audit_events SET seq = 30 WHERE seq = 31");
    db.exec("UPDATE audit_events SET seq = 31 WHERE seq = -30");
    expect_first(verify(), "reordered", 30);
}

TEST_F(log_verifier_test, names_an_inserted_event) {
    auto db = tamper();
    shift(db, 7, +1);
    auto forged = make_event(99);
    db.exec("INSERT INTO audit_events (seq, at, actor, action, object, legal_basis, outcome, data_subjects, event) "
            "VALUES (7, '" + forged.at + "', '" + forged.actor + "', '" + forged.action + "', '" + forged.object +
            "', '" + forged.legal_basis + "', '" + forged.outcome + "', '" + forged.data_subjects.dump() + "', '" +
            canonical_json(forged) + "')");
    expect_first(verify(), "inserted", 7);
}

TEST_F(log_verifier_test, names_events_missing_from_the_end) {
    auto db = tamper();
    db.exec("DELETE FROM audit_events WHERE seq > 37");
    expect_first(verify(), "events_missing", 38);
}

TEST_F(log_verifier_test, narrows_to_a_range_when_the_leaf_hashes_were_altered_too) {
    auto db = tamper();
    db.exec("UPDATE audit_events SET event = replace(event, '\"n\":25', '\"n\":26') WHERE seq = 25");
    db.exec("UPDATE audit_tree_nodes SET hash = zeroblob(32) WHERE level = 0 AND idx = 24");
    const auto r = verify();
    ASSERT_FALSE(r.ok());
    const auto first = std::find_if(r.problems.begin(), r.problems.end(),
                                    [](const finding& f) { return f.kind == "first_bad_in_range"; });
    ASSERT_NE(first, r.problems.end()) << r.summary();
    EXPECT_EQ(first->seq, 21);
    EXPECT_NE(first->detail.find("between seq 21 and 40"), std::string::npos) << r.summary();
}

TEST_F(log_verifier_test, rejects_a_checkpoint_signed_by_another_key) {
    append(41, 45);
    write_new_key_pem("ED25519", dir_ / "other.pem");
    const auto other = signer::from_private_key_file(dir_ / "other.pem", origin);
    {
        SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
        SQLite::Statement q(db, "INSERT INTO audit_checkpoints (size, root, note, created_at) "
                                "VALUES (45, zeroblob(32), ?, '2025-01-01T00:00:00.000Z')");
        q.bind(1, sign_note(make_checkpoint_body(origin, 45, hash{}), other).value());
        q.exec();
    }
    const auto r = verify();
    expect_first(r, "bad_checkpoint", 0);
    EXPECT_NE(r.problems.front().detail.find("unknown_key"), std::string::npos) << r.summary();
    ASSERT_EQ(r.warnings.size(), 1u);  // 41..45 are not covered by a (valid) checkpoint
}

TEST_F(log_verifier_test, names_a_missing_data_subject_index_entry) {
    auto db = tamper();
    db.exec("DELETE FROM audit_subjects WHERE seq = 15");
    expect_first(verify(), "index_altered", 15);
}

TEST_F(log_verifier_test, an_ndjson_export_verifies_and_its_edits_are_found) {
    std::vector<std::string> notes;
    std::ostringstream ndjson;
    {
        SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, "SELECT note FROM audit_checkpoints ORDER BY size");
        while (q.executeStep()) notes.push_back(q.getColumn(0).getString());
        event_filter all;
        all.limit = 1000;
        const auto page = query_events(db, all).value();
        for (const auto& row : page.rows) ndjson << to_json(row).dump() << "\n";
    }
    std::istringstream good(ndjson.str());
    const auto ok = verify_export(good, notes, vkey());
    EXPECT_TRUE(ok.ok()) << ok.summary();
    EXPECT_EQ(ok.events, 40u);

    std::string text = ndjson.str();
    const std::string was = R"(\"n\":33)";
    const auto at = text.find(was);
    ASSERT_NE(at, std::string::npos);
    text.replace(at, was.size(), R"(\"n\":34)");
    std::istringstream bad(text);
    const auto r = verify_export(bad, notes, vkey());
    expect_first(r, "first_bad_in_range", 21);
}

TEST_F(log_verifier_test, a_receipt_is_proved_under_a_signed_checkpoint) {
    const auto [receipt, seq] = submit(1);
    open_checkpointer()->run_once().value();
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    auto r = verify_receipt(db, vkey(), receipt, 0);
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r.value().seq, seq);
    EXPECT_EQ(r.value().leaf_index, static_cast<std::uint64_t>(seq - 1));
    EXPECT_EQ(r.value().signed_head.size, 41u);
    EXPECT_TRUE(r.value().payload_matches);
    EXPECT_EQ(verify_receipt(db, vkey(), "AAAA-AAAA-AA", 0).error().code, "not_found");
}

TEST_F(log_verifier_test, a_receipt_is_not_yet_proved_before_a_checkpoint_covers_it) {
    const auto [receipt, seq] = submit(1);
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    EXPECT_EQ(verify_receipt(db, vkey(), receipt, 0).error().code, "not_yet_signed");
}

TEST_F(log_verifier_test, a_receipt_whose_event_or_notice_was_altered_fails) {
    const auto [receipt, seq] = submit(1);
    open_checkpointer()->run_once().value();
    auto db = tamper();
    db.exec("UPDATE notices SET payload = '{\"n\":2}'");
    auto changed_notice = verify_receipt(db, vkey(), receipt, 0);
    ASSERT_TRUE(changed_notice);
    EXPECT_FALSE(changed_notice.value().payload_matches);
    db.exec("UPDATE audit_events SET event = replace(event, 'accepted', 'ACCEPTED') WHERE seq = " + std::to_string(seq));
    EXPECT_EQ(verify_receipt(db, vkey(), receipt, 0).error().code, "proof_failed");
}

}  // namespace
}  // namespace huoli::audit::test
