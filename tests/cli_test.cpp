// The command line as users meet it: bad input, hostile targets, the plan, the budget, masking,
// report formats and the standalone mock.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "mock_server/mock_server.h"
#include "reports/json_report.h"
#include "suite/prober.h"
#include "tests/support/cli_runner.h"
#include "tests/support/process.h"
#include "tests/support/raw_server.h"
#include "tests/support/report_tools.h"

namespace authspec::test {
namespace {

const std::string kFixtures = AUTHSPEC_SOURCE_DIR "/fixtures";

bool one_line(const std::string& s) {
  return !s.empty() && s.find('\n') == s.size() - 1;
}

// The standalone mock's banner: "listening on URL", "cleartext URL (...)", "proxy URL (...)".
// Its certificate is written to `ca` (--cert-out). Empty URL when a line did not come.
MockEndpoints read_banner(Process& mock, const std::string& ca) {
  MockEndpoints m;
  const std::string first = mock.read_line(5000);
  if (first.rfind("listening on https://127.0.0.1:", 0) != 0) return m;
  m.url = first.substr(std::string("listening on ").size());
  const std::string second = mock.read_line(5000), third = mock.read_line(5000);
  m.cleartext_url = second.substr(10, second.find(' ', 10) - 10);
  m.proxy_url = third.substr(6, third.find(' ', 6) - 6);
  m.cacert_file = ca;
  return m;
}

TEST(Usage, UnknownFlagCommandAndBadValuesExit2WithOneLine) {
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"run", "--no-such-flag"},
                                             {"run", "--concurrency", "0"},
                                             {"run", "--timeout", "-1"},
                                             {"run", "--fail-on", "sometimes"},
                                             {"run", "--only", "NOPE-*"},
                                             {"run", "--target", ""},
                                             {"init", "--resource", "/x"},
                                             {"run", "--mock-defect", "no-such-defect"},
                                             {"list", "--xml"}}) {
    const auto r = run_authspec(args);
    EXPECT_EQ(r.code, 2) << args[1];
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
  const auto r = run_authspec({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown command"), std::string::npos);
  EXPECT_EQ(run_authspec({}).code, 2);
  EXPECT_EQ(run_authspec({"--version"}).code, 0);
}

TEST(Profile, MissingFileIsAUsageError) {
  const auto r = run_authspec({"run", "--profile", "/nonexistent/profile.ini"});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("/nonexistent/profile.ini"), std::string::npos);
}

TEST(Profile, ErrorsNameFileLineAndKey) {
  TempDir tmp;
  struct Bad {
    std::string text, expect;
  };
  const std::vector<Bad> cases = {
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\ncolour = red\n[protected]\nresource = "
       "GET /p basic\n",
       ":4: key target.colour: unknown key"},
      {"[target]\nbase_url = ftp://x\ncanary = c\n[protected]\nresource = GET /p basic\n",
       ":2: key target.base_url: bad URL"},
      {"[target]\nbase_url = http://127.0.0.1:99999\ncanary = c\n[protected]\nresource = GET /p "
       "basic\n",
       ":2: key target.base_url: bad URL \"http://127.0.0.1:99999\": port"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = GET /p "
       "basic\nresource = GET /q kerberos\n",
       ":6: key protected.resource: unknown scheme \"kerberos\""},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = DELETE /p "
       "basic\n",
       ":5: key protected.resource: DELETE changes state"},
      {"[target]\nbase_url = http://127.0.0.1:1\n[protected]\nresource = GET /p basic\n",
       ": key target.canary: missing"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n",
       ": key protected.resource: missing"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = GET /p "
       "basic\n[basic]\nuser = alice\n",
       ":7: key basic.user: has no password"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = GET /p "
       "basic\n[low]\nuser = bob\npassword = x\nresource = GET /other\n",
       ":9: key low.resource: GET /other is not a protected resource"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\nthis line has no equals sign\n",
       ":4: not a \"key = value\" line"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\nhide_with_404 = "
       "perhaps\n[protected]\nresource = GET /p basic\n",
       ":4: key target.hide_with_404"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = GET /p "
       "basic\n[bearer]\ntoken_file = /nonexistent/token\n",
       ":7: key bearer.token_file: cannot read /nonexistent/token"},
      // A slip of the keyboard is named with the key it probably meant.
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = GET /p "
       "basic\n[basic]\nuser = alice\npasword = x\n",
       ":8: key basic.pasword: unknown key (did you mean basic.password?)"},
      {"[target]\nbase_url = http://127.0.0.1:1\ncanary = c\n[protected]\nresource = GET /p "
       "basic\n[rate]\nwindow_seconds = 2\n",
       ":7: key rate.window_seconds: unknown key"},
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string path = tmp.write("p" + std::to_string(i) + ".ini", cases[i].text);
    const auto r = run_authspec({"run", "--profile", path});
    EXPECT_EQ(r.code, 2) << cases[i].text;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find(path + cases[i].expect), std::string::npos)
        << "want " << cases[i].expect << "\ngot " << r.err;
  }
}

