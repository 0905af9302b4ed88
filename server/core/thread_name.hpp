#pragma once

#include <pthread.h>

namespace huoli {

// Names the calling thread, so `top -H`, `perf` and core dumps tell the writer, the audit
// checkpointer and the network threads apart. Linux truncates names to 15 characters.
inline void name_this_thread(const char* name) { pthread_setname_np(pthread_self(), name); }

}  // namespace huoli
