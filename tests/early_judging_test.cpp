// Results decided during a run (suite/runner.h, RunOptions::judge_batch): a round larger than a
// batch goes in batches and the tasks whose answers are all in are judged after each, so a long
// run shows its results and failures as it goes. The verdicts are those of judging at the end.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli/run_target.h"
#include "mock_server/mock_server.h"
#include "suite/plan.h"
#include "suite/registry.h"
#include "suite/runner.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

struct Judged {
  RunResult run;
  std::size_t sent_in_all = 0, planned = 0;
  // How many results (and failures) were decided while requests were still to be sent.
  std::size_t early = 0, early_failures = 0;
  std::set<std::size_t> boundaries;  // requests sent when results were decided early
};

// The catalogue but RATE (whether a limiter's window still holds at a follow-up depends on how
// long the run took) against a fresh mock with `mock_options`, in batches of `batch` requests.
Judged run_in_batches(mock::MockOptions mock_options, std::size_t batch) {
  mock::MockServer server(std::move(mock_options));
  server.start();
  TempDir tmp;
  const Profile profile =
      load_profile(tmp.write("mock.ini", mock_profile_text(endpoints_of(server, tmp))), {});
  std::vector<const Check*> checks;
  for (const auto& c : catalogue())
    if (c.family != "RATE") checks.push_back(&c);
  RunProgress progress;
  std::vector<std::pair<std::size_t, bool>> decided;  // requests sent by then, failed
  progress.on_result = [&](const Result& r) {
    decided.emplace_back(progress.requests_sent.load(), r.verdict.outcome == Outcome::kFail);
  };
  RunOptions options;
  options.prober = prober_options_for(profile);
  options.deadline = std::chrono::seconds(60);
  options.judge_batch = batch;
  options.progress = &progress;
  Judged out;
  out.run = execute(profile, build_plan(profile, checks), options);
  out.sent_in_all = progress.requests_sent.load();
  out.planned = progress.requests_planned.load();
  for (const auto& [sent, failed] : decided)
    if (sent < out.sent_in_all) {
      out.boundaries.insert(sent);
      ++out.early;
      out.early_failures += failed;
    }
  return out;
}

mock::MockOptions with_defect(const std::string& name) {
  mock::MockOptions options;
  options.defects = mock::Defects({name});
  return options;
}

TEST(EarlyJudging, DecidesResultsAndFailuresWhileTheRunGoesOn) {
  const Judged batched = run_in_batches(with_defect("open-resource"), 40);
  ASSERT_TRUE(batched.run.aborted.empty()) << batched.run.aborted;
  EXPECT_GT(batched.early, batched.run.results.size() / 2);
  EXPECT_GT(batched.early_failures, 0u);
  // Batches of one request are 64 batches at most (the lock watch reads the run after each).
  const Judged tiny = run_in_batches(with_defect("open-resource"), 1);
  EXPECT_GT(tiny.boundaries.size(), 10u);
  EXPECT_LE(tiny.boundaries.size(), 64u);
  // One batch: everything is judged once the last answer is in.
  const Judged whole = run_in_batches(with_defect("open-resource"), 1'000'000);
  EXPECT_EQ(whole.early, 0u);
}

// The same verdicts (and messages, their numbers aside: run-wide counts shift when a loaded
// machine makes a Digest nonce go stale) whether judged during the run or at its end. (The
// defect matrix, tests/e2e_mock_test.cpp, runs the embedded mock's 1,400 requests in two batches
// of the default size: there each defect still fails its own checks, CHAL-015 among them, which
// reads every refusal of the run and so is judged at the end.)
TEST(EarlyJudging, GivesTheVerdictsOfJudgingAtTheEnd) {
  for (const std::string defect : {"head-unprotected", "no-challenge", "forbidden-with-content"}) {
    const Judged batched = run_in_batches(with_defect(defect), 40);
    const Judged whole = run_in_batches(with_defect(defect), 1'000'000);
    const auto &a = batched.run.results, &b = whole.run.results;
    ASSERT_EQ(a.size(), b.size());
    std::size_t failed = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      ASSERT_EQ(a[i].check, b[i].check);
      const std::string where = a[i].check->id + " " + a[i].resource + " (" + defect + ")";
      EXPECT_EQ(a[i].resource, b[i].resource) << where;
      EXPECT_EQ(outcome_name(a[i].verdict.outcome), outcome_name(b[i].verdict.outcome))
          << where << ": " << a[i].verdict.message << " / " << b[i].verdict.message;
      if (a[i].check->id != "ENUM-003") {  // its message reports measured times
        const std::regex digits("[0-9]+");
        EXPECT_EQ(std::regex_replace(a[i].verdict.message, digits, "N"),
                  std::regex_replace(b[i].verdict.message, digits, "N"))
            << where;
      }
      failed += a[i].verdict.outcome == Outcome::kFail;
    }
    EXPECT_GT(failed, 0u) << defect;
  }
}

// An account locked during the run ends it at the batch where the lock is seen, and spoils the
// answers given after it stopped working, the positive controls' among them: the results decided
// before that was known are judged again, so no check fails on a 401 only the lock explains (as
// with one batch, tests/cli_test.cpp).
TEST(EarlyJudging, ResultsDecidedBeforeALockWasSeenAreJudgedAgain) {
  mock::MockOptions options;
  options.lock_basic_users_after = 16;
  const Judged batched = run_in_batches(options, 40);
  EXPECT_NE(batched.run.aborted.find("probably locked"), std::string::npos) << batched.run.aborted;
  // Results were decided in batches before the lock was seen: those are what is judged again.
  EXPECT_GT(batched.early, 0u);
  // And the run stopped at the batch where the lock was seen: nothing more was sent.
  EXPECT_LT(batched.sent_in_all, batched.planned / 2);
  std::size_t undecided = 0;
  for (const auto& r : batched.run.results) {
    undecided += r.verdict.message.find("probably locked") != std::string::npos;
    if (r.verdict.outcome != Outcome::kFail) continue;
    for (const auto* ex : r.exchanges)
      EXPECT_FALSE(ex->request.credential.rfind("basic:valid", 0) == 0 &&
                   ex->response.status == 401)
          << r.check->id << " " << r.resource << " failed on the lock: " << r.verdict.message;
  }
  EXPECT_GT(undecided, 0u);
}

}  // namespace
}  // namespace authspec::test