TEST(Profile, BadTargetUrlOnTheCommandLine) {
  const auto r =
      run_authspec({"run", "--profile", kFixtures + "/mock.ini", "--target", "not a url"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--target: bad URL"), std::string::npos) << r.err;
}

TEST(Profile, SecretsFromEnvironmentAndFilesOverrideTheFile) {
  TempDir tmp;
  Process mock({AUTHSPEC_MOCK_BIN, "--port", "0", "--cert-out", tmp.path("ca.pem")});
  const MockEndpoints m = read_banner(mock, tmp.path("ca.pem"));
  ASSERT_FALSE(m.url.empty());
  std::string text = mock_profile_text(m);
  // Remove the bearer token from the file; give it through a token_file and a wrong password
  // overridden by the environment.
  const auto at = text.find("token = ");
  text.replace(at, text.find('\n', at) - at,
               "token_file = " + tmp.write("token", "mock-token-alice-5b7e2f90\n"));
  const auto pw = text.find("password = wonderland-2026");
  text.replace(pw, std::string("password = wonderland-2026").size(), "password = wrong-in-file");
  setenv("AUTHSPEC_BASIC_PASSWORD", "wonderland-2026", 1);
  const auto r = run_authspec(
      {"run", "--no-color", "--profile", tmp.write("p.ini", text), "--json", tmp.path("r.json")});
  unsetenv("AUTHSPEC_BASIC_PASSWORD");
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(mock.stop(SIGTERM, 5000), 0);
}

// Without a profile the bundled mock is tested; a profile variable meant for a real target or an
// empty --profile (an unset CI variable) must not turn into a green run against the mock.
TEST(Profile, ProfileVariablesOrAnEmptyProfileWithoutAProfileAreUsageErrors) {
  setenv("AUTHSPEC_TARGET_BASE_URL", "http://127.0.0.1:9/", 1);
  const auto env = run_authspec({"run", "--no-color"});
  const auto dry = run_authspec({"run", "--no-color", "--dry-run"});
  unsetenv("AUTHSPEC_TARGET_BASE_URL");
  EXPECT_EQ(env.code, 2);
  EXPECT_NE(env.err.find("AUTHSPEC_TARGET_BASE_URL is set but there is no --profile"),
            std::string::npos)
      << env.err;
  EXPECT_EQ(env.out, "");
  EXPECT_EQ(dry.code, 2);
  const auto empty = run_authspec({"run", "--no-color", "--profile", ""});
  EXPECT_EQ(empty.code, 2);
  EXPECT_NE(empty.err.find("--profile is empty"), std::string::npos) << empty.err;
  // Variables that are not profile keys are no profile variables.
  setenv("AUTHSPEC_SOMETHING_ELSE", "x", 1);
  const auto other = run_authspec({"run", "--no-color", "--only", "CHAL-001"});
  unsetenv("AUTHSPEC_SOMETHING_ELSE");
  EXPECT_EQ(other.code, 0) << other.err;
  EXPECT_NE(other.out.find("the bundled mock"), std::string::npos) << other.out;
}

// Content after a HEAD response: named on the HEAD exchange (CHAL-014) when it arrives with the
// header block, and in no case read as the next exchange's answer ("HTTP/0.9").
TEST(HostileTarget, ContentAfterHeadIsFlaggedOnHeadAndCorruptsNoOtherExchange) {
  for (const auto mode : {RawServer::Mode::kHeadContent, RawServer::Mode::kHeadContentLater}) {
    RawServer server(mode);
    TempDir tmp;
    run_authspec({"run", "--no-color", "--profile",
                  tmp.write("p.ini", mock_profile_for(server.url())), "--only", "CHAL-014",
                  "--only", "CHAL-002", "--only", "BYP-001", "--concurrency", "2", "--timeout", "3",
                  "--deadline", "30", "--json", tmp.path("r.json")});
    const auto report = read_json(tmp.path("r.json"));
    bool flagged = false;
    for (const auto& r : report["results"]) {
      for (const auto& ex : result_exchanges(report, r))
        EXPECT_EQ(ex.dump().find("HTTP/0.9"), std::string::npos) << r["check"] << ex.dump();
      if (r["check"] == "CHAL-014" && r["verdict"] == "fail" &&
          r["message"].get<std::string>().find("bytes of content") != std::string::npos)
        flagged = true;
    }
    if (mode == RawServer::Mode::kHeadContent) {
      EXPECT_TRUE(flagged) << report["results"].dump();
    }
  }
}

// A connection that carried a HEAD is never reused, so the HEAD asks the server to close it
// ("Connection: close": the server then closes, and the wait after closing is not spent on one of
// authspec's local ports, which a whole API's HEADs used up). Only HEADs say it, once, as sent on
// the wire; CHAL-014 judges HEAD as before: the compliant mock passes it, head-unprotected fails.
TEST(HeadRequests, AskTheServerToCloseTheirConnection) {
  for (const std::string defect : {"", "head-unprotected"}) {
    TempDir tmp;
    std::vector<std::string> args = {"run",    "--no-color",       "--only", "CHAL-014",
                                     "--json", tmp.path("r.json"), "--har",  tmp.path("r.har")};
    if (!defect.empty()) args.insert(args.end(), {"--mock-defect", defect});
    const auto r = run_authspec(args);
    EXPECT_EQ(r.code, defect.empty() ? 0 : 1) << defect << ": " << r.err;
    const auto report = read_json(tmp.path("r.json")), har = read_json(tmp.path("r.har"));
    std::set<std::string> verdicts;
    for (const auto& result : report["results"])
      if (result["check"] == "CHAL-014") verdicts.insert(result["verdict"].get<std::string>());
    const std::set<std::string> expected =
        defect.empty() ? std::set<std::string>{"pass"} : std::set<std::string>{"fail"};
    EXPECT_EQ(verdicts, expected) << defect;
    std::size_t heads = 0, others = 0;
    for (const auto& entry : har["log"]["entries"]) {
      const bool head = entry["request"]["method"] == "HEAD";
      std::size_t close = 0;
      for (const auto& h : entry["request"]["headers"])
        close += h["name"].get<std::string>() == "Connection" && h["value"] == "close";
      EXPECT_EQ(close, head ? 1u : 0u) << entry["request"].dump();
      (head ? heads : others) += 1;
    }
    EXPECT_GT(heads, 0u) << defect;
    EXPECT_GT(others, 0u) << defect;
  }
}

// A check that sets its own Connection field on a HEAD sends it alone, as written.
TEST(HeadRequests, KeepTheConnectionFieldACheckSets) {
  RawServer server(RawServer::Mode::kReply,
                   "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\n"
                   "Content-Length: 0\r\n\r\n");
  ProberOptions options;
  options.origin = server.url();
  Prober prober(options);
  Request own;
  own.method = "HEAD";
  own.headers = {{"Connection", "keep-alive"}};
  const Exchange kept = prober.send(own, std::chrono::milliseconds(3000));
  ASSERT_TRUE(kept.ok()) << kept.error;
  EXPECT_NE(kept.sent_head.find("Connection: keep-alive\r\n"), std::string::npos) << kept.sent_head;
  EXPECT_EQ(kept.sent_head.find("close"), std::string::npos) << kept.sent_head;
  Request plain;
  plain.method = "HEAD";
  const Exchange closing = prober.send(plain, std::chrono::milliseconds(3000));
  ASSERT_TRUE(closing.ok()) << closing.error;
  EXPECT_NE(closing.sent_head.find("Connection: close\r\n"), std::string::npos)
      << closing.sent_head;
}

// An account locked during the run (here by "someone else": the mock refuses each Basic user after
// ten logins) is named as such; the profile is not blamed, and no check fails on the 401s that
// only the lock explains: what needed the account is undecided.
TEST(LockedAccount, IsNamedAndLeavesWhatNeededItUndecided) {
  mock::MockOptions options;
  // Which requests use up the logins depends on the race: the plain questions may all come first.
  options.lock_basic_users_after = 16;
  mock::MockServer server(options);
  server.start();
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("p.ini", mock_profile_text(endpoints_of(server, tmp))),
                               "--json", tmp.path("r.json"), "--html", tmp.path("r.html"),
                               "--markdown", tmp.path("r.md")});
  EXPECT_EQ(r.code, 3) << r.err;
  EXPECT_NE(r.err.find("probably locked, by this run or by someone else"), std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("profile error"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("Run aborted: the Basic user alice worked, then got 401"), std::string::npos)
      << r.out;
  const auto report = read_json(tmp.path("r.json"));
  int undecided = 0;
  for (const auto& res : report["results"]) {
    const std::string message = res["message"];
    undecided += message.find("probably locked") != std::string::npos;
    if (res["verdict"] != "fail") continue;
    for (const auto& ex : result_exchanges(report, res)) {
      const std::string credential = ex["request"]["credential"];
      EXPECT_FALSE(credential.rfind("basic:valid", 0) == 0 && ex["response"]["status"] == 401)
          << res["check"] << " " << res["resource"] << " failed on the lock: " << message;
    }
  }
  EXPECT_GT(undecided, 0);
  // The report holds what showed the lock: alice's last 2xx, then the 401s that counted (a
  // recheck counts twice).
  ASSERT_TRUE(report["summary"].contains("aborted_exchange_ids")) << report["summary"].dump();
  const auto proof = report["summary"]["aborted_exchange_ids"];
  ASSERT_GE(proof.size(), 2u) << proof.dump();
  for (std::size_t i = 0; i < proof.size(); ++i) {
    const auto& ex = report["exchanges"][proof[i].get<std::size_t>()];
    const int status = ex["response"]["status"];
    EXPECT_TRUE(i == 0 ? status / 100 == 2 : status == 401) << ex.dump();
    const std::string credential = ex["request"]["credential"];
    EXPECT_NE(credential.find("alice"), std::string::npos) << credential;
  }
  // The HTML and Markdown reports show them under the reason, the 401s among them.
  const std::string html = read_file(tmp.path("r.html")), markdown = read_file(tmp.path("r.md"));
  const auto shown = html.find("the exchanges that showed it");
  ASSERT_NE(shown, std::string::npos);
  EXPECT_LT(html.find("HTTP/1.1 401", shown), html.find("</details>", shown));
  EXPECT_NE(markdown.find(" `` answered 401"), std::string::npos) << markdown;
  // A merge keeps them; a report whose list names an exchange it lacks is damaged.
  const auto merged = run_authspec({"merge", tmp.path("r.json"), "--json", tmp.path("m.json")});
  EXPECT_NE(merged.code, 2) << merged.err;
  const auto again = read_json(tmp.path("m.json"));
  ASSERT_EQ(again["summary"]["aborted_exchange_ids"].size(), proof.size());
  for (std::size_t i = 0; i < proof.size(); ++i) {
    auto before = report["exchanges"][proof[i].get<std::size_t>()],
         after = again["exchanges"][again["summary"]["aborted_exchange_ids"][i].get<std::size_t>()];
    before.erase("id");
    after.erase("id");
    EXPECT_EQ(after, before) << i;
  }
  auto damaged = report;
  damaged["summary"]["aborted_exchange_ids"].push_back(100000);
  const auto refused = run_authspec({"merge", tmp.write("damaged.json", damaged.dump())});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("aborted_exchange_ids refers to exchange 100000"), std::string::npos)
      << refused.err;
}

