#include "fault_vfs.hpp"

#include <atomic>
#include <mutex>

#include <sqlite3.h>

namespace huoli::store::testing {
namespace {

std::atomic<int> write_fault{0};
std::atomic<int> sync_fault{0};
std::atomic<bool> read_only{false};
std::atomic<long> wal_write_calls{0};

sqlite3_vfs* base_vfs = nullptr;
sqlite3_vfs fault_vfs{};
sqlite3_io_methods fault_methods{};

// Our file object; the default VFS's own file object follows it in the same allocation.
struct fault_file {
    sqlite3_file base;
    sqlite3_file* real;
    bool wal;
};

sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<fault_file*>(f)->real; }

int f_close(sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); }
int f_read(sqlite3_file* f, void* p, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), p, n, o); }
int f_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
    if (reinterpret_cast<fault_file*>(f)->wal) ++wal_write_calls;
    if (int code = write_fault.load()) return code;
    return real(f)->pMethods->xWrite(real(f), p, n, o);
}
int f_truncate(sqlite3_file* f, sqlite3_int64 size) { return real(f)->pMethods->xTruncate(real(f), size); }
int f_sync(sqlite3_file* f, int flags) {
    if (int code = sync_fault.load()) return code;
    return real(f)->pMethods->xSync(real(f), flags);
}
int f_file_size(sqlite3_file* f, sqlite3_int64* size) { return real(f)->pMethods->xFileSize(real(f), size); }
int f_lock(sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); }
int f_unlock(sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
int f_check_reserved(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int f_file_control(sqlite3_file* f, int op, void* arg) { return real(f)->pMethods->xFileControl(real(f), op, arg); }
int f_sector_size(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int f_device(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int f_shm_map(sqlite3_file* f, int pg, int sz, int extend, void volatile** pp) {
    return real(f)->pMethods->xShmMap(real(f), pg, sz, extend, pp);
}
int f_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
}
void f_shm_barrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int f_shm_unmap(sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); }
int f_fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** pp) { return real(f)->pMethods->xFetch(real(f), o, n, pp); }
int f_unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) { return real(f)->pMethods->xUnfetch(real(f), o, p); }

int f_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    auto* ff = reinterpret_cast<fault_file*>(file);
    ff->real = reinterpret_cast<sqlite3_file*>(ff + 1);
    ff->wal = (flags & SQLITE_OPEN_WAL) != 0;
    if (read_only && (flags & SQLITE_OPEN_MAIN_DB)) {
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
    const int rc = base_vfs->xOpen(base_vfs, name, ff->real, flags, out_flags);
    file->pMethods = (rc == SQLITE_OK && ff->real->pMethods) ? &fault_methods : nullptr;
    return rc;
}

void install() {
    base_vfs = sqlite3_vfs_find(nullptr);
    fault_vfs = *base_vfs;
    fault_vfs.zName = "huoli_fault";
    fault_vfs.szOsFile = static_cast<int>(sizeof(fault_file)) + base_vfs->szOsFile;
    fault_vfs.pNext = nullptr;
    fault_vfs.xOpen = f_open;
    fault_methods = sqlite3_io_methods{3,        f_close,         f_read,        f_write,
                                       f_truncate, f_sync,        f_file_size,   f_lock,
                                       f_unlock, f_check_reserved, f_file_control, f_sector_size,
                                       f_device, f_shm_map,       f_shm_lock,    f_shm_barrier,
                                       f_shm_unmap, f_fetch,      f_unfetch};
    sqlite3_vfs_register(&fault_vfs, 0);
}

}  // namespace

const std::string& fault_vfs_name() {
    static std::once_flag once;
    std::call_once(once, install);
    static const std::string name = "huoli_fault";
    return name;
}

void fail_writes_with(int sqlite_code) { write_fault = sqlite_code; }
void fail_syncs_with(int sqlite_code) { sync_fault = sqlite_code; }
void open_read_only(bool on) { read_only = on; }
long wal_writes() { return wal_write_calls.load(); }
void clear_faults() {
    write_fault = 0;
    sync_fault = 0;
    read_only = false;
}

}  // namespace huoli::store::testing
