// OAuth 2.0: the run fetches its Bearer token from the mock's token endpoint (each grant, each
// client authentication), the whole catalogue runs on it, and no issued token is ever shown.
#include <gtest/gtest.h>

#include <regex>

#include "cli/run_target.h"
#include "mock_server/mock_server.h"
#include "suite/oauth_fetch.h"
#include "suite/plan.h"
#include "suite/runner.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

// fixtures/mock.ini for a running mock without its static [bearer] token, its [oauth] grant and
// client authentication replaced by `edits` (key = value lines; the defaults when empty).
std::string oauth_profile(const MockEndpoints& mock, std::string edits) {
  std::string text = mock_profile_text(mock);
  for (const char* line : {"\ntoken = mock-token-alice-5b7e2f90\n",
                           "\ngrant = client_credentials\n", "\nclient_auth = basic\n"})
    text = std::regex_replace(text, std::regex(line), "\n");
  EXPECT_EQ(text.find("mock-token-alice"), std::string::npos);
  if (edits.find("grant = ") == std::string::npos) edits += "grant = client_credentials\n";
  if (edits.find("client_auth = ") == std::string::npos) edits += "client_auth = basic\n";
  const std::string section = "\n[oauth]\n";
  text.replace(text.find(section), section.size(), section + edits);
  return text;
}

// No issued token in a report: every token response's access_token, and every request that
// carried the fetched token, shows it masked.
void expect_no_issued_token(const nlohmann::json& report) {
  int carried = 0, issued = 0;
  for (const auto& ex : report["exchanges"]) {
    const std::string credential = ex["request"]["credential"];
    const std::string head = ex["request"]["head"];
    const std::string body = ex["response"].value("body", "");
    if (credential.rfind("bearer:valid", 0) == 0 &&
        head.find("Bearer [masked]") != std::string::npos)
      ++carried;
    if (credential.rfind("bearer:valid", 0) == 0) {
      EXPECT_EQ(head.find("eyJ"), std::string::npos) << head;
    }
    if (body.find("\"access_token\"") != std::string::npos) {
      EXPECT_NE(body.find("\"access_token\":\"[masked]\""), std::string::npos) << body;
      ++issued;
    }
  }
  EXPECT_GT(carried, 0);
  EXPECT_GT(issued, 0);
}

TEST(OAuthProfile, TheFetchedTokenRunsTheWholeCatalogue) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("p.ini", oauth_profile(endpoints_of(server, tmp), "")),
                               "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out.substr(r.out.size() > 4000 ? r.out.size() - 4000 : 0) << r.err;
  const auto report = read_json(tmp.path("r.json"));
  EXPECT_EQ(report["summary"]["score"], 100);
  for (const auto& res : report["results"]) {
    const std::string check = res["check"];
    if (check.rfind("BEARER-", 0) == 0 || check.rfind("OAUTH-", 0) == 0) {
      EXPECT_EQ(res["verdict"], "pass") << check << ": " << res["message"];
    }
  }
  expect_no_issued_token(report);
}

class Grant : public ::testing::TestWithParam<std::string> {};

TEST_P(Grant, EachGrantAndClientAuthenticationFetchesAWorkingToken) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--no-color", "--only", "BEARER", "--only", "OAUTH", "--profile",
                    tmp.write("p.ini", oauth_profile(endpoints_of(server, tmp), GetParam())),
                    "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  expect_no_issued_token(read_json(tmp.path("r.json")));
}

INSTANTIATE_TEST_SUITE_P(
    Grants, Grant,
    ::testing::Values("client_auth = body\n",
                      "grant = password\nuser = alice\npassword = wonderland-2026\n",
                      "grant = refresh_token\nrefresh_token = mock-refresh-alice-40c2b7e1\n"));

// A token endpoint that refuses the profile's client is the profile's problem (exit 2, one line
// naming the endpoint); one that is not there at all is unreachable (exit 3).
TEST(OAuthProfile, NoTokenIsOneLine) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const auto mock = endpoints_of(server, tmp);
  std::string wrong = oauth_profile(mock, "");
  wrong = std::regex_replace(wrong, std::regex("client_secret = client-secret-9d2e51a7"),
                             "client_secret = not-the-secret");
  const auto refused = run_authspec({"run", "--profile", tmp.write("w.ini", wrong)});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("no token from [oauth] token_url /oauth/token: the token endpoint "
                             "answered 401 invalid_client"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(std::count(refused.err.begin(), refused.err.end(), '\n'), 1) << refused.err;
  EXPECT_EQ(refused.err.find("not-the-secret"), std::string::npos);
}

// The profile above with the mock's short-lived client (tokens live 1 s) as the [oauth] client.
std::string brief_profile(const MockEndpoints& mock) {
  std::string text = oauth_profile(mock, "");
  const std::string client = "client_id = authspec-client\nclient_secret = client-secret-9d2e51a7";
  const auto at = text.find(client, text.find("\n[oauth]\n"));
  text.replace(at, client.size(),
               "client_id = authspec-brief-client\nclient_secret = brief-secret-5c8e21d4");
  return text;
}

