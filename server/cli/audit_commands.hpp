// The commands of huolictl. Each returns the process exit code: 0 verified, 1 verification
// failed (the report says where), 2 the inputs could not be read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace huoli::cli {

struct audit_verify_args {
    std::filesystem::path db;                   // a copy of huoli.db, or
    std::filesystem::path ndjson;               // an NDJSON export of every event, with
    std::vector<std::filesystem::path> checkpoints;  // signed checkpoint notes
    std::filesystem::path vkey;
};

struct receipt_verify_args {
    std::filesystem::path db;
    std::filesystem::path vkey;
    std::string receipt;   // XXXX-XXXX-XX, or
    std::int64_t seq = 0;  // an audit event's seq
};

int audit_verify(const audit_verify_args& a);
int receipt_verify(const receipt_verify_args& a);

}  // namespace huoli::cli
