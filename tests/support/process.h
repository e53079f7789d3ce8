// A child process with its stdout piped, for testing the real binaries. Bounded waits only.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace authspec::test {

class Process {
 public:
  explicit Process(const std::vector<std::string>& argv);
  ~Process();  // kills the child if it is still running
  // One line of stdout, or "" when none arrives within `timeout_ms`.
  std::string read_line(int timeout_ms);
  // Sends `sig` and waits up to `timeout_ms`; returns the exit status, or -1 if it did not exit.
  int stop(int sig, int timeout_ms);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

}  // namespace authspec::test
