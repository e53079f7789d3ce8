// OAuth 2.0: the run fetches its Bearer token from the mock's token endpoint (each grant, each
// client authentication), the whole catalogue runs on it, and no issued token is ever shown.
#include <gtest/gtest.h>

#include <regex>

#include "mock_server/mock_server.h"
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

}  // namespace
}  // namespace authspec::test
