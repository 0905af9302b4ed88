#include "audit/verify.hpp"

#include <gtest/gtest.h>

#include "audit/proof.hpp"
#include "rfc6962_vectors.hpp"

namespace huoli::audit {
namespace {

using namespace test;

const hash some_hash = h("abacaba000000000000000000000000000000000000000000060061e00123456");

std::vector<hash> with_bit_flipped(std::vector<hash> proof, std::size_t node, int bit) {
    proof[node][bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    return proof;
}

// The corruptions of transparency-dev/merkle proof/verify_test.go and a bit flip at every
// position: each must make a valid inclusion proof fail.
void expect_corruptions_rejected(const hash& leaf, std::uint64_t i, std::uint64_t n, const std::vector<hash>& proof,
                                 const hash& root) {
    SCOPED_TRACE("leaf " + std::to_string(i) + " of " + std::to_string(n));
    EXPECT_FALSE(verify_inclusion(leaf, i - 1, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i + 1, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i ^ 2, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n * 2, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n / 2, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf_hash("wrong leaf"), i, n, proof, root));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, proof, empty_root()));
    EXPECT_FALSE(verify_inclusion(leaf, i, n, proof, some_hash));
    for (const hash& extra : {hash{}, root, some_hash}) {
        auto longer = proof;
        longer.push_back(extra);
        EXPECT_FALSE(verify_inclusion(leaf, i, n, longer, root)) << "extra node at the end";
        longer = proof;
        longer.insert(longer.begin(), extra);
        EXPECT_FALSE(verify_inclusion(leaf, i, n, longer, root)) << "extra node at the front";
    }
    if (!proof.empty()) {
        EXPECT_FALSE(verify_inclusion(leaf, i, n, {proof.begin(), proof.end() - 1}, root)) << "truncated";
        EXPECT_FALSE(verify_inclusion(leaf, i, n, {proof.begin() + 1, proof.end()}, root)) << "first node removed";
    }
    if (proof.size() > 1) {
        auto inserted = proof;
        inserted.insert(inserted.begin() + 1, some_hash);
        EXPECT_FALSE(verify_inclusion(leaf, i, n, inserted, root)) << "inserted node";
    }
    for (std::size_t node = 0; node < proof.size(); ++node) {
        for (int bit = 0; bit < 256; bit += 37) {
            EXPECT_FALSE(verify_inclusion(leaf, i, n, with_bit_flipped(proof, node, bit), root))
                << "bit " << bit << " of node " << node;
        }
    }
}

void expect_consistency_corruptions_rejected(std::uint64_t m, std::uint64_t n, const hash& root_m, const hash& root_n,
                                             const std::vector<hash>& proof) {
    SCOPED_TRACE(std::to_string(m) + " -> " + std::to_string(n));
    EXPECT_FALSE(verify_consistency(m - 1, n, root_m, root_n, proof));
    EXPECT_FALSE(verify_consistency(m + 1, n, root_m, root_n, proof));
    EXPECT_FALSE(verify_consistency(m ^ 2, n, root_m, root_n, proof));
    EXPECT_FALSE(verify_consistency(m, n * 2, root_m, root_n, proof));
    EXPECT_FALSE(verify_consistency(m, n / 2, root_m, root_n, proof));
    EXPECT_FALSE(verify_consistency(m, n, some_hash, root_n, proof));
    EXPECT_FALSE(verify_consistency(m, n, root_m, some_hash, proof));
    EXPECT_FALSE(verify_consistency(m, n, root_n, root_m, proof));
    EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, {}));
    for (const hash& extra : {hash{}, root_m, root_n, proof.front()}) {
        auto longer = proof;
        longer.push_back(extra);
        EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, longer)) << "extra node at the end";
        longer = proof;
        longer.insert(longer.begin(), extra);
        EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, longer)) << "extra node at the front";
    }
    EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, {proof.begin(), proof.end() - 1})) << "truncated";
    for (std::size_t node = 0; node < proof.size(); ++node) {
        for (int bit = 0; bit < 256; bit += 37) {
            EXPECT_FALSE(verify_consistency(m, n, root_m, root_n, with_bit_flipped(proof, node, bit)))
                << "bit " << bit << " of node " << node;
        }
    }
}

