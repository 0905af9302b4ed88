#include "audit/proof.hpp"

#include <gtest/gtest.h>

#include "audit/verify.hpp"
#include "rfc6962_vectors.hpp"

namespace huoli::audit {
namespace {

using namespace test;

// A lookup over a vector that fails the test if asked for a leaf outside the tree size.
leaf_lookup over(const std::vector<hash>& leaves, std::uint64_t size) {
    return [&leaves, size](std::uint64_t i) -> result<hash> {
        EXPECT_LT(i, size) << "lookup beyond the tree size";
        return leaves.at(i);
    };
}

std::vector<hash> rfc6962_leaf_hashes() {
    std::vector<hash> out;
    for (const auto& l : rfc6962_leaves()) out.push_back(leaf_hash(l));
    return out;
}

TEST(subtree_hash, equals_the_published_roots_and_the_reference_mth) {
    auto leaves = rfc6962_leaf_hashes();
    auto roots = rfc6962_roots();
    for (std::uint64_t n = 1; n <= 8; ++n) EXPECT_EQ(subtree_hash(0, n, over(leaves, n)).value(), roots[n - 1]);
    auto many = synthetic_leaves(100);
    for (std::uint64_t b = 0; b <= 100; b += 7) {
        for (std::uint64_t e = b; e <= 100; e += 5) {
            EXPECT_EQ(subtree_hash(b, e, over(many, 100)).value(), reference_mth(many, b, e));
        }
    }
    EXPECT_EQ(subtree_hash(5, 4, over(many, 100)).error().code, "out_of_range");
}

TEST(inclusion_proof, reproduces_the_published_rfc6962_proofs) {
    auto leaves = rfc6962_leaf_hashes();
    for (const auto& v : rfc6962_inclusion_proofs()) {
        auto proof = inclusion_proof(v.first, v.second, over(leaves, v.second));
        ASSERT_TRUE(proof);
        EXPECT_EQ(proof.value(), v.proof) << "leaf " << v.first << " of " << v.second;
    }
}

TEST(consistency_proof, reproduces_the_published_rfc6962_proofs) {
    auto leaves = rfc6962_leaf_hashes();
    for (const auto& v : rfc6962_consistency_proofs()) {
        auto proof = consistency_proof(v.first, v.second, over(leaves, v.second));
        ASSERT_TRUE(proof);
        EXPECT_EQ(proof.value(), v.proof) << v.first << " -> " << v.second;
    }
}

TEST(inclusion_proof, verifies_for_every_index_and_size_up_to_64) {
    auto leaves = synthetic_leaves(64);
    for (std::uint64_t n = 1; n <= 64; ++n) {
        hash root = reference_mth(leaves, 0, n);
        for (std::uint64_t i = 0; i < n; ++i) {
            auto proof = inclusion_proof(i, n, over(leaves, n));
            ASSERT_TRUE(proof);
            ASSERT_TRUE(verify_inclusion(leaves[i], i, n, proof.value(), root)) << "leaf " << i << " of " << n;
        }
    }
}

TEST(consistency_proof, verifies_for_every_pair_of_sizes_up_to_64) {
    auto leaves = synthetic_leaves(64);
    for (std::uint64_t n = 0; n <= 64; ++n) {
        hash root_n = reference_mth(leaves, 0, n);
        for (std::uint64_t m = 0; m <= n; ++m) {
            auto proof = consistency_proof(m, n, over(leaves, n));
            ASSERT_TRUE(proof);
            ASSERT_TRUE(verify_consistency(m, n, reference_mth(leaves, 0, m), root_n, proof.value()))
                << m << " -> " << n;
        }
    }
}

TEST(inclusion_proof, refuses_an_index_at_or_beyond_the_tree_size) {
    auto leaves = synthetic_leaves(8);
    EXPECT_EQ(inclusion_proof(8, 8, over(leaves, 8)).error().code, "out_of_range");
    EXPECT_EQ(inclusion_proof(0, 0, over(leaves, 0)).error().code, "out_of_range");
}

TEST(consistency_proof, refuses_an_old_size_larger_than_the_new_and_is_empty_when_nothing_to_prove) {
    auto leaves = synthetic_leaves(8);
    EXPECT_EQ(consistency_proof(6, 5, over(leaves, 8)).error().code, "out_of_range");
    EXPECT_TRUE(consistency_proof(0, 8, over(leaves, 8)).value().empty());
    EXPECT_TRUE(consistency_proof(8, 8, over(leaves, 8)).value().empty());
}

TEST(proofs, pass_on_the_lookup_error_unchanged) {
    leaf_lookup failing = [](std::uint64_t i) -> result<hash> {
        if (i == 3) return error{"store_unavailable", "read failed"};
        return leaf_hash(std::to_string(i));
    };
    EXPECT_EQ(inclusion_proof(0, 8, failing).error().code, "store_unavailable");
    EXPECT_EQ(consistency_proof(2, 8, failing).error().code, "store_unavailable");
    EXPECT_EQ(subtree_hash(0, 8, failing).error().code, "store_unavailable");
}

TEST(proofs, accept_a_lookup_that_returns_a_plain_hash) {
    auto leaves = synthetic_leaves(10);
    auto proof = inclusion_proof(4, 10, [&](std::uint64_t i) { return leaves[i]; });
    ASSERT_TRUE(proof);
    EXPECT_TRUE(verify_inclusion(leaves[4], 4, 10, proof.value(), reference_mth(leaves, 0, 10)));
}

}  // namespace
}  // namespace huoli::audit
