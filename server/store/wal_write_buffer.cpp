#include "store/wal_write_buffer.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <sqlite3.h>

namespace huoli::store {
namespace {

// One registered VFS: SQLite keeps a pointer to it for the life of the process. Standard layout
// with `vfs` first, so v_open finds the rest from the pointer SQLite passes, and the base VFS's
// pAppData (which its other methods may use) is left as it was.
struct buffering_vfs {
    sqlite3_vfs vfs;
    sqlite3_vfs* base;
    std::size_t capacity;
    char name[96];
};
static_assert(std::is_standard_layout_v<buffering_vfs>);

// Our WAL file object; the base VFS's own file object follows it in the same allocation.
struct wal_file {
    sqlite3_file base;
    sqlite3_file* real;
    std::size_t capacity;
    std::vector<char>* pending;  // owned; the allocation SQLite gives us is raw memory
    sqlite3_int64 pending_offset;
};

wal_file& as_wal(sqlite3_file* f) { return *reinterpret_cast<wal_file*>(f); }
sqlite3_file* real(sqlite3_file* f) { return as_wal(f).real; }

// SQLite's unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length to 17 bits
// and reports the rest as a full disk), so a long run goes in pieces of 64 KiB.
constexpr std::size_t max_write = 64 * 1024;

int write_through(sqlite3_file* f, const void* data, std::size_t n, sqlite3_int64 offset) {
    const auto* bytes = static_cast<const char*>(data);
    for (std::size_t done = 0; done < n;) {
        const std::size_t piece = std::min(max_write, n - done);
        const int rc = real(f)->pMethods->xWrite(real(f), bytes + done, static_cast<int>(piece),
                                                 offset + static_cast<sqlite3_int64>(done));
        if (rc != SQLITE_OK) return rc;
        done += piece;
    }
    return SQLITE_OK;
}

// Hands what is pending to the file. On failure the pending bytes are dropped: the caller's
// operation fails with the write's code, and SQLite treats the transaction as failed.
int flush(sqlite3_file* f) {
    wal_file& w = as_wal(f);
    if (w.pending->empty()) return SQLITE_OK;
    const int rc = write_through(f, w.pending->data(), w.pending->size(), w.pending_offset);
    w.pending->clear();
    return rc;
}

int w_write(sqlite3_file* f, const void* data, int n, sqlite3_int64 offset) {
    wal_file& w = as_wal(f);
    const auto size = static_cast<std::size_t>(n);
    const auto* bytes = static_cast<const char*>(data);
    const bool appends = !w.pending->empty() && offset == w.pending_offset + static_cast<sqlite3_int64>(w.pending->size());
    try {  // no exception may cross into SQLite's C code
        if (appends && w.pending->size() + size <= w.capacity) {
            w.pending->insert(w.pending->end(), bytes, bytes + size);
            return SQLITE_OK;
        }
        // Anything else (a rewrite of an earlier frame, a jump, a full buffer) goes after what is
        // pending, so the file sees the writes in the order SQLite made them.
        if (int rc = flush(f); rc != SQLITE_OK) return rc;
        if (size < w.capacity) {
            w.pending->assign(bytes, bytes + size);
            w.pending_offset = offset;
            return SQLITE_OK;
        }
    } catch (const std::bad_alloc&) {
        // No memory for the buffer: write what is pending and this, unbuffered, as SQLite would.
        if (int rc = flush(f); rc != SQLITE_OK) return rc;
    }
    return write_through(f, data, size, offset);
}

int w_close(sqlite3_file* f) {
    const int flushed = flush(f);
    delete as_wal(f).pending;
    const int closed = real(f)->pMethods->xClose(real(f));
    return flushed != SQLITE_OK ? flushed : closed;
}

int w_read(sqlite3_file* f, void* p, int n, sqlite3_int64 o) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return real(f)->pMethods->xRead(real(f), p, n, o);
}
int w_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return real(f)->pMethods->xTruncate(real(f), size);
}
int w_sync(sqlite3_file* f, int flags) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return real(f)->pMethods->xSync(real(f), flags);
}
int w_file_size(sqlite3_file* f, sqlite3_int64* size) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return real(f)->pMethods->xFileSize(real(f), size);
}
int w_file_control(sqlite3_file* f, int op, void* arg) {
    if (int rc = flush(f); rc != SQLITE_OK) return rc;
    return real(f)->pMethods->xFileControl(real(f), op, arg);
}
int w_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int w_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int w_check_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int w_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int w_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }

// Version 1: a WAL file has no shared memory or memory mapping of its own (those belong to the
// database file), so SQLite never asks for them and cannot read around the buffer through them.
const sqlite3_io_methods wal_methods{1,        w_close,          w_read,         w_write,      w_truncate,
                                     w_sync,   w_file_size,      w_lock,         w_unlock,     w_check_reserved,
                                     w_file_control, w_sector_size, w_device, nullptr,   nullptr,
                                     nullptr,  nullptr,          nullptr,        nullptr};

int v_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    auto* self = reinterpret_cast<buffering_vfs*>(vfs);
    if ((flags & SQLITE_OPEN_WAL) == 0) {
        // Not a WAL: the base VFS's object lives at the start of ours and keeps its own methods.
        return self->base->xOpen(self->base, name, file, flags, out_flags);
    }
    auto& w = as_wal(file);
    w.base.pMethods = nullptr;  // until opened: SQLite then will not call xClose
    w.real = reinterpret_cast<sqlite3_file*>(&w + 1);
    w.capacity = self->capacity;
    w.pending_offset = 0;
    w.pending = new (std::nothrow) std::vector<char>();
    if (!w.pending) return SQLITE_NOMEM;
    const int rc = self->base->xOpen(self->base, name, w.real, flags, out_flags);
    if (rc != SQLITE_OK || !w.real->pMethods) {
        delete w.pending;
        // A base that failed may still have set methods to be closed with (sqlite3OsOpen's rule).
        if (w.real->pMethods) w.real->pMethods->xClose(w.real);
        return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
    w.base.pMethods = &wal_methods;
    return SQLITE_OK;
}

}  // namespace

std::string wal_write_buffer_vfs(const std::string& base_vfs, std::size_t capacity_bytes) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, std::size_t>, std::unique_ptr<buffering_vfs>> registered;
    std::lock_guard lock(mutex);
    const auto key = std::make_pair(base_vfs, capacity_bytes);
    if (auto found = registered.find(key); found != registered.end()) return found->second->name;

    sqlite3_vfs* base = sqlite3_vfs_find(base_vfs.empty() ? nullptr : base_vfs.c_str());
    if (!base) throw std::runtime_error("no SQLite VFS named '" + base_vfs + "'");
    const std::string name = "huoli-wal-buffer-" + std::to_string(registered.size() + 1);
    auto v = std::make_unique<buffering_vfs>();
    v->base = base;
    v->capacity = capacity_bytes;
    std::snprintf(v->name, sizeof v->name, "%s", name.c_str());
    v->vfs = *base;
    v->vfs.zName = v->name;
    v->vfs.szOsFile = static_cast<int>(sizeof(wal_file)) + base->szOsFile;
    v->vfs.pNext = nullptr;
    v->vfs.xOpen = v_open;
    if (sqlite3_vfs_register(&v->vfs, 0) != SQLITE_OK) throw std::runtime_error("registering the WAL buffer VFS failed");
    return registered.emplace(key, std::move(v)).first->second->name;
}

}  // namespace huoli::store
