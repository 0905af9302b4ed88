/* Checks libhuoli_clock_shift.so from inside a process that preloads it (tests/clock_shift/CMakeLists.txt):
 * every wall-clock function reads the kernel's clock plus the offset, CLOCK_MONOTONIC reads the kernel's.
 * The reference values come from the raw system call, which the library cannot intercept.
 *
 *   LD_PRELOAD=libhuoli_clock_shift.so HUOLI_TEST_CLOCK_OFFSET_SECONDS=N clock_shift_test N */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int failures;

static long long kernel_seconds(clockid_t clock) {
    struct timespec ts;
    syscall(SYS_clock_gettime, clock, &ts);
    return (long long)ts.tv_sec;
}

/* `got` is within two seconds after `expected` (the calls are made one after the other). */
static void expect_near(const char *what, long long got, long long expected) {
    if (got < expected || got > expected + 2) {
        fprintf(stderr, "FAIL %s: %lld, expected %lld\n", what, got, expected);
        ++failures;
    } else {
        printf("ok   %s\n", what);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: clock_shift_test OFFSET_SECONDS (run with the library preloaded)\n");
        return 2;
    }
    const long long offset = strtoll(argv[1], NULL, 10);
    struct timespec ts;
    struct timeval tv;

    long long real = kernel_seconds(CLOCK_REALTIME);
    clock_gettime(CLOCK_REALTIME, &ts);
    expect_near("clock_gettime(CLOCK_REALTIME)", ts.tv_sec, real + offset);
    clock_gettime(CLOCK_REALTIME_COARSE, &ts);
    expect_near("clock_gettime(CLOCK_REALTIME_COARSE)", ts.tv_sec, real + offset - 1);
    gettimeofday(&tv, NULL);
    expect_near("gettimeofday", tv.tv_sec, real + offset);
    expect_near("time", time(NULL), real + offset);
    timespec_get(&ts, TIME_UTC);
    expect_near("timespec_get", ts.tv_sec, real + offset);

    long long monotonic = kernel_seconds(CLOCK_MONOTONIC);
    clock_gettime(CLOCK_MONOTONIC, &ts);
    expect_near("clock_gettime(CLOCK_MONOTONIC) is not shifted", ts.tv_sec, monotonic);
    long long boottime = kernel_seconds(CLOCK_BOOTTIME);
    clock_gettime(CLOCK_BOOTTIME, &ts);
    expect_near("clock_gettime(CLOCK_BOOTTIME) is not shifted", ts.tv_sec, boottime);
    return failures == 0 ? 0 : 1;
}