TEST(HostileTarget, UnreachableExits3) {
  const int port = closed_port();
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--profile",
       tmp.write("p.ini", mock_profile_for("http://127.0.0.1:" + std::to_string(port))),
       "--timeout", "2", "--deadline", "10"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("target unreachable: connect failure"), std::string::npos) << r.err;
  // The cause comes first, the undecided results are counted rather than listed, and the gate is
  // never said to pass.
  EXPECT_NE(r.out.find("Run aborted: "), std::string::npos) << r.out;
  EXPECT_LT(r.out.find("Run aborted: "), r.out.find("requests in")) << r.out;
  EXPECT_EQ(r.out.find("ERROR "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Gate passed"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Gate not decided"), std::string::npos) << r.out;
}

TEST(HostileTarget, SilentTargetIsBoundedByTimeoutAndDeadline) {
  RawServer silent(RawServer::Mode::kSilent);
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--profile", tmp.write("p.ini", mock_profile_for(silent.url())), "--timeout", "0.5",
       "--deadline", "3", "--concurrency", "16", "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 3);
  EXPECT_TRUE(r.err.find("timeout") != std::string::npos ||
              r.err.find("deadline") != std::string::npos)
      << r.err;
  const auto report = read_json(tmp.path("r.json"));
  EXPECT_EQ(report["summary"]["passed"], 0);
}

TEST(HostileTarget, GarbageIsAMalformedResponse) {
  RawServer garbage(RawServer::Mode::kReply, std::string("\x00\x01garbage not http\r\n\r\n", 22));
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--profile", tmp.write("p.ini", mock_profile_for(garbage.url())), "--timeout", "2"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("malformed response"), std::string::npos) << r.err;
}