TEST(verify_inclusion, accepts_the_published_rfc6962_proofs_and_rejects_their_corruptions) {
    auto leaves = rfc6962_leaves();
    auto roots = rfc6962_roots();
    for (const auto& v : rfc6962_inclusion_proofs()) {
        hash leaf = leaf_hash(leaves[v.first]);
        EXPECT_TRUE(verify_inclusion(leaf, v.first, v.second, v.proof, roots[v.second - 1]));
        expect_corruptions_rejected(leaf, v.first, v.second, v.proof, roots[v.second - 1]);
    }
}

TEST(verify_inclusion, rejects_corrupted_proofs_for_every_index_and_size_up_to_64) {
    auto leaves = synthetic_leaves(64);
    for (std::uint64_t n = 1; n <= 64; ++n) {
        hash root = reference_mth(leaves, 0, n);
        for (std::uint64_t i = 0; i < n; ++i) {
            auto proof = inclusion_proof(i, n, [&](std::uint64_t k) { return leaves[k]; }).value();
            expect_corruptions_rejected(leaves[i], i, n, proof, root);
        }
    }
}

TEST(verify_inclusion, rejects_an_index_at_or_beyond_the_size) {
    hash leaf = leaf_hash("data");
    EXPECT_TRUE(verify_inclusion(leaf, 0, 1, {}, leaf));  // a one-leaf tree's root is its leaf
    EXPECT_FALSE(verify_inclusion(leaf, 1, 1, {}, leaf));
    EXPECT_FALSE(verify_inclusion(leaf, 0, 0, {}, leaf));
    EXPECT_FALSE(verify_inclusion(leaf, 0, 0, {}, empty_root()));
    EXPECT_FALSE(verify_inclusion(leaf, 2, 1, {}, leaf));
    EXPECT_FALSE(verify_inclusion(leaf, UINT64_MAX, UINT64_MAX, {}, leaf));
}

TEST(verify_consistency, accepts_the_published_rfc6962_proofs_and_rejects_their_corruptions) {
    auto roots = rfc6962_roots();
    for (const auto& v : rfc6962_consistency_proofs()) {
        EXPECT_TRUE(verify_consistency(v.first, v.second, roots[v.first - 1], roots[v.second - 1], v.proof));
        expect_consistency_corruptions_rejected(v.first, v.second, roots[v.first - 1], roots[v.second - 1], v.proof);
    }
}

TEST(verify_consistency, rejects_corrupted_proofs_for_every_pair_of_sizes_up_to_64) {
    auto leaves = synthetic_leaves(64);
    for (std::uint64_t n = 2; n <= 64; ++n) {
        hash root_n = reference_mth(leaves, 0, n);
        for (std::uint64_t m = 1; m < n; ++m) {
            auto proof = consistency_proof(m, n, [&](std::uint64_t k) { return leaves[k]; }).value();
            expect_consistency_corruptions_rejected(m, n, reference_mth(leaves, 0, m), root_n, proof);
        }
    }
}

TEST(verify_consistency, handles_the_edge_cases_the_rfc_leaves_without_a_proof) {
    hash r1 = leaf_hash("1");
    hash r2 = leaf_hash("2");
    // Equal sizes: consistent only with itself, and with nothing to prove.
    EXPECT_TRUE(verify_consistency(1, 1, r1, r1, {}));
    EXPECT_FALSE(verify_consistency(1, 1, r1, r2, {}));
    EXPECT_FALSE(verify_consistency(1, 1, r1, r1, {r1}));
    EXPECT_TRUE(verify_consistency(0, 0, empty_root(), empty_root(), {}));
    EXPECT_FALSE(verify_consistency(0, 0, empty_root(), r2, {}));
    // The empty tree is a prefix of every tree, but its root can only be MTH({}).
    EXPECT_TRUE(verify_consistency(0, 5, empty_root(), r2, {}));
    EXPECT_FALSE(verify_consistency(0, 5, r1, r2, {}));
    EXPECT_FALSE(verify_consistency(0, 5, empty_root(), r2, {empty_root()}));
    // Time travel.
    EXPECT_FALSE(verify_consistency(1, 0, r1, empty_root(), {}));
    EXPECT_FALSE(verify_consistency(2, 1, r1, r2, {}));
    // A real step needs a proof.
    EXPECT_FALSE(verify_consistency(1, 2, r1, r2, {}));
}

}  // namespace
}  // namespace huoli::audit
