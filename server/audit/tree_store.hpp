// The audit log's Merkle tree as persisted next to the log (store migration 2).
//
//   audit_tree          one row: size, root and merkle_tree::state() of the tree so far
//   audit_tree_nodes    (level 0, i): the hash of leaf i, for every leaf;
//                       (level l >= 8, j): MTH of leaves [j*2^l, (j+1)*2^l), once complete
//   audit_checkpoints   (size, root, signed note) for every signed tree head
//
// All of it is derived from audit_events and can be recomputed; nothing here is trusted by an
// auditor, who checks every proof against a signed checkpoint. The stored perfect subtrees make
// a proof cost O(log n) row reads plus at most a few hundred leaf rows, whatever the log size.
//
// Works on any connection to the database (the checkpointer's read-write one, or a reader);
// not thread-safe (SQLite connections are not). Errors: "storage_unavailable" (SQLite failed),
// "audit_gap" (the next event's seq is not size + 1), "missing_node" (a derived row is absent),
// "invalid_tree_state", "out_of_range" (proof arguments).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

#include "audit/hash.hpp"
#include "audit/merkle_tree.hpp"
#include "core/result.hpp"

namespace huoli::audit {

struct stored_checkpoint {
    std::uint64_t size = 0;
    hash root{};
    std::string note;
    std::string created_at;
};

class tree_store {
public:
    // Subtrees of 2^chunk_level leaves and larger are stored; smaller ones are hashed from leaves.
    static constexpr unsigned chunk_level = 8;

    explicit tree_store(SQLite::Database& db) : db_(db) {}

    // The persisted tree; an empty tree when nothing is persisted yet.
    result<merkle_tree> load();

    // Extending the tree takes two steps, so that reading and hashing the events need not hold the
    // write lock (events are append-only: hashes read before the transaction are still the leaves).
    // new_leaf_hashes: the leaf hashes of the events after `tree_size` (at most `max`), checking
    // that no seq is missing. append_leaves, in a write transaction followed by save(): appends
    // them to `tree` and writes their node rows.
    result<std::vector<hash>> new_leaf_hashes(std::uint64_t tree_size, std::uint64_t max);
    status append_leaves(merkle_tree& tree, const std::vector<hash>& leaves);
    status save(const merkle_tree& tree, const std::string& now);
    status add_checkpoint(const stored_checkpoint& c);

    // MTH(D[begin:end]) from the stored node rows.
    result<hash> range_hash(std::uint64_t begin, std::uint64_t end);
    result<hash> leaf(std::uint64_t index);

    result<std::vector<hash>> inclusion_proof(std::uint64_t index, std::uint64_t size);
    result<std::vector<hash>> consistency_proof(std::uint64_t m, std::uint64_t n);

    // The newest checkpoint, if any; every checkpoint in size order.
    result<std::optional<stored_checkpoint>> latest_checkpoint();
    result<std::vector<stored_checkpoint>> checkpoints();
    // The newest checkpoint whose size exceeds `index` (the first that covers leaf `index`).
    result<std::optional<stored_checkpoint>> latest_checkpoint_covering(std::uint64_t index);

private:
    result<hash> hash_leaves(std::uint64_t begin, std::uint64_t end);
    result<std::optional<hash>> node(unsigned level, std::uint64_t index);
    static void put_node(SQLite::Statement& insert, unsigned level, std::uint64_t index, const hash& h);

    SQLite::Database& db_;
};

// A 32-byte BLOB column as a hash; nullopt for any other size.
std::optional<hash> hash_from_blob(const void* data, int size);

}  // namespace huoli::audit