// A check that asks the valid Bearer question at once and again 2.5 s later, when the token the
// run started with has expired.
Check late_question() {
  Check c{.id = "TEST-001", .title = "asks late", .scope = Scope::kRun};
  c.plan = [](const Context& ctx) {
    const Resource* bearer = nullptr;
    for (const auto& r : ctx.profile.protected_resources)
      if (!bearer && r.accepts("bearer") && r.method == "GET") bearer = &r;
    const Context at{ctx.profile, bearer, nullptr};
    Plan p;
    Request now = *at.valid("bearer");
    Request late = now;
    late.repeat = 1;
    late.not_before = std::chrono::system_clock::now() + std::chrono::milliseconds(1500);
    p.requests.push_back(std::move(now).as("now"));
    p.requests.push_back(std::move(late).as("late"));
    return p;
  };
  c.judge = [](const Context&, const Evidence&) { return Verdict{}; };
  return c;
}

// Runs late_question() on the brief client's token, the run's token renewed by `lifetime`
// (zero: only after the target refuses it).
RunResult run_late(const std::string& profile_path, std::chrono::seconds lifetime) {
  Profile p = load_profile(profile_path, {});
  const ProberOptions options = prober_options_for(p);
  const auto fetched_at = TokenRefresher::Clock::now();
  const TokenAnswer t = fetch_token(p, options, std::chrono::seconds(5));
  EXPECT_EQ(t.expires_in, 1);
  p.bearer = p.oauth->fetched = t.access_token;
  RunOptions run;
  run.prober = options;
  run.deadline = std::chrono::seconds(30);
  run.token = std::make_shared<TokenRefresher>(
      t.access_token, lifetime, fetched_at, [client = *p.oauth, options](const std::string&) {
        return send_token_request(client, options, std::chrono::seconds(5));
      });
  static const Check check = late_question();
  return execute(p, build_plan(p, {&check}), run);
}

const Exchange* step_named(const RunResult& run, const std::string& step) {
  for (const auto& ex : run.exchanges)
    if (ex.request.step == step) return &ex;
  return nullptr;
}

TEST(TokenRenewal, ATokenAboutToExpireIsRenewedBeforeTheRequestGoes) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const RunResult run = run_late(tmp.write("p.ini", brief_profile(endpoints_of(server, tmp))),
                                 std::chrono::seconds(1));
  const Exchange* now = step_named(run, "now");
  const Exchange* late = step_named(run, "late");
  ASSERT_TRUE(now && late);
  EXPECT_EQ(now->response.status, 200);
  EXPECT_EQ(late->response.status, 200) << late->response.body;
  EXPECT_EQ(late->preceded, "");
  // The exchange keeps the planned request; the head shows the token that really went.
  EXPECT_EQ(late->request.headers, now->request.headers);
  EXPECT_EQ(now->sent_head.find(late->sent_head.substr(late->sent_head.find("Bearer"), 40)),
            std::string::npos);
  ASSERT_TRUE(step_named(run, "token refresh (before expiry)"));
  EXPECT_EQ(run.sent, 3u);
  // A remark, not a note of what the run held back (reports list those as not covered).
  EXPECT_TRUE(run.notes.empty());
  ASSERT_EQ(run.remarks.size(), 1u);
  EXPECT_NE(run.remarks[0].find("fetched again 1 times during the run (1 before it expired"),
            std::string::npos)
      << run.remarks[0];
}

TEST(TokenRenewal, ARefusedTokenThatHadWorkedIsRenewedAndTheRequestAskedAgain) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const RunResult run = run_late(tmp.write("p.ini", brief_profile(endpoints_of(server, tmp))),
                                 std::chrono::seconds(0));
  const Exchange* late = step_named(run, "late");
  ASSERT_TRUE(late);
  EXPECT_EQ(late->response.status, 200) << late->response.body;
  EXPECT_NE(late->preceded.find("renewed [oauth] token"), std::string::npos) << late->preceded;
  ASSERT_TRUE(step_named(run, "token refresh (after invalid_token)"));
  ASSERT_EQ(run.remarks.size(), 1u);
  EXPECT_NE(run.remarks[0].find("1 after the target refused it"), std::string::npos)
      << run.remarks[0];
}

// A whole run on a token that expires while it runs: every check still gets a working token, and
// none of the renewed tokens shows.
TEST(TokenRenewal, TheWholeCatalogueRunsOnATokenThatExpiresMidRun) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("p.ini", brief_profile(endpoints_of(server, tmp))),
                               "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out.substr(r.out.size() > 4000 ? r.out.size() - 4000 : 0) << r.err;
  const auto report = read_json(tmp.path("r.json"));
  EXPECT_EQ(report["summary"]["score"], 100);
  expect_no_issued_token(report);
  EXPECT_EQ(report.dump().find("mock-brief-"), std::string::npos);
}

}  // namespace
}  // namespace authspec::test
