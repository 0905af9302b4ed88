// Inclusion and consistency proofs for the audit log (RFC 9162 §2.1.3.1 PATH, §2.1.4.1 SUBPROOF).
//
// The proofs are computed from the leaf hashes, which the caller supplies through `leaf_lookup`
// (the server reads them from the audit_events table). A lambda returning a plain `hash` also
// fits; returning an error (e.g. a failed read) stops the computation and that error is
// returned unchanged. The lookup is only asked for indices below the tree size given.
//
// Cost: O(size) lookups and hashes per proof. That is fine for tens of thousands of events;
// for millions the *_by_ranges variants take the subtree hashes themselves, so a caller with
// stored perfect-subtree hashes (audit/tree_store.hpp) reads O(log n) rows per proof.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "audit/hash.hpp"
#include "core/result.hpp"

namespace huoli::audit {

using leaf_lookup = std::function<result<hash>(std::uint64_t leaf_index)>;
// MTH(D[begin:end]) for the ranges RFC 9162's recursion visits: `begin` is always a multiple of
// the largest power of two not above end - begin, and end - begin >= 1.
using range_hasher = std::function<result<hash>(std::uint64_t begin, std::uint64_t end)>;

// MTH(D[begin:end]), the root of the leaves in [begin, end); empty_root() when begin == end.
// Error "out_of_range" when begin > end.
result<hash> subtree_hash(std::uint64_t begin, std::uint64_t end, const leaf_lookup& lookup);

// The audit path of leaf `index` in the tree of the first `size` leaves, leaf-side first.
// Error "out_of_range" when index >= size.
result<std::vector<hash>> inclusion_proof(std::uint64_t index, std::uint64_t size, const leaf_lookup& lookup);

// The proof that the tree of the first `m` leaves is a prefix of the tree of the first `n`.
// Empty when m == 0 or m == n (nothing to prove). Error "out_of_range" when m > n.
result<std::vector<hash>> consistency_proof(std::uint64_t m, std::uint64_t n, const leaf_lookup& lookup);

// The same two proofs, with every subtree hash asked of `subtree_hash`.
result<std::vector<hash>> inclusion_proof_by_ranges(std::uint64_t index, std::uint64_t size,
                                                    const range_hasher& subtree_hash);
result<std::vector<hash>> consistency_proof_by_ranges(std::uint64_t m, std::uint64_t n,
                                                      const range_hasher& subtree_hash);

}  // namespace huoli::audit
