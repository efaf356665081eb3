// Running a helper program as a child process: no shell, stdin fed from a
// string, stdout and stderr collected, bounded in time and output size.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace kasane {

struct ProcessLimits {
  int timeout_ms = 10000;               // the child is killed (SIGKILL) after this long
  size_t max_output_bytes = 64u << 20;  // stdout + stderr; the child is killed beyond it
};

struct ProcessResult {
  int exit_code = 0;    // valid when term_signal == 0
  int term_signal = 0;  // the signal that ended the child, or 0
  std::string out;
  std::string err;
};

// Runs argv[0] with arguments argv[1..] (looked up on PATH unless it contains a
// '/'), writes `input` to its stdin and closes it, and waits for it to exit.
// A non-zero exit is not an error here; the caller reads exit_code.
// Errors: InvalidArgument for an empty argv, NotFound when the program does
// not exist, DeadlineExceeded on time-out, ResourceExhausted when the output
// limit is hit, IOError for other system failures. The child never outlives
// the call. Thread-safe; SIGPIPE is blocked in the calling thread meanwhile.
Result<ProcessResult> RunProcess(const std::vector<std::string>& argv, std::string_view input,
                                 const ProcessLimits& limits);

}  // namespace kasane
