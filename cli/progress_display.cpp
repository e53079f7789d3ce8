#include "cli/progress_display.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "suite/mask.h"

namespace authspec {
namespace {

using Clock = std::chrono::steady_clock;

// How often each kind of display speaks: a terminal line is cheap to rewrite; a CI log keeps
// every line, so it gets one at most every 5 s (and one per family).
constexpr auto kTerminalTick = std::chrono::milliseconds(200);
constexpr auto kPlainEvery = std::chrono::seconds(5);

std::string seconds_text(double s) {
  char buf[32];
  if (s < 10)
    std::snprintf(buf, sizeof buf, "%.1f s", s);
  else if (s < 120)
    std::snprintf(buf, sizeof buf, "%.0f s", s);
  else
    std::snprintf(buf, sizeof buf, "%dm%02ds", static_cast<int>(s) / 60, static_cast<int>(s) % 60);
  return buf;
}

// 12345 -> "12,345": request counts of big runs stay readable at a glance.
std::string grouped(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::size_t terminal_width() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10) return ws.ws_col;
  return 80;
}

}  // namespace

ProgressDisplay::Mode ProgressDisplay::mode_for(const std::ostream& err, bool quiet) {
  if (quiet) return Mode::kOff;
  return &err == &std::cerr && isatty(STDERR_FILENO) ? Mode::kTerminal : Mode::kPlain;
}

ProgressDisplay::ProgressDisplay(std::ostream& err, Mode mode, RunProgress& progress,
                                 const Masker& masker, std::size_t width)
    : err_(err),
      mode_(mode),
      progress_(progress),
      masker_(masker),
      width_(width ? width : (mode == Mode::kTerminal ? terminal_width() : 0)),
      start_(Clock::now()),
      last_plain_(start_) {
  if (mode_ == Mode::kOff) return;
  progress_.on_result = [this](const Result& r) { on_result(r); };
  progress_.on_stop = [this] { on_stop(); };
  // A terminal shows the status line at once; a log's first line comes after 5 s or at the end
  // of the first family, so a run that stops early shows only the line that says why.
  if (mode_ == Mode::kTerminal) {
    std::lock_guard<std::mutex> lock(mutex_);
    write_status();
  }
  ticker_ = std::thread([this] { tick_loop(); });
}

ProgressDisplay::~ProgressDisplay() {
  finish();
}

void ProgressDisplay::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (finished_ || mode_ == Mode::kOff) {
      finished_ = true;
      return;
    }
    finished_ = true;
    clear_status();
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  progress_.on_result = nullptr;
  progress_.on_stop = nullptr;
}

void ProgressDisplay::tick_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!finished_) {
    wake_.wait_for(lock, mode_ == Mode::kTerminal ? kTerminalTick : std::chrono::milliseconds(500));
    if (finished_ || stopped_) continue;
    if (mode_ == Mode::kTerminal) {
      write_status();
    } else if (Clock::now() - last_plain_ >= kPlainEvery) {
      write_plain("authspec: " + status_text());
    }
  }
}

// "120/531 results decided, 1,234/1,900 requests sent, 2 failed, 3.1 s, about 4 s left"
std::string ProgressDisplay::status_text() const {
  const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
  const std::size_t planned = progress_.requests_planned, sent = progress_.requests_sent,
                    total = progress_.results_total, done = progress_.results_done;
  std::string text = grouped(done) + "/" + grouped(total) + " results decided, " + grouped(sent) +
                     "/" + grouped(std::max(planned, sent)) + " requests sent, " +
                     grouped(progress_.failures) + " failed, " + seconds_text(elapsed);
  // Sending is nearly all of a run's time and judging the rest: the share done so far, weighted
  // so, estimates what is left once enough is done to say.
  const double share = 0.9 * (planned ? std::min(1.0, double(sent) / planned) : 1.0) +
                       0.1 * (total ? double(done) / total : 0.0);
  if (share > 0.02 && share < 1.0 && elapsed > 0.5) {
    double left = elapsed * (1 - share) / share;
    // Never past the deadline: the run stops there whatever the rate so far.
    if (progress_.deadline != Clock::time_point{})
      left = std::min(
          left,
          std::max(0.0, std::chrono::duration<double>(progress_.deadline - Clock::now()).count()));
    text += ", about " + seconds_text(left) + " left";
  }
  return text;
}

void ProgressDisplay::write_status() {
  std::string line = "authspec: " + status_text();
  if (width_ > 1 && line.size() > width_ - 1) line.resize(width_ - 1);  // never wrap: \r redraws
  err_ << "\r\033[K" << line << std::flush;
  status_shown_ = true;
}

void ProgressDisplay::clear_status() {
  if (mode_ == Mode::kTerminal && status_shown_) err_ << "\r\033[K" << std::flush;
  status_shown_ = false;
}

void ProgressDisplay::write_plain(const std::string& line) {
  clear_status();
  err_ << line << "\n" << std::flush;
  last_plain_ = Clock::now();
}

// "authspec: CHAL done: 40 results, 1 failed; 120/531 results decided, ..."
void ProgressDisplay::write_family_line(const std::string& family) {
  write_plain("authspec: " + family + " done: " + grouped(family_done_[family]) + " results, " +
              grouped(family_failed_[family]) + " failed; " + status_text());
}

void ProgressDisplay::on_result(const Result& r) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (finished_ || stopped_) return;
  const std::string& family = r.check->family;
  ++family_done_[family];
  const bool failed = r.verdict.outcome == Outcome::kFail;
  if (failed) ++family_failed_[family];
  const auto total = progress_.family_results.find(family);
  if (mode_ == Mode::kPlain && total != progress_.family_results.end() &&
      family_done_[family] == total->second)
    write_family_line(family);
  if (!failed) return;
  // A failure as it is decided (on a terminal; a CI log gets the count per family and the
  // summary). The check's title, not the verdict's message: nothing read off the wire is shown.
  if (mode_ == Mode::kTerminal) {
    write_plain("FAIL " + r.check->id + " " + level_name(r.check->level) + " " +
                masker_.text(r.resource) + ": " + r.check->title);
    write_status();
  }
}

void ProgressDisplay::on_stop() {
  std::lock_guard<std::mutex> lock(mutex_);
  // The run stopped early: the one line that says why comes from the command, alone.
  stopped_ = true;
  clear_status();
}

}  // namespace authspec