// obs-fold (RFC 9112 §5.2): a recipient reads the fold as SP, so the challenge keeps its realm;
// the sender is still flagged for generating it (CHAL-004).
TEST(HostileTarget, FoldedChallengeIsReadAsOneLineAndFlagged) {
  RawServer folded(RawServer::Mode::kReply,
                   "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic\r\n realm=\"folded\",\r\n"
                   "\tcharset=\"UTF-8\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  TempDir tmp;
  run_authspec({"run", "--no-color", "--profile",
                tmp.write("p.ini", mock_profile_for(folded.url())), "--only", "CHAL-004", "--only",
                "BASIC-001", "--timeout", "2", "--json", tmp.path("r.json")});
  const auto report = read_json(tmp.path("r.json"));
  bool flagged = false, realm_read = false;
  for (const auto& r : report["results"]) {
    const std::string message = r["message"];
    if (r["check"] == "CHAL-004" && r["verdict"] == "fail")
      flagged = message.find("obs-fold") != std::string::npos;
    if (r["check"] == "BASIC-001") realm_read = r["verdict"] == "pass";
  }
  EXPECT_TRUE(flagged) << report["results"].dump();
  EXPECT_TRUE(realm_read) << report["results"].dump();
  const auto parsed = run_authspec({"challenge", "parse", "Basic , realm=\"x\""});
  EXPECT_NE(parsed.out.find("\"realm\": \"x\""), std::string::npos) << parsed.out;
}

TEST(HostileTarget, TlsFailureIsNamed) {
  // An https:// target that answers in plain HTTP: the handshake fails.
  RawServer plain(RawServer::Mode::kReply,
                  "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
  TempDir tmp;
  const std::string https = "https://127.0.0.1:" + std::to_string(plain.port());
  const auto r = run_authspec({"run", "--profile", tmp.write("p.ini", mock_profile_for(https)),
                               "--timeout", "2", "--only", "CHAL-002"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("target unreachable: TLS failure"), std::string::npos) << r.err;
  EXPECT_EQ(
      run_authspec({"run", "--profile", tmp.path("p.ini"), "--cacert", "/nonexistent.pem"}).code,
      2);
}

TEST(HostileTarget, IisSubStatusOnTheWireFailsStat001) {
  RawServer iis(RawServer::Mode::kReply,
                "HTTP/1.1 401.1 Unauthorized\r\nWWW-Authenticate: Basic "
                "realm=\"iis\"\r\nContent-Length: 4\r\n"
                "Connection: close\r\n\r\ndeny");
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--profile", tmp.write("p.ini", mock_profile_for(iis.url())),
                    "--timeout", "2", "--only", "STAT-001", "--json", tmp.path("r.json")});
  const auto v = verdicts(read_json(tmp.path("r.json")));
  EXPECT_EQ(v.at("STAT-001 *"), "fail");
  EXPECT_EQ(r.code, 2);  // valid credentials were refused too: a profile error is reported
}

TEST(Plan, DryRunSendsNothingAndShowsNoSecret) {
  RawServer counter(RawServer::Mode::kReply, "HTTP/1.1 500 No\r\nContent-Length: 0\r\n\r\n");
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--dry-run", "--profile", tmp.write("p.ini", mock_profile_for(counter.url()))});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(counter.connections(), 0);
  EXPECT_NE(r.out.find("GET " + counter.url() + "/api/basic/profile  [basic:valid (alice)]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" requests for "), std::string::npos);
  for (const char* secret :
       {"wonderland-2026", "mock-token-alice", "builder-2026", "YWxpY2U6d29uZGVybGFuZC0yMDI2"})
    EXPECT_EQ(r.out.find(secret), std::string::npos) << secret;
  // The embedded mock's plan too.
  EXPECT_EQ(run_authspec({"run", "--dry-run"}).code, 0);
}

TEST(Plan, RequestBudgetStopsTheRun) {
  const auto r = run_authspec({"run", "--no-color", "--max-requests", "10"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("request budget"), std::string::npos) << r.err;
  EXPECT_EQ(run_authspec({"run", "--no-color", "--only", "CHAL-002", "--max-requests", "40"}).code,
            0);
}

TEST(Plan, OnlyAndSkipSelectChecksByIdFamilyAndGlob) {
  TempDir tmp;
  run_authspec({"run", "--no-color", "--only", "BASIC", "--skip", "BASIC-00[5-8]", "--json",
                tmp.path("r.json")});
  std::set<std::string> checks;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& res : report["results"]) checks.insert(res["check"].get<std::string>());
  EXPECT_EQ(checks, (std::set<std::string>{"CHAL-000", "BASIC-001", "BASIC-002", "BASIC-003",
                                           "BASIC-004"}));
}

TEST(Masking, NoSecretInAnyOutput) {
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "-v", "--mock-defect", "content-in-401",
                               "--mock-defect", "nul-truncation", "--json", tmp.path("r.json"),
                               "--junit", tmp.path("r.xml"), "--report-dir", tmp.path("dir")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(r.err.find("wonderland-2026"), std::string::npos);
  std::vector<std::string> outputs = {r.out, read_file(tmp.path("r.json")),
                                      read_file(tmp.path("r.xml"))};
  for (const char* f : {"authspec.json", "authspec-junit.xml", "summary.txt", "authspec.md",
                        "authspec.sarif", "authspec.har", "authspec.html"})
    outputs.push_back(read_file(tmp.path("dir/") + f));
  // Session ids the mock hands out (32 hex digits after the cookie name) must be masked too.
  const std::regex session_id("__Host-sid=[0-9a-f]{32}|sid=[0-9a-f]{32}|jsessionid=[0-9a-f]{32}");
  for (const auto& out : outputs) {
    ASSERT_FALSE(out.empty());
    for (const char* secret :
         {"wonderland-2026", "mock-token-alice-5b7e2f90", "builder-2026", "pa:ss:word",
          "123\xC2\xA3", "YWxpY2U6d29uZGVybGFuZC0yMDI2",
          "Ym9iOmJ1aWxkZXItMjAyNg==", "proxy-pass-2026", "cHJveHk6cHJveHktcGFzcy0yMDI2",
          "throwaway-2026", "Y2xlYXJ0ZXh0LXByb2JlOnRocm93YXdheS0yMDI2", "sacrificial-2026"})
      EXPECT_EQ(out.find(secret), std::string::npos) << secret;
    EXPECT_FALSE(std::regex_search(out, session_id));
  }
  EXPECT_NE(r.out.find("Authorization: Basic [masked]"), std::string::npos);
}

TEST(Reports, JunitValidatesAgainstTheSchema) {
  TempDir tmp;
  for (const char* defect : {"realm-unquoted", "no-challenge", "challenges-one-line"}) {
    const std::string xml = tmp.path(std::string(defect) + ".xml");
    run_authspec({"run", "--no-color", "--mock-defect", defect, "--junit", xml});
    EXPECT_TRUE(junit_valid(xml)) << xml;
    const std::string text = read_file(xml);
    EXPECT_NE(text.find("<testsuite name=\"CHAL\""), std::string::npos);
  }
}

// A CI's test view agrees with the exit code: a warning that fails the gate (--fail-on any) is a
// JUnit failure, one that does not is a passing case, and a waived failure is skipped; the
// root's counts are the sums of the suites'.
TEST(Reports, JunitAndMarkdownAgreeWithTheGate) {
  TempDir tmp;
  auto junit = [&](const std::vector<std::string>& extra, const std::string& name, int code) {
    std::vector<std::string> args = {
        "run",           "--no-color",     "--only",        "TLS",
        "--only",        "CHAL-006",       "--mock-defect", "hsts-missing",
        "--mock-defect", "realm-unquoted", "--junit",       tmp.path(name)};
    args.insert(args.end(), extra.begin(), extra.end());
    EXPECT_EQ(run_authspec(args).code, code) << name;
    EXPECT_TRUE(junit_valid(tmp.path(name)));
    return read_file(tmp.path(name));
  };
  auto count = [](const std::string& xml, const std::string& what) {
    int n = 0;
    for (auto at = xml.find(what); at != std::string::npos; at = xml.find(what, at + 1)) ++n;
    return n;
  };
  const std::string any = junit({"--markdown", tmp.path("any.md")}, "any.xml", 1);
  // The Markdown summary names what failed the gate in one line.
  EXPECT_NE(read_file(tmp.path("any.md")).find("- gate failed by 2 results: CHAL-006, TLS-004\n"),
            std::string::npos)
      << read_file(tmp.path("any.md"));
  EXPECT_NE(any.find("<failure type=\"BP warning\" message=\"warning, failing the gate"),
            std::string::npos);
  EXPECT_EQ(count(any, "<failure "), 2);  // CHAL-006 and TLS-004
  EXPECT_NE(any.find("<testsuites name=\"authspec https://127.0.0.1:"), std::string::npos);
  EXPECT_NE(any.find("failures=\"2\""), std::string::npos);

  const std::string waived =
      junit({"--fail-on", "should", "--waivers",
             tmp.write("w.txt", "CHAL-006 | * | 2099-12-31 | quoted in the next release\n")},
            "should.xml", 0);
  EXPECT_EQ(count(waived, "<failure "), 0);
  EXPECT_NE(waived.find("<skipped message=\"waived until 2099-12-31"), std::string::npos);
  EXPECT_NE(waived.find("failures=\"0\" errors=\"0\" time="), std::string::npos);
}

TEST(Reports, ReportDirWritesEveryFormat) {
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--report-dir", tmp.path("out")});
  EXPECT_EQ(r.code, 0);
  for (const char* f : {"authspec.json", "authspec-junit.xml", "summary.txt", "authspec.md",
                        "authspec.sarif", "authspec.har", "authspec.html"})
    EXPECT_FALSE(read_file(tmp.path("out/") + f).empty()) << f;
  // SARIF 2.1.0: a rule per check, results pointing at them and located at the target.
  const auto sarif = read_json(tmp.path("out/authspec.sarif"));
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "authspec");
  const auto& rules = run["tool"]["driver"]["rules"];
  EXPECT_GT(rules.size(), 150u);
  for (const auto& res : run["results"]) {
    const std::size_t index = res["ruleIndex"];
    ASSERT_LT(index, rules.size());
    EXPECT_EQ(rules[index]["id"], res["ruleId"]);
    EXPECT_FALSE(res["message"]["text"].get<std::string>().empty());
    // The enumerations of SARIF 2.1.0 §3.27.9 (kind) and §3.27.10 (level).
    static const std::set<std::string> kinds = {"pass",          "open",   "informational",
                                                "notApplicable", "review", "fail"};
    static const std::set<std::string> levels = {"none", "note", "warning", "error"};
    EXPECT_TRUE(kinds.count(res["kind"].get<std::string>())) << res["kind"];
    EXPECT_TRUE(levels.count(res["level"].get<std::string>())) << res["level"];
    // Last, the URL; first, for an operation of the mock's description, where it is described.
    EXPECT_EQ(res["locations"]
                  .back()["physicalLocation"]["artifactLocation"]["uri"]
                  .get<std::string>()
                  .rfind("https://127.0.0.1:", 0),
              0u);
    if (res["properties"].contains("operation")) {
      const std::string uri = res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
      EXPECT_TRUE(uri == "fixtures/mock.openapi.yaml" ||
                  uri == "fixtures/openapi/mock-objects.yaml")
          << uri;
      EXPECT_EQ(res["properties"]["operationPointer"].get<std::string>().rfind("#/", 0), 0u);
    }
  }
  // HAR 1.2: one entry per exchange sent, with request and response.
  const auto har = read_json(tmp.path("out/authspec.har"));
  const auto report = read_json(tmp.path("out/authspec.json"));
  EXPECT_EQ(har["log"]["version"], "1.2");
  EXPECT_EQ(har["log"]["entries"].size(), report["requests_sent"].get<std::size_t>());
  for (const auto& e : har["log"]["entries"]) {
    EXPECT_FALSE(e["request"]["method"].get<std::string>().empty());
    EXPECT_TRUE(e["response"].contains("status"));
    EXPECT_TRUE(e["timings"].contains("wait"));
  }
  // Markdown: the score line and a row per family, matching the JSON.
  const std::string md = read_file(tmp.path("out/authspec.md"));
  EXPECT_NE(md.find("score " + std::to_string(report["summary"]["score"].get<int>())),
            std::string::npos);
  for (const auto& [family, counts] : report["summary"]["families"].items())
    EXPECT_NE(md.find("| " + family + " | " + std::to_string(counts["passed"].get<int>())),
              std::string::npos)
        << family;
  EXPECT_NE(r.out.find("Score 100, grade A"), std::string::npos) << r.out;
}

// --baseline: only new failures gate; the report marks new, unchanged and fixed results.
TEST(Gating, BaselineGatesOnlyNewFailures) {
  TempDir tmp;
  const std::vector<std::string> only = {"--only", "CHAL-006", "--only", "TLS-004"};
  auto run = [&](const std::vector<std::string>& extra, const std::string& json) {
    std::vector<std::string> args = {"run", "--no-color", "--json", tmp.path(json)};
    args.insert(args.end(), only.begin(), only.end());
    args.insert(args.end(), extra.begin(), extra.end());
    return run_authspec(args).code;
  };
  ASSERT_EQ(run({"--mock-defect", "realm-unquoted"}, "before.json"), 1);
  const std::string baseline = tmp.path("before.json");
  // The same failure again: unchanged, the gate passes.
  EXPECT_EQ(run({"--mock-defect", "realm-unquoted", "--baseline", baseline}, "same.json"), 0);
  auto marks = [&](const std::string& json) {
    std::map<std::string, std::string> m;
    const auto report = read_json(tmp.path(json));  // (not a temporary: the loop keeps its parts)
    for (const auto& r : report["results"])
      if (r.contains("baseline")) m[r["check"].get<std::string>()] = r["baseline"];
    return m;
  };
  EXPECT_EQ(marks("same.json").at("CHAL-006"), "unchanged");
  // A new failure besides it: the gate fails on the new one only.
  EXPECT_EQ(run({"--mock-defect", "realm-unquoted", "--mock-defect", "hsts-missing", "--baseline",
                 baseline},
                "more.json"),
            1);
  EXPECT_EQ(marks("more.json").at("TLS-004"), "new");
  const auto reasons = read_json(tmp.path("more.json"))["summary"]["gate"]["reasons"];
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_NE(reasons[0].get<std::string>().find("TLS-004"), std::string::npos);
  // Fixed.
  EXPECT_EQ(run({"--baseline", baseline}, "fixed.json"), 0);
  EXPECT_EQ(marks("fixed.json").at("CHAL-006"), "fixed");
  // A baseline that is not a report is a usage error, before anything is sent.
  const auto bad = run_authspec({"run", "--baseline", tmp.write("x.json", "[1,2]")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
}

// --waivers: a waived failure is shown as waived (JUnit: skipped, with the reason) until it
// expires, then gates again; a waiver that matches nothing is reported as stale.
TEST(Gating, WaiversHoldUntilTheyExpireAndGoStale) {
  TempDir tmp;
  auto run = [&](const std::string& waivers, const std::string& name) {
    return run_authspec({"run", "--no-color", "--only", "CHAL-006", "--mock-defect",
                         "realm-unquoted", "--waivers", tmp.write(name + ".txt", waivers), "--json",
                         tmp.path(name + ".json"), "--junit", tmp.path(name + ".xml")})
        .code;
  };
  EXPECT_EQ(run("# accepted\nCHAL-006 | * | 2099-12-31 | the gateway quotes realms in 2027\n"
                "BASIC-006 | GET * | 2099-12-31 | fixed long ago\n",
                "held"),
            0);
  const auto held = read_json(tmp.path("held.json"));
  for (const auto& r : held["results"]) {
    if (r["check"] == "CHAL-006") {
      EXPECT_EQ(r["waiver"], "waived");
    }
  }
  ASSERT_EQ(held["summary"]["stale_waivers"].size(), 1u);
  EXPECT_NE(held["summary"]["stale_waivers"][0].get<std::string>().find("BASIC-006"),
            std::string::npos);
  const std::string xml = read_file(tmp.path("held.xml"));
  EXPECT_NE(xml.find("<skipped message=\"waived until 2099-12-31: the gateway quotes realms"),
            std::string::npos);
  EXPECT_TRUE(junit_valid(tmp.path("held.xml")));

  EXPECT_EQ(run("CHAL-006 | * | 2001-01-31 | was to be fixed in 2001\n", "expired"), 1);
  const auto expired = read_json(tmp.path("expired.json"));
  for (const auto& r : expired["results"]) {
    if (r["check"] == "CHAL-006") {
      EXPECT_EQ(r["waiver"], "waiver expired");
    }
  }

  // The example in examples/ is a valid waivers file.
  EXPECT_EQ(run_authspec({"run", "--only", "TLS-004", "--waivers",
                          AUTHSPEC_SOURCE_DIR "/examples/authspec-waivers.txt"})
                .code,
            0);
  const auto bad =
      run_authspec({"run", "--waivers", tmp.write("bad.txt", "CHAL-006 | * | soon\n")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
  EXPECT_NE(bad.err.find("bad.txt:1:"), std::string::npos) << bad.err;
}

// authspec diff: two runs side by side, what differs highlighted; exit 1 when verdicts differ.
TEST(DiffCommand, PutsTwoRunsSideBySide) {
  TempDir tmp;
  run_authspec({"run", "--only", "CHAL-006", "--json", tmp.path("a.json")});
  run_authspec({"run", "--only", "CHAL-006", "--mock-defect", "realm-unquoted", "--json",
                tmp.path("b.json")});
  const auto same = run_authspec({"diff", tmp.path("a.json"), tmp.path("a.json")});
  EXPECT_EQ(same.code, 0) << same.err;
  EXPECT_NE(same.out.find("0 of "), std::string::npos);
  const auto d =
      run_authspec({"diff", tmp.path("a.json"), tmp.path("b.json"), "--json", tmp.path("d.json"),
                    "--markdown", tmp.path("d.md"), "--html", tmp.path("d.html")});
  EXPECT_EQ(d.code, 1) << d.err;
  EXPECT_NE(d.out.find("CHAL-006 *: pass -> fail"), std::string::npos) << d.out;
  const auto j = read_json(tmp.path("d.json"));
  EXPECT_EQ(j["differ"], 1);
  EXPECT_NE(read_file(tmp.path("d.md")).find("| CHAL-006 | * | pass"), std::string::npos);
  EXPECT_NE(read_file(tmp.path("d.html")).find("class=\"differs\""), std::string::npos);
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"diff", tmp.path("a.json")},
           {"diff", tmp.path("a.json"), tmp.write("x.json", "not json")},
           {"diff", tmp.path("a.json"), tmp.path("b.json"), "--frobnicate"}}) {
    const auto r = run_authspec(bad);
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
}

// --baseline and diff read only the verdicts of a report: every result with the members they
// compare, none of the evidence (a whole API's report is 100 MB of JSON). A member they keep is
// still type-checked.
TEST(DiffCommand, ReadsTheVerdictsWithoutTheEvidence) {
  TempDir tmp;
  const std::string path = tmp.path("a.json");
  run_authspec({"run", "--mock-defect", "realm-unquoted", "--json", path});
  const JsonReport whole = read_json_report(path), verdicts = read_json_report_verdicts(path);
  EXPECT_FALSE(whole.exchanges.empty());
  EXPECT_TRUE(verdicts.exchanges.empty());
  ASSERT_GT(whole.results.size(), 100u);
  ASSERT_EQ(verdicts.results.size(), whole.results.size());
  std::size_t failed = 0;
  for (std::size_t i = 0; i < whole.results.size(); ++i) {
    const ReportedResult &a = whole.results[i], &b = verdicts.results[i];
    EXPECT_EQ(std::tie(a.check, a.family, a.level, a.title, a.resource, a.verdict, a.message,
                       a.security, a.baseline, a.waiver, a.waiver_reason),
              std::tie(b.check, b.family, b.level, b.title, b.resource, b.verdict, b.message,
                       b.security, b.baseline, b.waiver, b.waiver_reason))
        << a.check << " " << a.resource;
    EXPECT_TRUE(b.exchanges.empty());
    failed += a.verdict == "fail";
  }
  EXPECT_GT(failed, 0u);
  EXPECT_EQ(verdicts.summary(), whole.summary());
  EXPECT_EQ(verdicts.coverage(), whole.coverage());

  auto doc = read_json(path);
  doc["results"][0]["quote"] = 7;  // dropped unread
  const std::string dropped = tmp.write("dropped.json", doc.dump());
  EXPECT_NO_THROW(read_json_report_verdicts(dropped));
  doc["results"][0]["verdict"] = 7;  // kept, so checked
  const std::string kept = tmp.write("kept.json", doc.dump());
  EXPECT_THROW(read_json_report_verdicts(kept), JsonReportError);
}

// merge reads each shard's exchanges one at a time: the streamed reader hands them over in id
// order, as a whole read keeps them (without their "id"), and keeps each result's exchange ids; a
// damaged exchange is still refused.
TEST(MergeCommand, ReadsEachShardsExchangesOneAtATime) {
  TempDir tmp;
  const std::string path = tmp.path("a.json");
  run_authspec({"run", "--mock-defect", "realm-unquoted", "--json", path});
  const JsonReport whole = read_json_report(path);
  std::vector<nlohmann::json> handed;
  const JsonReport streamed =
      read_json_report_streamed(path, [&](const nlohmann::json& e) { handed.push_back(e); });
  ASSERT_FALSE(whole.exchanges.empty());
  EXPECT_EQ(handed, whole.exchanges);
  EXPECT_TRUE(streamed.exchanges.empty());
  ASSERT_EQ(streamed.results.size(), whole.results.size());
  for (std::size_t i = 0; i < whole.results.size(); ++i)
    EXPECT_EQ(streamed.results[i].exchanges, whole.results[i].exchanges) << i;

  auto doc = read_json(path);
  doc["exchanges"][3]["elapsed_ms"] = "slow";
  const std::string damaged = tmp.write("damaged.json", doc.dump());
  EXPECT_THROW(read_json_report_streamed(damaged, [](const nlohmann::json&) {}), JsonReportError);
}

// --shard I/N splits the catalogue deterministically; merge of the shards equals the unsharded
// run: the same results in the same order, score, grade and gate (run-wide messages that count
// exchanges may differ, since each shard sends its own).
TEST(Sharding, MergedShardsEqualTheUnshardedRun) {
  TempDir tmp;
  const std::vector<std::string> defects = {"--mock-defect", "realm-unquoted", "--mock-defect",
                                            "nul-truncation"};
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"run", "--no-color"});
    args.insert(args.end(), defects.begin(), defects.end());
    return run_authspec(args).code;
  };
  EXPECT_EQ(run({"--json", tmp.path("full.json")}), 1);
  std::vector<std::string> merge = {"merge",
                                    "--json",
                                    tmp.path("merged.json"),
                                    "--junit",
                                    tmp.path("merged.xml"),
                                    "--html",
                                    tmp.path("merged.html"),
                                    "--sarif",
                                    tmp.path("merged.sarif"),
                                    "--har",
                                    tmp.path("merged.har")};
  for (int i = 1; i <= 3; ++i) {
    const std::string name = "shard" + std::to_string(i) + ".json";
    const int code = run({"--shard", std::to_string(i) + "/3", "--json", tmp.path(name)});
    EXPECT_TRUE(code == 0 || code == 1) << code;
    merge.push_back(tmp.path(name));
  }
  const auto merged_run = run_authspec(merge);
  EXPECT_EQ(merged_run.code, 1) << merged_run.err;
  const auto full = read_json(tmp.path("full.json")), merged = read_json(tmp.path("merged.json"));
  ASSERT_EQ(merged["results"].size(), full["results"].size());
  for (std::size_t i = 0; i < full["results"].size(); ++i) {
    EXPECT_EQ(merged["results"][i]["check"], full["results"][i]["check"]) << i;
    EXPECT_EQ(merged["results"][i]["resource"], full["results"][i]["resource"]) << i;
    EXPECT_EQ(merged["results"][i]["verdict"], full["results"][i]["verdict"]) << i;
  }
  for (const char* k : {"score", "grade", "passed", "failed", "warned", "skipped", "errors"})
    EXPECT_EQ(merged["summary"][k], full["summary"][k]) << k;
  EXPECT_EQ(merged["summary"]["gate"]["passed"], full["summary"]["gate"]["passed"]);
  EXPECT_EQ(merged["depth"], full["depth"]);  // the embedded mock: full depth
  EXPECT_TRUE(junit_valid(tmp.path("merged.xml")));
  EXPECT_FALSE(read_file(tmp.path("merged.html")).empty());
  // The shards' exchanges, restored from their JSON, still make valid SARIF evidence and HAR.
  EXPECT_EQ(validate_sarif(tmp.path("merged.sarif")), 0);
  EXPECT_EQ(validate_har(tmp.path("merged.har")), 0);
  EXPECT_EQ(read_json(tmp.path("merged.har"))["log"]["entries"].size(),
            read_json(tmp.path("merged.json"))["requests_sent"].get<std::size_t>());
  // Shards written by earlier versions (report format 1: exchanges embedded in each result) merge
  // the same way; a result referring to an exchange the report lacks is a damaged report.
  {
    std::vector<std::string> legacy = {"merge", "--json", tmp.path("legacy.json")};
    for (int i = 1; i <= 3; ++i) {
      auto shard = read_json(tmp.path("shard" + std::to_string(i) + ".json"));
      for (auto& r : shard["results"]) {
        r["exchanges"] = result_exchanges(shard, r);
        for (auto& e : r["exchanges"]) e.erase("id");
        r.erase("exchange_ids");
      }
      shard.erase("exchanges");
      shard.erase("report_format");
      legacy.push_back(tmp.write("legacy" + std::to_string(i) + ".json", shard.dump()));
    }
    EXPECT_EQ(run_authspec(legacy).code, 1);
    const auto again = read_json(tmp.path("legacy.json"));
    EXPECT_EQ(again["exchanges"], merged["exchanges"]);
    EXPECT_EQ(again["results"], merged["results"]);
    auto damaged = read_json(tmp.path("shard1.json"));
    damaged["results"][0]["exchange_ids"].push_back(100000);
    const auto r = run_authspec({"merge", tmp.write("damaged1.json", damaged.dump()),
                                 tmp.path("shard2.json"), tmp.path("shard3.json")});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_NE(r.err.find("refers to exchange 100000"), std::string::npos) << r.err;
  }
  // Each shard ran only its part (and the positive control).
  std::set<std::string> first;
  const auto shard1 = read_json(tmp.path("shard1.json"));
  for (const auto& r : shard1["results"]) first.insert(r["check"].get<std::string>());
  EXPECT_LT(first.size(), 80u);
  EXPECT_TRUE(first.count("CHAL-000"));

  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"run", "--shard", "0/2"},
           {"run", "--shard", "3/2"},
           {"run", "--shard", "x"},
           {"merge"},
           {"merge", tmp.write("x.json", "{}")},
           {"merge", "--bogus", "f"},
           // Not the shards of one run:
           {"merge", tmp.path("shard1.json"), tmp.path("shard2.json")},
           {"merge", tmp.path("shard1.json"), tmp.path("shard1.json"), tmp.path("shard2.json"),
            tmp.path("shard3.json")},
           {"merge", tmp.path("shard1.json"), tmp.path("full.json")}}) {
    const auto r = run_authspec(bad);
    EXPECT_EQ(r.code, 2) << bad[1];
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
}

