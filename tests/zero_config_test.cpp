// A first run without a profile (authspec run --target URL) and the profile authspec init writes.
#include <gtest/gtest.h>

#include <regex>

#include "mock_server/mock_server.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

mock::MockOptions plain_mock(std::vector<std::string> defects = {}) {
  mock::MockOptions o;
  o.tls = false;
  o.defects = mock::Defects(defects);
  return o;
}

std::map<std::string, std::string> verdicts_of(const nlohmann::json& report) {
  std::map<std::string, std::string> v;
  for (const auto& r : report["results"])
    v[r["check"].get<std::string>() + " " + r["resource"].get<std::string>()] = r["verdict"];
  return v;
}

bool mentions(const nlohmann::json& list, const std::string& text) {
  for (const auto& x : list)
    if (x.get<std::string>().find(text) != std::string::npos) return true;
  return false;
}

TEST(ZeroConfig, RunsTheChecksThatNeedNoCredentials) {
  mock::MockServer server(plain_mock());
  server.start();
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--no-color", "--target", server.url() + "/api/data", "--target",
                    server.url() + "/api/bearer/reports", "--json", tmp.path("r.json")});
  // Plain http: the cleartext advice (TLS-002, BP) fails the default gate, nothing else.
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  const auto report = read_json(tmp.path("r.json"));
  const auto v = verdicts_of(report);
  EXPECT_EQ(v.at("CHAL-002 GET /api/data"), "pass");
  EXPECT_EQ(v.at("CHAL-002 GET /api/bearer/reports"), "pass");
  EXPECT_EQ(v.at("CHAL-003 GET /api/data"), "pass");  // an unknown user and token: 401
  EXPECT_EQ(v.at("CHAL-000 GET /api/data"), "skip");  // no credentials to control with
  for (const auto& [key, verdict] : v) {
    EXPECT_NE(verdict, "fail") << key;
    EXPECT_NE(verdict, "error") << key;
    if (verdict == "warn") {
      EXPECT_EQ(key.rfind("TLS-002 ", 0), 0u) << key;
    }
  }
  const auto& not_covered = report["coverage"]["not_covered"];
  EXPECT_TRUE(mentions(not_covered, "authspec init --target " + server.url() + "/api/data"))
      << not_covered;
  EXPECT_NE(r.out.find("not covered: no profile: only the checks that need no credentials ran"),
            std::string::npos)
      << r.out;
}

// The checks it runs can fail: a mock whose 401s carry no challenge fails them.
TEST(ZeroConfig, CatchesADefectWithoutAProfile) {
  mock::MockServer server(plain_mock({"no-challenge"}));
  server.start();
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--no-color", "--target", server.url() + "/api/data", "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 1) << r.err;
  const auto v = verdicts_of(read_json(tmp.path("r.json")));
  EXPECT_EQ(v.at("CHAL-001 *"), "fail");
}

// CORS without a profile: a target that allows no made-up origin is not judged on CORS (its
// allowed origins are unknown) and the report says so; one that allows any origin is.
TEST(ZeroConfig, CorsIsCheckedOnlyWhereTheTargetAllowsAnyOrigin) {
  TempDir tmp;
  auto run = [&](std::vector<std::string> defects) {
    mock::MockServer server(plain_mock(std::move(defects)));
    server.start();
    run_authspec({"run", "--no-color", "--only", "CORS", "--target", server.url() + "/api/data",
                  "--json", tmp.path("r.json")});
    return read_json(tmp.path("r.json"));
  };
  const auto compliant = run({});
  for (const auto& [key, verdict] : verdicts_of(compliant)) EXPECT_EQ(verdict, "skip") << key;
  EXPECT_TRUE(mentions(compliant["coverage"]["not_covered"], "CORS not checked"))
      << compliant["coverage"]["not_covered"];
  const auto reflecting = run({"cors-reflect-any-origin"});
  const auto v = verdicts_of(reflecting);
  EXPECT_EQ(v.at("CORS-001 GET /api/data"), "pass");  // the preflight needs no credentials
  EXPECT_EQ(v.at("CORS-007 GET /api/data"), "warn");  // any origin is reflected
  EXPECT_TRUE(mentions(reflecting["coverage"]["not_covered"], "https://authspec-probe.example"))
      << reflecting["coverage"]["not_covered"];
}

