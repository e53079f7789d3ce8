// Live progress of a run on stderr, so a long run never looks hung: on a terminal one status line
// rewritten in place (results decided, requests sent, failures, elapsed, an estimate of what is
// left) with each failure printed above it as it is decided; elsewhere (CI logs) a plain line at
// most every 5 s and one at the end of each family, without control characters. The summary and
// the reports are not touched: they go where they always went.
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

#include "suite/runner.h"

namespace authspec {

class Masker;

class ProgressDisplay {
 public:
  enum class Mode { kOff, kTerminal, kPlain };
  // kTerminal when `err` is the process's stderr on a terminal, kPlain otherwise, kOff with
  // --quiet.
  static Mode mode_for(const std::ostream& err, bool quiet);

  // Starts at once (the first line within a second of the call); `masker` hides secrets in the
  // failure lines. `width` bounds the terminal line (0: ask the terminal).
  ProgressDisplay(std::ostream& err, Mode mode, RunProgress& progress, const Masker& masker,
                  std::size_t width = 0);
  ~ProgressDisplay();  // finish()
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Clears the status line (or prints the last plain line) and stops the ticker: call before the
  // summary is printed. Idempotent.
  void finish();

 private:
  void tick_loop();
  void on_result(const Result& r);
  void on_stop();
  std::string status_text() const;
  void write_status();                        // the terminal line, in place (mutex held)
  void clear_status();                        // the terminal line wiped, if shown (mutex held)
  void write_plain(const std::string& line);  // a line on its own (mutex held)
  void write_family_line(const std::string& family);  // a family all decided, in a log

  std::ostream& err_;
  const Mode mode_;
  RunProgress& progress_;
  const Masker& masker_;
  std::size_t width_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_plain_;
  std::map<std::string, std::size_t> family_done_, family_failed_;  // by family
  bool stopped_ = false, finished_ = false, status_shown_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
};

}  // namespace authspec
