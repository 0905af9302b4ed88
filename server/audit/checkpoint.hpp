// Checkpoints (c2sp.org/tlog-checkpoint): the signed tree head of the audit log.
//
//   <origin>\n<tree size, decimal>\n<base64 root hash>\n[<extension line>\n ...]
//
// signed as a note (audit/note.hpp) by the key whose name is the origin. An auditor holding
// only the vkey calls verify_checkpoint() and then checks proofs against the root it returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "audit/hash.hpp"
#include "audit/note_key.hpp"
#include "core/result.hpp"

namespace huoli::audit {

struct checkpoint {
    std::string origin;
    std::uint64_t size = 0;
    hash root{};
    std::vector<std::string> extensions;  // opaque, each non-empty; Huoli writes none
};

// Precondition (asserted): `origin` is a valid key name (is_valid_key_name) and every
// extension is non-empty without a newline; the server checks its origin at start-up.
std::string make_checkpoint_body(std::string_view origin, std::uint64_t size, const hash& root,
                                 const std::vector<std::string>& extensions = {});

// Parses a checkpoint body (the text of a verified note). Error "malformed_checkpoint" when it
// has fewer than three lines, an empty line, no final newline, a size with a sign, leading
// zero or beyond 2^64-1, or a root that is not the base64 of 32 bytes.
result<checkpoint> parse_checkpoint(std::string_view body);

// verify_note + parse_checkpoint, and the origin must equal the key name (the spec's SHOULD,
// made a MUST here so a Huoli key cannot be used to pass off another log's checkpoint).
// Errors: those of verify_note and parse_checkpoint, and "origin_mismatch".
result<checkpoint> verify_checkpoint(std::string_view note, const verifier& v);

}  // namespace huoli::audit
