// A SQLite VFS that behaves like the platform's default one until told to fail, the way a
// full disk, a file system remounted read-only, or a failing device fail.
//
// Why: the tests run as root, and root ignores file permissions, so chmod 0444 cannot make a
// write fail. Failing below SQLite, in the same layer the kernel's errors arrive through, tests
// the real code paths of SQLite and of the store. Nothing above the file system is faked.
#pragma once

#include <string>

namespace huoli::store::testing {

// Registers the VFS once and returns its name (for store_options::vfs).
const std::string& fault_vfs_name();

// While set (a SQLite result code, 0 = off), every write / fsync through the VFS returns it.
void fail_writes_with(int sqlite_code);
void fail_syncs_with(int sqlite_code);
// While set, database files are opened read-only, as after chmod 0444 for a normal user.
void open_read_only(bool on);
void clear_faults();
// Write calls that reached a WAL file through the VFS since the process started.
long wal_writes();

}  // namespace huoli::store::testing
