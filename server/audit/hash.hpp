// SHA-256 hashing of the audit log's Merkle tree, as RFC 6962 §2.1 / RFC 9162 §2.1 define it.
//
// The 0x00 / 0x01 prefixes separate leaves from interior nodes, so no leaf can be passed off
// as a subtree (second-preimage resistance); an auditor's independent tool must use the same.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace huoli::audit {

using hash = std::array<unsigned char, 32>;

hash sha256(std::string_view bytes);

// SHA-256(0x00 || leaf): the hash of one audit event (its canonical JSON bytes).
hash leaf_hash(std::string_view leaf);

// SHA-256(0x01 || left || right).
hash node_hash(const hash& left, const hash& right);

// MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves.
hash empty_root();

std::string to_hex(const hash& h);                          // 64 lower-case hex characters
std::optional<hash> hash_from_hex(std::string_view text);   // exactly 64 hex characters, either case

}  // namespace huoli::audit
