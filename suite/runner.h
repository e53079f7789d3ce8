// Sends the plan's requests (each distinct request once, concurrently, within a deadline and a
// request budget), then hands every check its recorded exchanges and collects the verdicts.
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "suite/plan.h"
#include "suite/prober.h"
#include "suite/token_refresh.h"

namespace authspec {

struct Result;

// What the run has done so far, for a live progress display (cli/progress_display.h): counters
// the workers bump as they go, and each verdict as it is decided. Nothing here slows the run or
// changes what it sends.
struct RunProgress {
  std::atomic<std::size_t> requests_planned{0}, requests_sent{0}, results_total{0}, results_done{0},
      failures{0};
  // Results per family, set before the first verdict (a family ends when its count is reached:
  // the positive control is judged first, and a check may sit in another family's file).
  std::map<std::string, std::size_t> family_results;
  // The run's --deadline as a time (set before the run starts; the estimate never goes past it).
  std::chrono::steady_clock::time_point deadline{};
  std::function<void(const Result&)> on_result;  // on the judging thread, in judging order
  std::function<void()> on_stop;  // the run stopped early: what follows is not progress
};

struct RunOptions {
  std::size_t concurrency = 8;
  std::chrono::milliseconds timeout{10000};    // per request
  std::chrono::milliseconds deadline{300000};  // whole run
  std::size_t max_requests = 0;                // 0 = no budget
  ProberOptions prober;
  // Called for every exchange in plan order after each round (for -v); the token renewals of a
  // round come first (so their tokens are known to the masking before they are carried).
  std::function<void(const Exchange&)> on_exchange;
  // The run's fetched [oauth] token, renewed as it expires (null: no fetched token).
  std::shared_ptr<TokenRefresher> token;
  RunProgress* progress = nullptr;  // null: no live progress
  // The largest batch a round is sent in (larger only where a round would need more than 64):
  // after each batch the tasks whose answers are all in are judged, so a long run decides (and
  // shows) its results as it goes, at the cost of one batch's tail of idle workers per batch. A
  // run of fewer requests goes in one batch, judged at its end.
  std::size_t judge_batch = 1000;
};

struct Result {
  const Check* check;
  std::string resource;
  Verdict verdict;
  std::vector<const Exchange*> exchanges;  // everything the check asked for
  std::vector<std::string> steps;          // the name the plan gave each of them
};

struct RunResult {
  std::deque<Exchange> exchanges;  // stable addresses
  std::vector<Result> results;     // catalogue order, then resource order
  std::string aborted;             // why the run stopped early ("" when it did not)
  // The exchanges that show why, when a credential stopped working: its last 2xx, then the 401s
  // that counted (a recheck among them, which no result cites).
  std::vector<const Exchange*> aborted_by;
  bool unreachable = false;  // no request got an HTTP response at all
  std::size_t sent = 0;
  std::chrono::milliseconds elapsed{0};
  std::chrono::system_clock::time_point started;
  ControlTable controls;           // the positive controls' results, as the judges saw them
  std::vector<std::string> notes;  // what the run held back, and why (for every report)
  // What happened that bears on no verdict and no coverage (the [oauth] token fetched again,
  // large bodies kept in memory): every report's notes, never listed as "not covered".
  std::vector<std::string> remarks;
  Depth depth = Depth::kFull;  // the plan's, and its groups of alike resources
  std::vector<DepthGroup> groups;
};

// The verdict of one check on its evidence, at the check's level. Fewer exchanges than the
// `planned` first steps, a judge that throws, or one that asks for a follow-up step that was not
// sent give an undecided result (error) saying why; the judge never reads past its evidence.
Verdict decide(const Check& check, const Context& ctx, const Evidence& ev, std::size_t planned);

RunResult execute(const Profile& profile, RunPlan plan, const RunOptions& options);

}  // namespace authspec
