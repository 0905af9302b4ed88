// The audit log's Merkle tree head, grown one event at a time (RFC 9162 §2.1.1).
//
// Only the "compact range" is kept: the roots of the perfect subtrees that make up the tree,
// one per set bit of size(), largest (leftmost) first, so at most 64 hashes. That is all that
// appending and computing the root need, and it lets the server persist the tree next to the
// log and resume after a restart without re-reading every event. Proofs need interior nodes
// and are computed from the leaves by audit/proof.hpp.
//
// Not thread-safe: owned by the single store writer thread.
//
//   merkle_tree tree;
//   tree.append(leaf_hash(canonical_event_json));
//   store(tree.state());  ...  auto resumed = merkle_tree::from_state(loaded).value();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/hash.hpp"
#include "core/result.hpp"

namespace huoli::audit {

class merkle_tree {
public:
    merkle_tree() = default;

    // Appends the hash of the next leaf, as made by leaf_hash().
    void append(const hash& leaf);

    std::uint64_t size() const { return size_; }

    // MTH(D[0:size()]); empty_root() for an empty tree.
    hash root() const;

    // Opaque bytes to persist: version 0x01, size as 8 bytes big-endian, then the compact range.
    std::string state() const;

    // Rejects (code "invalid_tree_state") bytes that are not a state() of some tree.
    static result<merkle_tree> from_state(std::string_view bytes);

private:
    std::uint64_t size_ = 0;
    std::vector<hash> range_;  // one perfect-subtree root per set bit of size_, largest first
};

}  // namespace huoli::audit
