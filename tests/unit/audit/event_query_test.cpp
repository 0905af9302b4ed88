#include <SQLiteCpp/Statement.h>

#include "audit/event_query.hpp"
#include "log_fixture.hpp"

namespace huoli::audit::test {
namespace {

class event_query_test : public log_test {
protected:
    void SetUp() override {
        log_test::SetUp();
        append(1, 200);
    }

    std::vector<std::int64_t> seqs(const event_filter& f, bool* more = nullptr) {
        SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
        auto page = query_events(db, f);
        EXPECT_TRUE(page) << page.error().detail;
        std::vector<std::int64_t> out;
        for (const auto& r : page.value().rows) out.push_back(r.seq);
        if (more) *more = page.value().more;
        return out;
    }

    // Every event number in 1..200 that `keep` selects, as seqs (event n has seq n).
    static std::vector<std::int64_t> expected(const std::function<bool(const event&)>& keep) {
        std::vector<std::int64_t> out;
        for (int n = 1; n <= 200; ++n) {
            if (keep(make_event(n))) out.push_back(n);
        }
        return out;
    }

    std::string plan(const std::string& where) {
        SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
        SQLite::Statement q(db, "EXPLAIN QUERY PLAN " + where);
        std::string out;
        while (q.executeStep()) out += q.getColumn(3).getString() + "\n";
        return out;
    }
};

bool has_subject(const event& e, const std::string& s) {
    for (const auto& v : e.data_subjects) {
        if (v == s) return true;
    }
    return false;
}

TEST_F(event_query_test, finds_every_event_of_a_data_subject_in_seq_order) {
    event_filter f;
    f.subject = "subject-x";
    f.limit = 1000;
    EXPECT_EQ(seqs(f), expected([](const event& e) { return has_subject(e, "subject-x"); }));
    f.subject = "subject-3";
    EXPECT_EQ(seqs(f), expected([](const event& e) { return has_subject(e, "subject-3"); }));
}

TEST_F(event_query_test, filters_combine) {
    event_filter f;
    f.object = "notice-4";
    f.actor = "kainuu-intake";
    f.action = "read";
    f.organisation = "kainuu";
    f.from = "2025-03-04T09:10";
    f.to = "2025-03-04T09:50";
    f.limit = 1000;
    const auto want = expected([](const event& e) {
        return e.object == "notice-4" && e.actor == "kainuu-intake" && e.action == "read" && e.organisation == "kainuu" &&
               e.at >= "2025-03-04T09:10" && e.at < "2025-03-04T09:50";
    });
    EXPECT_FALSE(want.empty());
    EXPECT_EQ(seqs(f), want);
}

TEST_F(event_query_test, a_scoped_query_returns_only_its_organisations_events) {
    event_filter f;
    f.subject = "subject-x";
    f.scope_organisation = "kainuu";
    f.limit = 1000;
    const auto kainuu = expected([](const event& e) { return has_subject(e, "subject-x") && e.organisation == "kainuu"; });
    EXPECT_FALSE(kainuu.empty());
    EXPECT_EQ(seqs(f), kainuu);
    f.subject.reset();
    f.scope_organisation = "helsinki";
    EXPECT_EQ(seqs(f), expected([](const event& e) { return e.organisation == "helsinki"; }));
    f.scope_organisation = "nobody";
    EXPECT_EQ(seqs(f), std::vector<std::int64_t>{});
}

TEST_F(event_query_test, a_scoped_query_includes_the_transfer_that_brought_a_notice_in) {
    event in = make_event(201);
    in.action = "transfer_in";
    in.organisation = "helsinki";  // written by the sending organisation's principal
    in.details = {{"from_organisation", "helsinki"}, {"to_organisation", "lappi"}};
    store_->run_write([in](SQLite::Database& db) -> result<nlohmann::json> {
        append_event(db, in);
        return nlohmann::json::object();
    }, [](result<nlohmann::json>) {});
    append(202, 202);  // after the transfer's transaction
    event_filter f;
    f.scope_organisation = "lappi";
    EXPECT_EQ(seqs(f), std::vector<std::int64_t>{201});
    EXPECT_EQ(f.describe()["scope"], "lappi");
    EXPECT_EQ(event_filter{}.describe()["scope"], "all");
}

TEST_F(event_query_test, pages_follow_the_cursor_without_gaps_or_repeats) {
    event_filter f;
    f.subject = "subject-1";
    f.limit = 7;
    std::vector<std::int64_t> all;
    bool more = true;
    while (more) {
        auto page = seqs(f, &more);
        ASSERT_LE(page.size(), 7u);
        all.insert(all.end(), page.begin(), page.end());
        if (!page.empty()) f.after = page.back();
    }
    EXPECT_EQ(all, expected([](const event& e) { return has_subject(e, "subject-1"); }));
}

TEST_F(event_query_test, queries_by_notice_and_by_data_subject_use_an_index) {
    const auto by_notice = plan(
        "SELECT seq FROM audit_events e INDEXED BY audit_events_by_object WHERE e.object = 'notice-1' AND e.seq > 0 "
        "ORDER BY e.seq");
    EXPECT_NE(by_notice.find("USING COVERING INDEX audit_events_by_object (object=? AND rowid>?)"), std::string::npos)
        << by_notice;
    EXPECT_EQ(by_notice.find("TEMP B-TREE"), std::string::npos) << by_notice;
    const auto by_subject = plan(
        "SELECT e.seq FROM audit_subjects s CROSS JOIN audit_events e ON e.seq = s.seq "
        "WHERE s.subject = 'subject-1' AND s.seq > 0 ORDER BY s.seq");
    EXPECT_NE(by_subject.find("SEARCH s USING PRIMARY KEY"), std::string::npos) << by_subject;
    EXPECT_EQ(by_subject.find("TEMP B-TREE"), std::string::npos) << by_subject;  // no sort
}

TEST_F(event_query_test, a_row_carries_the_exact_event_bytes_and_its_leaf_index) {
    event_filter f;
    f.after = 41;
    f.limit = 1;
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    const auto row = query_events(db, f).value().rows.at(0);
    const auto j = to_json(row);
    EXPECT_EQ(j["seq"], 42);
    EXPECT_EQ(j["leaf_index"], 41);
    EXPECT_EQ(j["event"], canonical_json(make_event(42)));
    EXPECT_EQ(j["data_subjects"], make_event(42).data_subjects);
}

TEST_F(event_query_test, the_description_of_a_query_never_holds_the_data_subject) {
    event_filter f;
    f.subject = "010101A123N";
    f.object = "notice-1";
    const auto d = f.describe().dump();
    EXPECT_EQ(d.find("010101A123N"), std::string::npos) << d;
    EXPECT_NE(d.find("notice-1"), std::string::npos) << d;
}

}  // namespace
}  // namespace huoli::audit::test
