#include <SQLiteCpp/Statement.h>

#include "audit/checkpoint.hpp"
#include "audit/proof.hpp"
#include "audit/tree_store.hpp"
#include "audit/verify.hpp"
#include "log_fixture.hpp"

namespace huoli::audit::test {
namespace {

using tree_store_test = log_test;

std::vector<hash> leaves_of(const std::filesystem::path& db_file) {
    SQLite::Database db(db_file, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "SELECT event FROM audit_events ORDER BY seq");
    std::vector<hash> out;
    while (q.executeStep()) out.push_back(leaf_hash(q.getColumn(0).getString()));
    return out;
}

hash root_of(const std::vector<hash>& leaves, std::size_t n) {
    merkle_tree t;
    for (std::size_t i = 0; i < n; ++i) t.append(leaves[i]);
    return t.root();
}

TEST_F(tree_store_test, stored_subtrees_give_the_same_roots_and_proofs_as_the_leaves) {
    append(1, 1300);  // five complete 256-leaf chunks, a level-9 and a level-10 node, and a partial chunk
    ASSERT_TRUE(open_checkpointer()->run_once());
    const auto leaves = leaves_of(db_file());
    const leaf_lookup lookup = [&](std::uint64_t i) -> result<hash> { return leaves[i]; };
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    tree_store trees(db);
    EXPECT_GT(db.execAndGet("SELECT count(*) FROM audit_tree_nodes WHERE level = 10").getInt(), 0);
    for (std::uint64_t size : {1u, 255u, 256u, 257u, 512u, 1024u, 1025u, 1299u, 1300u}) {
        EXPECT_EQ(trees.range_hash(0, size).value(), root_of(leaves, size)) << size;
        for (std::uint64_t index : {0ul, size / 3, size - 1}) {
            EXPECT_EQ(trees.inclusion_proof(index, size).value(), inclusion_proof(index, size, lookup).value())
                << index << "/" << size;
        }
        for (std::uint64_t m : {1ul, size / 2, size}) {
            EXPECT_EQ(trees.consistency_proof(m, size).value(), consistency_proof(m, size, lookup).value())
                << m << "/" << size;
        }
    }
}

TEST_F(tree_store_test, checkpoint_is_a_signed_note_of_the_recomputed_root) {
    append(1, 30);
    auto c = open_checkpointer();
    auto head = c->run_once();
    ASSERT_TRUE(head);
    EXPECT_EQ(head.value().size, 30u);
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    auto latest = tree_store(db).latest_checkpoint();
    ASSERT_TRUE(latest && latest.value());
    auto cp = verify_checkpoint(latest.value()->note, vkey());
    ASSERT_TRUE(cp) << cp.error().code;
    EXPECT_EQ(cp.value().origin, origin);
    EXPECT_EQ(cp.value().size, 30u);
    EXPECT_EQ(cp.value().root, root_of(leaves_of(db_file()), 30));
}

TEST_F(tree_store_test, no_new_checkpoint_when_the_tree_did_not_grow) {
    append(1, 5);
    auto c = open_checkpointer();
    ASSERT_TRUE(c->run_once());
    ASSERT_TRUE(c->run_once());
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM audit_checkpoints").getInt(), 1);
}

TEST_F(tree_store_test, catches_up_in_short_transactions_each_with_a_checkpoint) {
    append(1, 1000);
    ASSERT_TRUE(open_checkpointer(300)->run_once());
    SQLite::Database db(db_file(), SQLite::OPEN_READONLY);
    EXPECT_EQ(db.execAndGet("SELECT group_concat(size) FROM audit_checkpoints ORDER BY size").getString(),
              "300,600,900,1000");
}

TEST_F(tree_store_test, new_events_are_read_and_hashed_while_another_connection_holds_the_write_lock) {
    // The checkpointer relies on this to keep the store's writer waiting only for the appends.
    append(1, 300);
    SQLite::Database holder(db_file(), SQLite::OPEN_READWRITE);
    holder.exec("BEGIN IMMEDIATE");
    SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
    tree_store trees(db);
    auto leaves = trees.new_leaf_hashes(0, 1000);
    ASSERT_TRUE(leaves) << leaves.error().detail;
    EXPECT_EQ(leaves.value(), leaves_of(db_file()));
    EXPECT_EQ(trees.new_leaf_hashes(290, 1000).value().size(), 10u);
    holder.exec("ROLLBACK");

    db.exec("BEGIN IMMEDIATE");
    merkle_tree tree;
    ASSERT_TRUE(trees.append_leaves(tree, leaves.value()));
    ASSERT_TRUE(trees.save(tree, "2026-11-30T00:00:00Z"));
    db.exec("COMMIT");
    EXPECT_EQ(tree.size(), 300u);
    EXPECT_EQ(tree.root(), root_of(leaves.value(), 300));
    EXPECT_EQ(trees.range_hash(0, 300).value(), tree.root());
}

TEST_F(tree_store_test, restart_resumes_from_the_persisted_state) {
    append(1, 700);
    open_checkpointer()->run_once().value();
    append(701, 900);
    auto resumed = open_checkpointer();
    EXPECT_EQ(resumed->head().size, 700u);
    auto head = resumed->run_once();
    ASSERT_TRUE(head);
    EXPECT_EQ(head.value().size, 900u);
    EXPECT_EQ(head.value().root, root_of(leaves_of(db_file()), 900));
}

TEST_F(tree_store_test, start_up_refuses_a_tree_state_that_does_not_match_the_signed_checkpoint) {
    append(1, 10);
    open_checkpointer()->run_once().value();
    append(11, 20);
    {
        // A state of another tree (the first 20 events), written as if it were current.
        merkle_tree other;
        for (const auto& h : leaves_of(db_file())) other.append(h);
        SQLite::Database db(db_file(), SQLite::OPEN_READWRITE);
        SQLite::Statement q(db, "UPDATE audit_tree SET size = 20, state = ?");
        const auto state = other.state();
        q.bind(1, state.data(), static_cast<int>(state.size()));
        q.exec();
    }
    EXPECT_THROW(open_checkpointer(), std::runtime_error);
}

TEST_F(tree_store_test, start_up_refuses_when_the_last_signed_event_was_changed) {
    append(1, 10);
    open_checkpointer()->run_once().value();
    auto db = tamper();
    db.exec("UPDATE audit_events SET event = replace(event, '\"n\":10', '\"n\":11') WHERE seq = 10");
    EXPECT_THROW(open_checkpointer(), std::runtime_error);
}

TEST_F(tree_store_test, start_up_refuses_checkpoints_signed_by_another_key) {
    append(1, 10);
    open_checkpointer()->run_once().value();
    write_new_key_pem("ED25519", dir_ / "audit.pem");  // the key file was replaced
    EXPECT_THROW(open_checkpointer(), std::runtime_error);
}

TEST_F(tree_store_test, refuses_to_sign_across_a_gap_in_seq) {
    append(1, 10);
    auto db = tamper();
    db.exec("DELETE FROM audit_events WHERE seq = 4");
    auto c = open_checkpointer();
    auto r = c->run_once();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "audit_gap");
    EXPECT_EQ(db.execAndGet("SELECT count(*) FROM audit_checkpoints").getInt(), 0);
    EXPECT_EQ(c->head().size, 0u);
}

}  // namespace
}  // namespace huoli::audit::test
