// Inclusion and consistency proofs for the audit log (RFC 9162 §2.1.3.1 PATH, §2.1.4.1 SUBPROOF).
//
// The proofs are computed from the leaf hashes, which the caller supplies through `leaf_lookup`
// (the server reads them from the audit_events table). A lambda returning a plain `hash` also
// fits; returning an error (e.g. a failed read) stops the computation and that error is
// returned unchanged. The lookup is only asked for indices below the tree size given.
//
// Cost: O(size) lookups and hashes per proof. That is fine for tens of thousands of events;
// for 10M events the next step is a table of perfect-subtree hashes (level, index) filled by
// the writer as it appends, so a proof reads O(log n) rows instead of every leaf.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "audit/hash.hpp"
#include "core/result.hpp"

namespace huoli::audit {

using leaf_lookup = std::function<result<hash>(std::uint64_t leaf_index)>;

// MTH(D[begin:end]), the root of the leaves in [begin, end); empty_root() when begin == end.
// Error "out_of_range" when begin > end.
result<hash> subtree_hash(std::uint64_t begin, std::uint64_t end, const leaf_lookup& lookup);

// The audit path of leaf `index` in the tree of the first `size` leaves, leaf-side first.
// Error "out_of_range" when index >= size.
result<std::vector<hash>> inclusion_proof(std::uint64_t index, std::uint64_t size, const leaf_lookup& lookup);

// The proof that the tree of the first `m` leaves is a prefix of the tree of the first `n`.
// Empty when m == 0 or m == n (nothing to prove). Error "out_of_range" when m > n.
result<std::vector<hash>> consistency_proof(std::uint64_t m, std::uint64_t n, const leaf_lookup& lookup);

}  // namespace huoli::audit
