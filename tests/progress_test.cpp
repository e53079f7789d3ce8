// Live progress (issue 17): on a terminal one status line rewritten in place with the failures
// above it; in a log plain lines without control characters; nothing with --quiet; and never on
// stdout. The 5-second cadence of a log is not timed here (tests time nothing).
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "cli/progress_display.h"
#include "suite/mask.h"
#include "suite/registry.h"
#include "support/cli_runner.h"

namespace authspec {
namespace {

const Check& check(const std::string& id) {
  for (const auto& c : catalogue())
    if (c.id == id) return c;
  throw std::runtime_error("no check " + id);
}

Result result(const std::string& id, Outcome outcome, const std::string& resource = "GET /a") {
  Result r;
  r.check = &check(id);
  r.resource = resource;
  r.verdict.outcome = outcome;
  r.verdict.message = "the verdict's message, which a progress line never shows";
  return r;
}

// Feeds the display what a run would: counters, then verdicts of two families.
void feed(RunProgress& progress) {
  progress.requests_planned = 40;
  progress.results_total = 4;
  progress.family_results = {{"CHAL", 2}, {"STAT", 2}};
  progress.requests_sent = 40;
  for (const auto& r : {result("CHAL-002", Outcome::kPass), result("CHAL-003", Outcome::kFail),
                        result("STAT-002", Outcome::kPass), result("STAT-003", Outcome::kWarn)}) {
    ++progress.results_done;
    if (r.verdict.outcome == Outcome::kFail) ++progress.failures;
    progress.on_result(r);
  }
}

TEST(Progress, ALogGetsAPlainLinePerFamilyWithoutControlCharacters) {
  std::ostringstream err;
  RunProgress progress;
  Masker masker;
  {
    ProgressDisplay display(err, ProgressDisplay::Mode::kPlain, progress, masker);
    feed(progress);
    display.finish();
  }
  const std::string text = err.str();
  EXPECT_NE(text.find("authspec: "), std::string::npos) << text;
  EXPECT_NE(text.find("CHAL done: 2 results, 1 failed"), std::string::npos) << text;
  EXPECT_NE(text.find("STAT done: 2 results, 0 failed"), std::string::npos) << text;
  EXPECT_NE(text.find("4/4 results decided"), std::string::npos) << text;
  for (char c : text) EXPECT_TRUE(c == '\n' || (c >= 32 && c < 127)) << int(c) << " in " << text;
  EXPECT_EQ(text.find("verdict's message"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

TEST(Progress, ATerminalGetsOneLineInPlaceAndEachFailureAboveIt) {
  std::ostringstream err;
  RunProgress progress;
  Masker masker;
  ProgressDisplay display(err, ProgressDisplay::Mode::kTerminal, progress, masker, 60);
  EXPECT_NE(err.str().find("\r\033[Kauthspec: 0/0 results"), std::string::npos)
      << "the status line is there from the start";
  feed(progress);
  display.finish();
  const std::string text = err.str();
  EXPECT_NE(text.find("FAIL CHAL-003 SHOULD GET /a: "), std::string::npos) << text;
  EXPECT_EQ(text.find("FAIL STAT"), std::string::npos) << "a warning is not a failure";
  EXPECT_EQ(text.find("done:"), std::string::npos) << "no family lines on a terminal";
  // Never wider than the terminal (a wrapped line cannot be redrawn), and cleared at the end so
  // the summary starts on a clean line.
  std::size_t start = 0;
  while ((start = text.find("\r\033[K", start)) != std::string::npos) {
    start += 4;
    const std::size_t end = text.find_first_of("\r\n", start);
    if (text.compare(start, 10, "authspec: ") != 0) continue;  // a failure line may wrap
    EXPECT_LE((end == std::string::npos ? text.size() : end) - start, 59u);
  }
  EXPECT_EQ(text.substr(text.size() - 4), "\r\033[K");
}

TEST(Progress, QuietAndAStoppedRunSayNothingMore) {
  std::ostringstream err;
  RunProgress progress;
  Masker masker;
  {
    ProgressDisplay quiet(err, ProgressDisplay::mode_for(err, true), progress, masker);
    EXPECT_FALSE(progress.on_result) << "--quiet: the run is not even told";
  }
  EXPECT_EQ(err.str(), "");
  ProgressDisplay display(err, ProgressDisplay::Mode::kPlain, progress, masker);
  progress.on_stop();
  progress.on_result(result("CHAL-003", Outcome::kFail));
  progress.on_result(result("STAT-002", Outcome::kFail));
  display.finish();
  EXPECT_EQ(err.str(), "") << "after a stop, the line that says why is the only one";
  EXPECT_EQ(ProgressDisplay::mode_for(err, false), ProgressDisplay::Mode::kPlain)
      << "a stream that is not the terminal's stderr gets plain lines";
}

// The command: progress on stderr only, the summary and reports as before; --quiet empties
// stderr; a bad --depth is one line.
TEST(Progress, TheRunCommandWritesProgressToStderrOnly) {
  using test::run_authspec;
  const auto plain = run_authspec({"run", "--no-color", "--only", "CHAL", "--only", "STAT"});
  ASSERT_EQ(plain.code, 0) << plain.err;
  EXPECT_NE(plain.err.find("authspec: "), std::string::npos) << plain.err;
  EXPECT_NE(plain.err.find("CHAL done: "), std::string::npos) << plain.err;
  EXPECT_NE(plain.err.find("STAT done: "), std::string::npos) << plain.err;
  EXPECT_EQ(plain.out.find("authspec: "), std::string::npos) << "stdout is the summary's";
  const auto quiet = run_authspec({"run", "--no-color", "--quiet", "--only", "CHAL"});
  EXPECT_EQ(quiet.code, 0);
  EXPECT_EQ(quiet.err, "");
  EXPECT_NE(quiet.out.find("Gate passed"), std::string::npos) << quiet.out;
  // The catalogue says which checks the default depth runs on representatives only.
  const auto list = nlohmann::json::parse(run_authspec({"list", "--json"}).out);
  std::map<std::string, std::string> depth;
  for (const auto& c : list["checks"]) depth[c["id"]] = c["depth"];
  EXPECT_EQ(depth["CHAL-002"], "every");
  EXPECT_EQ(depth["BYP-003"], "representative");
  EXPECT_EQ(depth["AUTHZ-007"], "every");
  const auto bad = run_authspec({"run", "--depth", "shallow"});
  EXPECT_EQ(bad.code, 2);
  EXPECT_EQ(bad.err,
            "authspec run: --depth must be representative or full (got \"shallow\") (see authspec "
            "run --help)\n");
}

}  // namespace
}  // namespace authspec
