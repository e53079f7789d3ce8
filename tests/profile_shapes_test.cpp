// Profiles shaped like real targets: deny-listed resources, refused whatever the credentials,
// need no scheme.
#include <gtest/gtest.h>

#include <regex>

#include "mock_server/mock_server.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

TEST(SchemelessResources, DenyResourcesNeedNoScheme) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  for (const char* line :
       {"resource = GET /api/deny/hostname", "internal_resource = GET /api/intranet"})
    text = std::regex_replace(text, std::regex(std::string("\\n") + line + " basic,bearer\\n"),
                              std::string("\n") + line + "\n");
  ASSERT_EQ(text.find("/api/intranet basic"), std::string::npos);
  const auto r = run_authspec({"run", "--no-color", "--only", "DENY", "--profile",
                               tmp.write("p.ini", text), "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  int passed = 0;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& res : report["results"]) {
    EXPECT_NE(res["verdict"], "fail") << res["check"] << " " << res["message"];
    EXPECT_NE(res["verdict"], "error") << res["check"] << " " << res["message"];
    passed += res["verdict"] == "pass";
  }
  EXPECT_GE(passed, 5) << r.out;
}

}  // namespace
}  // namespace authspec::test