// At the representative depth the merged report keeps the groups of alike resources one run
// has, and shards run at different depths are not the shards of one run.
TEST(Sharding, MergeKeepsTheDepthAndRefusesMixedDepths) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const std::string profile = tmp.write("p.ini", mock_profile_text(endpoints_of(server, tmp)));
  auto run = [&](const std::string& json, const std::vector<std::string>& more) {
    std::vector<std::string> args = {"run", "--no-color", "--quiet", "--only", "CHAL", "--only",
                                     "BYP", "--profile",  profile,   "--json", json};
    args.insert(args.end(), more.begin(), more.end());
    return run_authspec(args).code;
  };
  ASSERT_EQ(run(tmp.path("whole.json"), {"--depth", "representative"}), 0);
  ASSERT_EQ(run(tmp.path("s1.json"), {"--depth", "representative", "--shard", "1/2"}), 0);
  ASSERT_EQ(run(tmp.path("s2.json"), {"--depth", "representative", "--shard", "2/2"}), 0);
  const auto merged = run_authspec(
      {"merge", "--json", tmp.path("m.json"), tmp.path("s1.json"), tmp.path("s2.json")});
  ASSERT_EQ(merged.code, 0) << merged.err;
  const auto whole = read_json(tmp.path("whole.json")), m = read_json(tmp.path("m.json"));
  ASSERT_EQ(whole["depth"]["mode"], "representative");
  EXPECT_FALSE(whole["depth"]["groups"].empty());
  EXPECT_EQ(m["depth"], whole["depth"]);
  ASSERT_EQ(run(tmp.path("f2.json"), {"--depth", "full", "--shard", "2/2"}), 0);
  const auto mixed = run_authspec({"merge", tmp.path("s1.json"), tmp.path("f2.json")});
  EXPECT_EQ(mixed.code, 2);
  EXPECT_TRUE(one_line(mixed.err)) << mixed.err;
  EXPECT_NE(mixed.err.find("ran with --depth"), std::string::npos) << mixed.err;
  // A damaged depth member is a damaged report: one line naming it.
  auto damaged = read_json(tmp.path("s1.json"));
  damaged["depth"]["groups"][0]["resources"] = 7;
  const auto bad =
      run_authspec({"merge", tmp.write("bad.json", damaged.dump()), tmp.path("s2.json")});
  EXPECT_EQ(bad.code, 2);
  EXPECT_TRUE(one_line(bad.err)) << bad.err;
  EXPECT_NE(bad.err.find("depth.groups[0]"), std::string::npos) << bad.err;
  // The shards' remarks (here one shard's, and one both have) are the merged run's, once each;
  // a remarks member that is not a list of strings is a damaged report.
  auto s1 = read_json(tmp.path("s1.json")), s2 = read_json(tmp.path("s2.json"));
  s1["summary"]["remarks"] = {"the [oauth] token was fetched again", "in both"};
  s2["summary"]["remarks"] = {"in both"};
  ASSERT_EQ(run_authspec({"merge", "--json", tmp.path("r.json"), tmp.write("r1.json", s1.dump()),
                          tmp.write("r2.json", s2.dump())})
                .code,
            0);
  EXPECT_EQ(read_json(tmp.path("r.json"))["summary"]["remarks"],
            nlohmann::json({"the [oauth] token was fetched again", "in both"}));
  s2["summary"]["remarks"] = 3;
  const auto bad_remarks =
      run_authspec({"merge", tmp.path("r1.json"), tmp.write("r3.json", s2.dump())});
  EXPECT_EQ(bad_remarks.code, 2);
  EXPECT_NE(bad_remarks.err.find("remarks"), std::string::npos) << bad_remarks.err;
}

