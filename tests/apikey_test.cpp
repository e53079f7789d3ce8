// API keys against the mock, in each place an API reads them: the header (fixtures/mock.ini),
// the query string and a cookie; and the key never shows in a report.
#include <gtest/gtest.h>

#include <regex>

#include "mock_server/mock_server.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

const char* kKey = "mock-key-alice-3f9a1c27d0";

// fixtures/mock.ini for a running mock with its [apikey] moved to `place`.
std::string profile_with_key_in(const MockEndpoints& mock, const std::string& place,
                                const std::string& resource) {
  std::string text = mock_profile_text(mock);
  text = std::regex_replace(text, std::regex("\\nin = header\\n"), "\nin = " + place + "\n");
  text = std::regex_replace(text, std::regex("\\nname = X-API-Key\\n"), "\nname = api_key\n");
  text = std::regex_replace(text, std::regex("\\nresource = GET /api/keyed/header\\n"),
                            "\nresource = GET " + resource + "\n");
  text = std::regex_replace(text, std::regex("\nmay = GET /api/keyed/header\n"),
                            "\nmay = GET " + resource + "\n");
  return text;
}

class KeyPlace : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(KeyPlace, CompliantMockPassesEveryApiKeyCheck) {
  const auto& [place, resource] = GetParam();
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--no-color", "--only", "APIKEY", "--profile",
       tmp.write("p.ini", profile_with_key_in(endpoints_of(server, tmp), place, resource)),
       "--json", tmp.path("r.json"), "--har", tmp.path("r.har"), "--verbose"});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const auto report = read_json(tmp.path("r.json"));
  int passed = 0;
  for (const auto& res : report["results"]) {
    const std::string check = res["check"];
    if (check == "APIKEY-005") {  // header keys only
      EXPECT_EQ(res["verdict"], "skip") << res["message"];
      continue;
    }
    EXPECT_EQ(res["verdict"], "pass") << check << ": " << res["message"];
    passed += res["verdict"] == "pass";
  }
  EXPECT_GE(passed, 6);
  // The key (and the key cut short by one character) is masked in every output.
  const std::string cut = std::string(kKey).substr(0, std::string(kKey).size() - 1);
  for (const auto& text :
       {r.out, r.err, read_file(tmp.path("r.json")), read_file(tmp.path("r.har"))})
    EXPECT_EQ(text.find(cut), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Places, KeyPlace,
                         ::testing::Values(std::pair{"query", "/api/keyed/query"},
                                           std::pair{"cookie", "/api/keyed/cookie"}));

TEST(ApiKeyProfile, BadValuesNameTheKey) {
  TempDir tmp;
  for (const auto& [change, expected] :
       std::vector<std::pair<std::pair<std::string, std::string>, std::string>>{
           {{"\nin = header", "\nin = body"}, "key apikey.in: must be header, query or cookie"},
           {{"\nname = X-API-Key", "\nname = Authorization"}, "key apikey.name: Authorization"},
           {{"\nname = X-API-Key", "\nname = X API"}, "is not a field or parameter name"},
           {{"\nkey = mock-key-alice-3f9a1c27d0", "\nkey = has space"}, "printable ASCII"}}) {
    std::string text = mock_profile_text("https://127.0.0.1:9");
    const auto at = text.find(change.first);
    ASSERT_NE(at, std::string::npos) << change.first;
    text.replace(at, change.first.size(), change.second);
    const auto r = run_authspec({"run", "--dry-run", "--profile", tmp.write("p.ini", text)});
    EXPECT_EQ(r.code, 2) << change.second;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  }
}

}  // namespace
}  // namespace authspec::test