// A URL that is neither protected nor public is named and left untested: no check fails on a 404
// for a path that does not exist, and the run still reports (never a usage error).
TEST(ZeroConfig, AUrlThatIsNotThereIsNamedNotFailed) {
  mock::MockServer server(plain_mock());
  server.start();
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--no-color", "--target", server.url() + "/some/path", "--json", tmp.path("r.json")});
  EXPECT_TRUE(r.code == 0 || r.code == 1) << r.code << r.err;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& [key, verdict] : verdicts_of(report)) {
    EXPECT_NE(verdict, "fail") << key;
    EXPECT_NE(verdict, "error") << key;
  }
  EXPECT_TRUE(mentions(report["coverage"]["not_covered"],
                       "GET /some/path not tested: it answered 404 without credentials"));
}

TEST(ZeroConfig, BadTargetsGetOneLine) {
  const auto two_origins =
      run_authspec({"run", "--target", "http://127.0.0.1:9/a", "--target", "http://127.0.0.2:9/b"});
  EXPECT_EQ(two_origins.code, 2);
  EXPECT_NE(two_origins.err.find("shares one origin"), std::string::npos) << two_origins.err;
  const auto down = run_authspec({"run", "--target", "http://127.0.0.1:1/x", "--timeout", "2"});
  EXPECT_EQ(down.code, 3);
  EXPECT_NE(down.err.find("target unreachable"), std::string::npos) << down.err;
  const auto twice =
      run_authspec({"run", "--profile", AUTHSPEC_SOURCE_DIR "/fixtures/mock.ini", "--target",
                    "http://127.0.0.1:9", "--target", "http://127.0.0.1:9/b"});
  EXPECT_EQ(twice.code, 2);
  for (const auto* r : {&two_origins, &down, &twice})
    EXPECT_EQ(std::count(r->err.begin(), r->err.end(), '\n'), 1) << r->err;
  const auto init_down = run_authspec({"init", "--target", "http://127.0.0.1:1", "--timeout", "2"});
  EXPECT_EQ(init_down.code, 3);
}

// init writes what the target advertised and marks the rest; run refuses the marks and names
// them; filled in, the profile runs.
TEST(Init, WritesAProfileThatFilledInRuns) {
  mock::MockServer server(plain_mock());
  server.start();
  TempDir tmp;
  const auto init =
      run_authspec({"init", "--target", server.url(), "--resource", "/api/data", "--resource",
                    "/api/bearer/reports", "--resource", "/no/such/path"});
  ASSERT_EQ(init.code, 0) << init.err;
  const std::string& text = init.out;
  EXPECT_NE(text.find("resource = GET /api/data basic,bearer"), std::string::npos) << text;
  EXPECT_NE(text.find("resource = GET /api/bearer/reports bearer"), std::string::npos) << text;
  EXPECT_NE(text.find("# GET /no/such/path answered 404"), std::string::npos) << text;
  EXPECT_NE(text.find("# canary = "), std::string::npos) << text;  // optional: learned

  const auto refused = run_authspec({"run", "--profile", tmp.write("marked.ini", text)});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("still FILL-IN"), std::string::npos) << refused.err;

  std::string filled = text;
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"user", "alice"},
                                                        {"password", "wonderland-2026"},
                                                        {"token", "mock-token-alice-5b7e2f90"}})
    filled = std::regex_replace(filled, std::regex("\\n" + key + " = FILL-IN"),
                                "\n" + key + " = " + value);
  ASSERT_EQ(filled.find("= FILL-IN"), std::string::npos) << filled;
  const auto run = run_authspec(
      {"run", "--profile", tmp.write("filled.ini", filled), "--json", tmp.path("r.json")});
  EXPECT_EQ(run.code, 1) << run.err;  // plain http: TLS-002 advice only
  for (const auto& [key, verdict] : verdicts_of(read_json(tmp.path("r.json")))) {
    if (key.rfind("TLS-002 ", 0) == 0) continue;
    EXPECT_TRUE(verdict == "pass" || verdict == "skip") << key << " " << verdict;
  }
  EXPECT_EQ(verdicts_of(read_json(tmp.path("r.json"))).at("CHAL-000 GET /api/data"), "pass");
  // Without a canary the run learned the mock's, and says so.
  bool learned = false;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& n : report["coverage"]["not_covered"])
    learned |= n.get<std::string>() ==
               "learned marker \"AUTHSPEC-CANARY-7d41c9\" for GET /api/data (in both authorised "
               "answers, not in the anonymous one)";
  EXPECT_TRUE(learned) << report["coverage"].dump();
}

}  // namespace
}  // namespace authspec::test