// Shards run with --baseline and --waivers merge into the gate one such run would have had: the
// marks carry over, and a waiver is stale only if no shard found the failure it names.
TEST(Sharding, MergeKeepsBaselineAndWaiverMarks) {
  TempDir tmp;
  const GatingFixture fixture = gating_fixture(tmp, {"CHAL", "TLS", "SESS"});
  const std::string &baseline = fixture.baseline, &waivers = fixture.waivers;
  auto run = [&](const std::vector<std::string>& extra, const std::string& json) {
    std::vector<std::string> args = {
        "run",           "--no-color",   "--only",      "CHAL",          "--only",
        "TLS",           "--only",       "SESS",        "--mock-defect", "realm-unquoted",
        "--mock-defect", "hsts-missing", "--baseline",  baseline,        "--waivers",
        waivers,         "--json",       tmp.path(json)};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_authspec(args).code;
  };
  // CHAL-006 is unchanged since the baseline and TLS-004 is waived: the gate passes.
  ASSERT_EQ(run({}, "full.json"), 0);
  std::vector<std::string> merge = {"merge", "--json", tmp.path("merged.json"), "--junit",
                                    tmp.path("merged.xml")};
  for (int i = 1; i <= 2; ++i) {
    const std::string name = "shard" + std::to_string(i) + ".json";
    EXPECT_EQ(run({"--shard", std::to_string(i) + "/2"}, name), 0);
    merge.push_back(tmp.path(name));
  }
  const auto merged_run = run_authspec(merge);
  EXPECT_EQ(merged_run.code, 0) << merged_run.out;
  const auto full = read_json(tmp.path("full.json")), merged = read_json(tmp.path("merged.json"));
  ASSERT_EQ(merged["results"].size(), full["results"].size());
  for (std::size_t i = 0; i < full["results"].size(); ++i)
    for (const char* mark : {"baseline", "waiver", "waiver_reason"})
      EXPECT_EQ(merged["results"][i].value(mark, ""), full["results"][i].value(mark, ""))
          << full["results"][i]["check"] << " " << mark;
  for (const char* k : {"marks", "stale_waivers", "baseline_failures_not_run", "gate"})
    EXPECT_EQ(merged["summary"][k], full["summary"][k]) << k;
  ASSERT_EQ(full["summary"]["stale_waivers"].size(), 1u);
  EXPECT_NE(full["summary"]["stale_waivers"][0].get<std::string>().find("SESS-001"),
            std::string::npos);
  EXPECT_EQ(merged["summary"]["marks"]["waived"], 1);
  EXPECT_NE(read_file(tmp.path("merged.xml"))
                .find("<skipped message=\"waived until 2099-12-31: HSTS comes with the CDN"),
            std::string::npos);
  // A shard run without the waivers is not part of this run: merging it is a usage error.
  ASSERT_EQ(
      run_authspec({"run", "--only", "CHAL", "--only", "TLS", "--only", "SESS", "--mock-defect",
                    "realm-unquoted", "--mock-defect", "hsts-missing", "--baseline", baseline,
                    "--shard", "2/2", "--json", tmp.path("other.json")})
          .code,
      1);
  const auto mixed = run_authspec({"merge", tmp.path("shard1.json"), tmp.path("other.json")});
  EXPECT_EQ(mixed.code, 2);
  EXPECT_TRUE(one_line(mixed.err)) << mixed.err;
  EXPECT_NE(mixed.err.find("ran with --waivers"), std::string::npos) << mixed.err;
}

