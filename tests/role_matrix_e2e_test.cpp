// The role matrix against the mock: three roles (admin, editor, reader), a custom Authorization
// scheme, an API key and an OAuth client whose token is fetched at run time; the grid in the
// reports; a refused role that gets in; an OAuth client the endpoint refuses.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "mock_server/mock_server.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(RoleMatrix, CompliantMockPassesEveryCellAndTheReportsDrawTheGrid) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const auto r = run_authspec(
      {"run", "--no-color", "--only", "AUTHZ-00[78]", "--only", "CHAL-00[01]", "--profile",
       tmp.write("p.ini", mock_profile_text(endpoints_of(server, tmp))), "--json",
       tmp.path("r.json"), "--html", tmp.path("r.html"), "--markdown", tmp.path("r.md")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& res : report["results"])
    EXPECT_EQ(res["verdict"], "pass")
        << res["check"] << " " << res["resource"] << " " << res["message"];
  const auto& matrix = report["role_matrix"];
  ASSERT_TRUE(matrix.is_object()) << report.dump().substr(0, 400);
  EXPECT_EQ(matrix["identities"].size(), 10u);  // nine identities and anonymous
  int refused = 0, allowed = 0;
  for (const auto& c : matrix["cells"]) {
    EXPECT_EQ(c["verdict"], "pass") << c.dump();
    refused += c["expected"] == "refused";
    allowed += c["expected"] == "allowed";
  }
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(allowed, 13);  // the Digest auditor's, brief OAuth client's and browser login's too
  const std::string html = slurp(tmp.path("r.html"));
  EXPECT_NE(html.find("<h2>Role matrix</h2>"), std::string::npos);
  EXPECT_NE(html.find("403 refused"), std::string::npos);
  EXPECT_NE(slurp(tmp.path("r.md")).find("### Role matrix"), std::string::npos);
  // The custom scheme's resource is tested like any other: a challenge, a positive control.
  bool token_feed = false;
  for (const auto& res : report["results"])
    token_feed |= res["resource"] == "GET /api/token/feed" && res["check"] == "CHAL-000";
  EXPECT_TRUE(token_feed);
  // No identity's secret reaches any report.
  for (const std::string& file : {tmp.path("r.json"), tmp.path("r.html"), tmp.path("r.md")}) {
    const std::string text = slurp(file);
    for (const char* secret :
         {"builder-2026", "mock-token-dave-6a1f3b52", "mock-svc-token-8e3b5a90",
          "client-secret-9d2e51a7", "brief-secret-5c8e21d4", "mock-brief-"})
      EXPECT_EQ(text.find(secret), std::string::npos) << secret << " in " << file;
  }
}

TEST(RoleMatrix, ARefusedRoleThatGetsInFailsOnlyItsCell) {
  mock::MockOptions options;
  options.defects = mock::Defects({"role-refused-200"});
  mock::MockServer server{options};
  server.start();
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--only", "AUTHZ-00[78]", "--profile",
                               tmp.write("p.ini", mock_profile_text(endpoints_of(server, tmp))),
                               "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& res : report["results"]) {
    EXPECT_EQ(res["verdict"], res["check"] == "AUTHZ-007" ? "fail" : "pass") << res.dump();
    EXPECT_EQ(res["security"], res["check"] == "AUTHZ-007");
  }
  int failed = 0;
  for (const auto& c : report["role_matrix"]["cells"])
    if (c["verdict"] != "pass") {
      ++failed;
      EXPECT_EQ(c["identity"], "reader");
      EXPECT_EQ(c["resource"], "GET /api/reviews");
      EXPECT_EQ(c["status"], 200);
    }
  EXPECT_EQ(failed, 1);
}

// The OAuth client's token request is a step of the run (its cells follow the answer): a client
// the endpoint refuses leaves its cells undecided, says why, and the rest of the matrix stands.
TEST(RoleMatrix, AnOAuthClientTheEndpointRefusesIsUndecidedNotFailed) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  const std::string secret = "[identity.client]\nclient_id = authspec-client\nclient_secret = ";
  const auto at = text.find(secret);
  ASSERT_NE(at, std::string::npos);
  text.replace(at + secret.size(), std::string("client-secret-9d2e51a7").size(),
               "wrong-secret-0000");
  const auto r = run_authspec({"run", "--no-color", "--only", "AUTHZ-00[78]", "--profile",
                               tmp.write("p.ini", text), "--json", tmp.path("r.json")});
  EXPECT_NE(r.code, 0) << r.out << r.err;  // undecided results do not pass the gate
  const auto report = read_json(tmp.path("r.json"));
  int matrix_checks = 0;
  for (const auto& res : report["results"]) {
    if (res["check"] == "CHAL-000") continue;  // the positive controls run with every selection
    ++matrix_checks;
    EXPECT_EQ(res["verdict"], "error") << res.dump();
    EXPECT_NE(res["message"].get<std::string>().find("identity client: no token"),
              std::string::npos)
        << res["message"];
  }
  EXPECT_EQ(matrix_checks, 2);
  for (const auto& c : report["role_matrix"]["cells"]) {
    EXPECT_NE(c["identity"], "client") << c.dump();
    EXPECT_EQ(c["verdict"], "pass") << c.dump();
  }
  EXPECT_EQ((r.out + r.err + slurp(tmp.path("r.json"))).find("wrong-secret-0000"),
            std::string::npos);
}

}  // namespace
}  // namespace authspec::test
