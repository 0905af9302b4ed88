// The process log: JSON lines on stderr, one background thread writing them (log_sink.cpp). Every
// floor logs through it (the network, the audit checkpointer, the store's failures), so it sits in
// core/. Callers pass codes and counts only, never personal data.
#pragma once

#include <string>

namespace huoli {

// Writes one line to stderr, whole and in order with other log lines, from a background thread;
// pending lines are written before the process exits normally.
void write_log_line(const std::string& line);

}  // namespace huoli
