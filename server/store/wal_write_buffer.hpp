// A SQLite VFS that gathers a connection's WAL writes into one write per commit.
//
// SQLite writes each WAL frame as two calls, its 24-byte header and then its page, so a group
// commit of a few hundred pages costs a thousand or so pwrite system calls; on this project's
// virtual machines a system call costs about a microsecond before it does anything, and the
// writer, which bounds the submission rate, spent about a fifth of its time in them. This VFS
// keeps a run of contiguous writes to a WAL file in memory and hands it to the file in 64 KiB
// writes when anything else happens to the file: a sync (every commit under synchronous=FULL), a read,
// a truncation, a size query, a file control, a write elsewhere, or closing. SQLite offers no
// such option and no Debian package does it, hence this file.
//
// Why it is safe: a frame becomes visible to other connections only when the committing
// connection publishes the new WAL index header, which SQLite does after it has synced the WAL
// (synchronous=FULL), and our sync writes everything first. Only the connection itself can read
// an unpublished frame, and every read goes to the file after the buffer does. What a crash loses
// is what was not yet synced, as without the buffer: SQLite's recovery discards frames after the
// last complete, checksummed commit. A failed buffered write is reported by the call that flushes
// it (for a commit: its sync), so the commit fails and nothing of it becomes visible.
//
// Only for connections with synchronous=FULL (the writer's): under NORMAL a commit is published
// without a sync, and other connections could look for frames still in memory.
#pragma once

#include <cstddef>
#include <string>

namespace huoli::store {

// Registers (once per base and capacity) a VFS that wraps `base_vfs` (empty: SQLite's default) and
// buffers up to `capacity_bytes` of each WAL file's contiguous writes; returns the name to open a
// connection with. Other files pass straight through to the base VFS.
std::string wal_write_buffer_vfs(const std::string& base_vfs, std::size_t capacity_bytes);

}  // namespace huoli::store