TEST(ChallengeCommand, ParsesAndExitsByValidity) {
  auto ok = run_authspec(
      {"challenge", "parse", "Basic realm=\"a\", charset=\"UTF-8\"", "Bearer realm=\"b\""});
  EXPECT_EQ(ok.code, 0);
  const auto j = nlohmann::json::parse(ok.out);
  EXPECT_TRUE(j["valid"].get<bool>());
  EXPECT_EQ(j["challenges"].size(), 2u);
  EXPECT_EQ(j["challenges"][0]["params"]["charset"], "UTF-8");
  EXPECT_TRUE(j["challenges"][1]["token68"].is_null());
  auto bad = run_authspec({"challenge", "parse", "Basic realm=Protected"});
  EXPECT_EQ(bad.code, 1);
  EXPECT_FALSE(nlohmann::json::parse(bad.out)["errors"].empty());
  EXPECT_EQ(run_authspec({"challenge", "parse"}).code, 2);
  EXPECT_EQ(run_authspec({"challenge"}).code, 2);
}

TEST(ListCommand, ListsTheCatalogue) {
  const auto r = run_authspec({"list", "--json"});
  EXPECT_EQ(r.code, 0);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_GE(j["checks"].size(), 25u);
  EXPECT_EQ(j["checks"][0]["id"], "CHAL-000");
  for (const auto& c : j["checks"]) {
    EXPECT_FALSE(c["quote_source"].get<std::string>().empty()) << c["id"];
    if (c["level"] == "MUST" || c["level"] == "SHOULD") {
      EXPECT_FALSE(c["quote"].get<std::string>().empty()) << c["id"];
    }
  }
  EXPECT_NE(run_authspec({"list"}).out.find("CHAL-014"), std::string::npos);
}

