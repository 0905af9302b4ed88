// Proof verification as an auditor runs it, trusting nothing but a signed tree head
// (RFC 9162 §2.1.3.2 and §2.1.4.2, followed step by step).
//
// Both functions are total: any malformed input (sizes out of order, a path too short or too
// long, a wrong node) yields false, never an error or a crash.
#pragma once

#include <cstdint>
#include <vector>

#include "audit/hash.hpp"

namespace huoli::audit {

// True iff `proof` shows that `leaf` (a leaf_hash) is leaf number `index` of the tree of
// `size` leaves whose root is `root`. False whenever index >= size.
bool verify_inclusion(const hash& leaf, std::uint64_t index, std::uint64_t size, const std::vector<hash>& proof,
                      const hash& root);

// True iff `proof` shows that the tree of `m` leaves with root `root_m` is a prefix of the
// tree of `n` leaves with root `root_n`. Edge cases, where RFC 9162 defines no proof:
// m > n is false; m == n needs an empty proof and equal roots; m == 0 needs an empty proof
// and root_m == empty_root() (the only root a tree of size 0 can have).
bool verify_consistency(std::uint64_t m, std::uint64_t n, const hash& root_m, const hash& root_n,
                        const std::vector<hash>& proof);

}  // namespace huoli::audit
