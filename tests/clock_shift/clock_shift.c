/* A test-only LD_PRELOAD library that moves the wall clock of one process by a fixed offset, so that the
 * integration tests can run huoli-server "on" another day without touching its code or the machine's clock.
 *
 *   LD_PRELOAD=libhuoli_clock_shift.so HUOLI_TEST_CLOCK_OFFSET_SECONDS=15724800 huoli-server --config ...
 *
 * Shifted: clock_gettime(CLOCK_REALTIME and CLOCK_REALTIME_COARSE), gettimeofday, time, timespec_get
 * (std::chrono::system_clock, OpenSSL's certificate checks and SQLite all read the wall clock through these).
 * Not shifted: CLOCK_MONOTONIC, CLOCK_BOOTTIME and every other clock, so timeouts and timers behave as usual.
 *
 * Why not libfaketime: it resolves the real functions with dlsym() while the allocator is starting, which
 * recurses into jemalloc's own initialisation (huoli-server's release build links jemalloc) and the process
 * hangs or crashes before main. This library never calls dlsym, malloc or anything that may allocate: every
 * clock is read with the raw system call, so it is safe whenever the loader or the allocator calls it. The
 * cost (a system call instead of the vDSO, well under a microsecond) does not matter in tests.
 *
 * The offset is read once, on the first call (any thread; the value is the same for all, so a race only reads
 * it twice). A missing, empty or malformed HUOLI_TEST_CLOCK_OFFSET_SECONDS aborts the process: a test that
 * asked for another day must never quietly run on today's.
 *
 * Built by tests/clock_shift/CMakeLists.txt for the tests only; never linked into a production binary. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long offset_seconds;
static int offset_known;

static void die(const char *why) {
    static const char prefix[] = "libhuoli_clock_shift: HUOLI_TEST_CLOCK_OFFSET_SECONDS ";
    ssize_t ignored = write(2, prefix, sizeof prefix - 1);
    ignored = write(2, why, strlen(why));
    ignored = write(2, "\n", 1);
    (void)ignored;
    abort();
}

/* getenv does not allocate; strtoll does not either. */
static long long offset(void) {
    if (__atomic_load_n(&offset_known, __ATOMIC_ACQUIRE)) return offset_seconds;
    const char *text = getenv("HUOLI_TEST_CLOCK_OFFSET_SECONDS");
    if (text == NULL || *text == '\0') die("is not set");
    char *end = NULL;
    errno = 0;
    long long value = strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0') die("is not a whole number of seconds");
    offset_seconds = value;
    __atomic_store_n(&offset_known, 1, __ATOMIC_RELEASE);
    return value;
}

static int raw_clock_gettime(clockid_t clock, struct timespec *ts) {
    return (int)syscall(SYS_clock_gettime, clock, ts);
}

int clock_gettime(clockid_t clock, struct timespec *ts) {
    int rc = raw_clock_gettime(clock, ts);
    if (rc == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) {
        ts->tv_sec += offset();
    }
    return rc;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    if (tz != NULL) memset(tz, 0, sizeof(struct timezone));  /* obsolete; glibc also reports UTC */
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return -1;
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
    return 0;
}

time_t time(time_t *out) {
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return (time_t)-1;
    if (out != NULL) *out = ts.tv_sec;
    return ts.tv_sec;
}

int timespec_get(struct timespec *ts, int base) {
    if (base != TIME_UTC || clock_gettime(CLOCK_REALTIME, ts) != 0) return 0;
    return base;
}