// "Which checks enforce this section": list --spec, the section and its subsections.
TEST(ListCommand, SpecAnswersWhichChecksCiteASection) {
  const auto r = run_authspec({"list", "--json", "--spec", "RFC 9110 §15.5.6"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  std::set<std::string> ids;
  for (const auto& c : j["checks"]) {
    ids.insert(c["id"].get<std::string>());
    bool cites = false;
    for (const auto& ref : c["refs"])
      cites = cites || (ref["document"] == "RFC 9110" && ref["section"] == "15.5.6");
    EXPECT_TRUE(cites) << c["id"];
  }
  EXPECT_TRUE(ids.count("STAT-006"));
  // A section covers its subsections: §11 lists more than §11.6.1 alone.
  const auto wide = run_authspec({"list", "--spec", "RFC 9110 §11"});
  const auto narrow = run_authspec({"list", "--spec", "RFC 9110 §11.6.1"});
  EXPECT_NE(narrow.out.find("checks cite RFC 9110 §11.6.1"), std::string::npos) << narrow.out;
  EXPECT_GT(std::count(wide.out.begin(), wide.out.end(), '\n'),
            std::count(narrow.out.begin(), narrow.out.end(), '\n'));
  for (const auto& bad :
       std::vector<std::vector<std::string>>{{"list", "--spec"},
                                             {"list", "--spec", ""},
                                             {"list", "--spec", "RFC 9110 §1; RFC 9111"}}) {
    const auto b = run_authspec(bad);
    EXPECT_EQ(b.code, 2) << bad.back();
    EXPECT_TRUE(one_line(b.err)) << b.err;
  }
}

TEST(StandaloneMock, ServesDefectsAndStopsOnSigterm) {
  TempDir tmp;
  Process mock({AUTHSPEC_MOCK_BIN, "--port", "0", "--defect", "realm-unquoted", "--cert-out",
                tmp.path("ca.pem")});
  const MockEndpoints m = read_banner(mock, tmp.path("ca.pem"));
  ASSERT_FALSE(m.url.empty());
  const auto r =
      run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", mock_profile_text(m)),
                    "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 1);
  EXPECT_EQ(verdicts(read_json(tmp.path("r.json"))).at("CHAL-006 *"), "fail");
  EXPECT_EQ(mock.stop(SIGTERM, 5000), 0);
}

// The https path with the mock's in-memory certificate: verified with --cacert, not verified
// with --insecure, and a clear error (exit 3) when verification fails.
TEST(Https, VerifiesWithCacertSkipsWithInsecureAndFailsClearlyOtherwise) {
  TempDir tmp;
  Process mock({AUTHSPEC_MOCK_BIN, "--port", "0", "--cert-out", tmp.path("ca.pem")});
  const MockEndpoints m = read_banner(mock, tmp.path("ca.pem"));
  ASSERT_FALSE(m.url.empty());
  const std::string verified = tmp.write("verified.ini", mock_profile_text(m));
  MockEndpoints unverified = m;
  unverified.cacert_file = "";
  const std::string bare = tmp.write("bare.ini", mock_profile_text(unverified));

  auto r = run_authspec({"run", "--no-color", "--profile", verified, "--only", "CHAL-002", "--only",
                         "TLS", "--json", tmp.path("a.json")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  for (const auto& [key, verdict] : verdicts(read_json(tmp.path("a.json"))))
    EXPECT_EQ(verdict, "pass") << key;

  r = run_authspec(
      {"run", "--no-color", "--profile", bare, "--only", "CHAL-002", "--cacert", m.cacert_file});
  EXPECT_EQ(r.code, 0) << r.err;
  r = run_authspec({"run", "--no-color", "--profile", bare, "--only", "CHAL-002", "--insecure"});
  EXPECT_EQ(r.code, 0) << r.err;

  r = run_authspec({"run", "--no-color", "--profile", bare, "--only", "CHAL-002"});
  EXPECT_EQ(r.code, 3);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_NE(r.err.find("target unreachable: TLS failure"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--cacert"), std::string::npos) << r.err;

  r = run_authspec({"run", "--profile", bare, "--cacert", tmp.write("junk.pem", "not a cert")});
  EXPECT_EQ(r.code, 2);
  EXPECT_TRUE(one_line(r.err)) << r.err;
  EXPECT_EQ(mock.stop(SIGTERM, 5000), 0);
}

// --tls-cert/--tls-key: the mock serves a certificate from files (here: one it generated and
// wrote itself); files that do not fit together are a clear error.
TEST(StandaloneMock, ServesCertificateFilesAndRejectsBadOnes) {
  TempDir tmp;
  {
    Process gen({AUTHSPEC_MOCK_BIN, "--port", "0", "--cert-out", tmp.path("c.pem")});
    ASSERT_FALSE(read_banner(gen, tmp.path("c.pem")).url.empty());
    gen.stop(SIGTERM, 5000);
  }
  Process bad(
      {AUTHSPEC_MOCK_BIN, "--tls-cert", tmp.path("c.pem"), "--tls-key",
       tmp.write("k.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")});
  EXPECT_EQ(bad.stop(0, 5000), 3);
  Process half({AUTHSPEC_MOCK_BIN, "--tls-cert", tmp.path("c.pem")});
  EXPECT_EQ(half.stop(0, 5000), 2);
  Process plain({AUTHSPEC_MOCK_BIN, "--plain", "--port", "0"});
  EXPECT_EQ(plain.read_line(5000).rfind("listening on http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(plain.stop(SIGTERM, 5000), 0);
}

TEST(StandaloneMock, ListsDefectsAndRejectsUnknownOnes) {
  Process list({AUTHSPEC_MOCK_BIN, "--list-defects"});
  EXPECT_NE(list.read_line(5000).find('\t'), std::string::npos);
  Process bad({AUTHSPEC_MOCK_BIN, "--defect", "nope"});
  EXPECT_EQ(bad.stop(0, 5000), 2);
}

}  // namespace
}  // namespace authspec::test
