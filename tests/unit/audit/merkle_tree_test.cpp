#include "audit/merkle_tree.hpp"

#include <bit>

#include <gtest/gtest.h>

#include "rfc6962_vectors.hpp"

namespace huoli::audit {
namespace {

using namespace test;

TEST(merkle_tree, empty_tree_has_size_zero_and_the_empty_root) {
    merkle_tree tree;
    EXPECT_EQ(tree.size(), 0u);
    EXPECT_EQ(tree.root(), empty_root());
}

TEST(merkle_tree, reproduces_the_published_rfc6962_roots_for_sizes_1_to_8) {
    auto leaves = rfc6962_leaves();
    auto roots = rfc6962_roots();
    merkle_tree tree;
    for (std::size_t n = 1; n <= leaves.size(); ++n) {
        tree.append(leaf_hash(leaves[n - 1]));
        EXPECT_EQ(tree.size(), n);
        EXPECT_EQ(to_hex(tree.root()), to_hex(roots[n - 1])) << "size " << n;
    }
}

TEST(merkle_tree, incremental_root_equals_recursive_mth_for_every_size_up_to_300) {
    auto leaves = synthetic_leaves(300);
    merkle_tree tree;
    for (std::size_t n = 1; n <= leaves.size(); ++n) {
        tree.append(leaves[n - 1]);
        ASSERT_EQ(tree.root(), reference_mth(leaves, 0, n)) << "size " << n;
    }
}

TEST(merkle_tree, state_holds_one_hash_per_set_bit_of_the_size) {
    auto leaves = synthetic_leaves(100);
    merkle_tree tree;
    for (std::size_t n = 1; n <= leaves.size(); ++n) {
        tree.append(leaves[n - 1]);
        EXPECT_EQ(tree.state().size(), 9 + 32 * static_cast<std::size_t>(std::popcount(n)));
    }
}

TEST(merkle_tree, resumes_from_persisted_state_at_every_size) {
    auto leaves = synthetic_leaves(80);
    for (std::size_t stop = 0; stop <= 70; ++stop) {
        merkle_tree before;
        for (std::size_t i = 0; i < stop; ++i) before.append(leaves[i]);
        auto resumed = merkle_tree::from_state(before.state());
        ASSERT_TRUE(resumed) << "size " << stop;
        merkle_tree tree = resumed.value();
        EXPECT_EQ(tree.size(), stop);
        EXPECT_EQ(tree.root(), before.root());
        for (std::size_t i = stop; i < leaves.size(); ++i) {
            tree.append(leaves[i]);
            ASSERT_EQ(tree.root(), reference_mth(leaves, 0, i + 1)) << "resumed at " << stop << ", size " << i + 1;
        }
    }
}

TEST(merkle_tree, rejects_state_that_is_truncated_padded_or_of_another_version) {
    merkle_tree tree;
    for (const auto& l : synthetic_leaves(7)) tree.append(l);
    std::string good = tree.state();
    ASSERT_TRUE(merkle_tree::from_state(good));

    EXPECT_EQ(merkle_tree::from_state("").error().code, "invalid_tree_state");
    EXPECT_FALSE(merkle_tree::from_state(good.substr(0, good.size() - 1)));
    EXPECT_FALSE(merkle_tree::from_state(good + std::string(32, '\0')));
    std::string other_version = good;
    other_version[0] = '\x02';
    EXPECT_FALSE(merkle_tree::from_state(other_version));
    std::string other_size = good;
    other_size[8] = '\x08';  // size 8 needs one hash, not three
    EXPECT_FALSE(merkle_tree::from_state(other_size));
}

}  // namespace
}  // namespace huoli::audit
