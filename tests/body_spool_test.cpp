// Response bodies and the run's spool file (suite/body.h): a large body is held on disk from the
// moment it is received, and every judge and report reads the same bytes back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "cli/run_target.h"
#include "reports/report.h"
#include "suite/body.h"
#include "suite/plan.h"
#include "suite/registry.h"
#include "suite/runner.h"
#include "tests/support/cli_runner.h"
#include "tests/support/raw_server.h"
#include "tests/support/report_tools.h"

namespace authspec::test {
namespace {

// TMPDIR set for one test (the spool file goes there), put back after it.
class TmpdirFor {
 public:
  explicit TmpdirFor(const std::string& dir) {
    if (const char* old = std::getenv("TMPDIR")) old_ = old;
    setenv("TMPDIR", dir.c_str(), 1);
  }
  ~TmpdirFor() {
    if (old_.empty())
      unsetenv("TMPDIR");
    else
      setenv("TMPDIR", old_.c_str(), 1);
  }

 private:
  std::string old_;
};

bool empty_dir(const std::string& dir) {
  return std::filesystem::directory_iterator(dir) == std::filesystem::directory_iterator();
}

TEST(Body, HoldsItsBytesAndCopiesShareThem) {
  const Body none;
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(*none.text(), "");
  const Body body = std::string("{\"a\": 1}");
  EXPECT_EQ(body.size(), 8u);
  EXPECT_EQ(*body.text(), "{\"a\": 1}");
  const Body copy = body;
  EXPECT_EQ(copy.text().get(), body.text().get());  // shared, not copied
  EXPECT_EQ(copy, body);
  EXPECT_FALSE(body == Body("{\"a\": 2}"));
  EXPECT_FALSE(body.spooled());
}

TEST(Body, ALargeBodyGoesToTheSpoolAndReadsBackTheSame) {
  TempDir tmp;
  const TmpdirFor tmpdir(tmp.dir());
  auto spool = std::make_shared<Spool>();
  // The spool file is unlinked as soon as it is made: nothing is left in TMPDIR, whatever ends
  // the run.
  EXPECT_TRUE(empty_dir(tmp.dir()));
  std::string large(100 * 1024, 'x');
  large += "AUTHSPEC-CANARY-end";
  large[0] = '\0';  // any byte survives
  Body small = std::string("short"), big = large;
  small.spool_to(spool, 16);
  big.spool_to(spool, 16);
  EXPECT_FALSE(small.spooled());  // at or under the threshold: stays in memory
  EXPECT_TRUE(big.spooled());
  EXPECT_EQ(spool->bytes(), large.size());
  EXPECT_EQ(big.size(), large.size());
  EXPECT_TRUE(*big.text() == large);  // (not EXPECT_EQ: 100 KiB in a failure message)
  EXPECT_TRUE(big == Body(large));
  big.spool_to(spool, 16);  // once only
  EXPECT_EQ(spool->bytes(), large.size());
  // A copy reads the same place; the spool lives as long as a body in it.
  const Body copy = big;
  spool.reset();
  big = Body();
  EXPECT_EQ(copy.text()->substr(copy.size() - 19), "AUTHSPEC-CANARY-end");
}

TEST(Body, WithoutAWritableTmpdirTheSpoolSaysSo) {
  const TmpdirFor tmpdir("/nonexistent-authspec-dir");
  try {
    Spool spool;
    FAIL() << "a spool was made in a directory that does not exist";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-authspec-dir"), std::string::npos)
        << e.what();
  }
}

// A target whose every answer is 200 with 200 KiB of content, the canary at its very end: the
// bodies are spooled as they arrive, the positive control finds the canary in the spooled body
// (CHAL-000 passes), the request without credentials is caught getting it (CHAL-002 fails, a
// breach), and the JSON report shows the body's beginning.
TEST(Body, ARunSpoolsLargeAnswersAndJudgesThemInFull) {
  TempDir tmp, spool_dir;
  const TmpdirFor tmpdir(spool_dir.dir());
  const std::string content = std::string(200 * 1024, 'a') + "AUTHSPEC-CANARY-spool";
  RawServer server(RawServer::Mode::kReply,
                   "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                       std::to_string(content.size()) + "\r\nConnection: close\r\n\r\n" + content);
  const Profile profile = load_profile(
      tmp.write("p.ini", "[target]\nbase_url = " + server.url() +
                             "\ncanary = AUTHSPEC-CANARY-spool\n[protected]\nresource = GET /a "
                             "basic\n[basic]\nuser = alice\npassword = secret-one\n"),
      {});
  std::vector<const Check*> checks;
  for (const auto& c : catalogue())
    if (c.id == "CHAL-000" || c.id == "CHAL-002") checks.push_back(&c);
  ASSERT_EQ(checks.size(), 2u);
  RunOptions options;
  options.prober = prober_options_for(profile);
  options.deadline = std::chrono::seconds(20);
  const RunResult run = execute(profile, build_plan(profile, checks), options);
  ASSERT_TRUE(run.aborted.empty()) << run.aborted;
  ASSERT_FALSE(run.exchanges.empty());
  std::size_t spooled = 0;
  for (const auto& ex : run.exchanges) {
    ASSERT_TRUE(ex.ok()) << ex.error;
    if (ex.request.method == "HEAD") continue;  // no content to hold
    EXPECT_TRUE(ex.response.body.spooled()) << ex.request.summary();
    EXPECT_TRUE(*ex.response.body.text() == content) << ex.request.summary();
    ++spooled;
  }
  EXPECT_GE(spooled, 2u);  // the control, and the request without credentials
  EXPECT_TRUE(empty_dir(spool_dir.dir()));
  bool control = false, caught = false;
  for (const auto& r : run.results) {
    if (r.resource != "GET /a") continue;
    if (r.check->id == "CHAL-000") {
      control = true;
      EXPECT_EQ(r.verdict.outcome, Outcome::kPass) << r.verdict.message;
    } else {
      caught = true;
      EXPECT_EQ(r.verdict.outcome, Outcome::kFail) << r.verdict.message;
      EXPECT_TRUE(r.verdict.security_breach);
      EXPECT_NE(r.verdict.message.find("contains the protected content"), std::string::npos)
          << r.verdict.message;
    }
  }
  EXPECT_TRUE(control && caught);
  EXPECT_NE(exchange_text(run.exchanges.front(), Masker(profile), 4096).find("aaaa"),
            std::string::npos);
}

// The reports read spooled bodies back, and mask the secrets in them as in any other: a target
// that echoes the password in a 100 KiB answer (to every request: CHAL-002 catches the request
// without credentials getting the content) has it masked in the JSON report and the HAR.
TEST(Body, ReportsShowSpooledBodiesWithTheirSecretsMasked) {
  TempDir tmp, spool_dir;
  const TmpdirFor tmpdir(spool_dir.dir());
  const std::string content =
      "{\"echo\": \"secret-one\", \"marker\": \"AUTHSPEC-CANARY-spool\", \"pad\": \"" +
      std::string(100 * 1024, 'p') + "\"}";
  RawServer server(RawServer::Mode::kReply,
                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(content.size()) + "\r\nConnection: close\r\n\r\n" + content);
  const std::string profile = tmp.write(
      "p.ini", "[target]\nbase_url = " + server.url() +
                   "\ncanary = AUTHSPEC-CANARY-spool\n[protected]\nresource = GET /a basic\n"
                   "[basic]\nuser = alice\npassword = secret-one\n");
  const auto r =
      run_authspec({"run", "--no-color", "--quiet", "--profile", profile, "--only", "CHAL-002",
                    "--json", tmp.path("r.json"), "--har", tmp.path("r.har")});
  ASSERT_EQ(r.code, 1) << r.err;
  for (const char* file : {"r.json", "r.har"}) {
    const std::string text = read_file(tmp.path(file));
    EXPECT_NE(text.find("\\\"echo\\\": \\\""), std::string::npos) << file;  // the body is there
    EXPECT_NE(text.find("pppppppp"), std::string::npos) << file;
    EXPECT_EQ(text.find("secret-one"), std::string::npos) << file;  // and its secret masked
  }
  EXPECT_TRUE(empty_dir(spool_dir.dir()));
}

// Without a writable TMPDIR the run goes on with its bodies in memory, and every report says so
// as a note: it bears on no verdict, and is not something the run left uncovered.
TEST(Body, WithoutASpoolTheRunGoesOnAndEveryReportSaysSo) {
  TempDir tmp;
  const TmpdirFor tmpdir("/nonexistent-authspec-dir");
  const auto r =
      run_authspec({"run", "--no-color", "--only", "CHAL-002", "--json", tmp.path("r.json"),
                    "--markdown", tmp.path("r.md"), "--html", tmp.path("r.html")});
  ASSERT_EQ(r.code, 0) << r.err;
  const std::string remark = "large response bodies were kept in memory: cannot make a spool file";
  EXPECT_NE(r.out.find("  note: " + remark), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not covered: large response bodies"), std::string::npos) << r.out;
  const auto json = read_json(tmp.path("r.json"));
  ASSERT_EQ(json["summary"]["remarks"].size(), 1u) << json["summary"];
  EXPECT_EQ(json["summary"]["remarks"][0].get<std::string>().rfind(remark, 0), 0u);
  EXPECT_TRUE(json["coverage"]["not_covered"].empty()) << json["coverage"];
  EXPECT_EQ(validate_report(tmp.path("r.json")), 0);
  EXPECT_NE(read_file(tmp.path("r.md")).find("Note: " + remark), std::string::npos);
  EXPECT_NE(read_file(tmp.path("r.html")).find("<li>" + remark), std::string::npos);
}

}  // namespace
}  // namespace authspec::test
