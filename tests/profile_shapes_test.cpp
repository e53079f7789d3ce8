// Profiles shaped like real targets: deny-listed resources, refused whatever the credentials,
// need no scheme.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "mock_server/mock_server.h"
#include "suite/canary_learning.h"
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

// [target] name titles the target in the reports, before its URL.
TEST(TargetName, ReportsTitleTheTargetWithIt) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  const auto at = text.find("[target]\n");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 9, "name = Staging orders\n");
  const auto r = run_authspec({"run", "--no-color", "--quiet", "--only", "CHAL-006", "--profile",
                               tmp.write("p.ini", text), "--json", tmp.path("r.json"), "--markdown",
                               tmp.path("r.md"), "--html", tmp.path("r.html")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("against Staging orders (" + server.url()), std::string::npos) << r.out;
  EXPECT_EQ(read_json(tmp.path("r.json"))["target_name"], "Staging orders");
  EXPECT_NE(read_file(tmp.path("r.md")).find("Staging orders ("), std::string::npos);
  EXPECT_NE(read_file(tmp.path("r.html")).find("<title>authspec report: Staging orders ("),
            std::string::npos);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// A plain-http target on purpose: the cleartext findings are still shown, marked waived by the
// policy, and the gate passes; the policy is refused for an https target.
TEST(CleartextPolicy, CleartextFindingsBecomeWaivedAdvice) {
  mock::MockOptions options;
  options.tls = false;
  mock::MockServer server(options);
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  const std::string canary = "\ncanary = AUTHSPEC-CANARY-7d41c9\n";
  ASSERT_NE(text.find(canary), std::string::npos);
  text.replace(text.find(canary), canary.size(), canary + "cleartext = intended\n");
  const auto r = run_authspec({"run", "--no-color", "--only", "TLS", "--profile",
                               tmp.write("p.ini", text), "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const auto report = read_json(tmp.path("r.json"));
  int waived = 0;
  for (const auto& res : report["results"])
    if (res["verdict"] == "warn" || res["verdict"] == "fail") {
      EXPECT_EQ(res.value("waiver", ""), "waived") << res["check"];
      EXPECT_NE(res.value("waiver_reason", "").find("deployment policy: plain http on purpose"),
                std::string::npos);
      ++waived;
    }
  EXPECT_GT(waived, 0);  // shown, not dropped
  bool noted = false;
  for (const auto& n : report["coverage"]["not_covered"])
    noted = noted || n.get<std::string>().find("deployment policy") != std::string::npos;
  EXPECT_TRUE(noted);

  const std::string https = mock_profile_text("https://127.0.0.1:9");
  std::string bad = https;
  bad.replace(bad.find(canary), canary.size(), canary + "cleartext = intended\n");
  const auto refused = run_authspec({"run", "--dry-run", "--profile", tmp.write("b.ini", bad)});
  EXPECT_EQ(refused.code, 2);
  EXPECT_NE(refused.err.find("key target.cleartext: the target is https"), std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// A Digest-only resource is a protected resource like any other: the checks that need no
// credentials judge it (its challenge, bypasses, caching of its 401s); those that need a plain
// valid credential skip it. Its Digest credentials are [digest]'s, which the DIGEST checks answer
// its challenges with, so the coverage counts the scheme instead of naming it not covered.
TEST(DigestOnlyResource, IsCheckedWithoutCredentialsAndCoveredByTheDigestSection) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  const std::string line = "\nresource = GET /api/token/feed token\n";
  ASSERT_NE(text.find(line), std::string::npos);
  text.replace(text.find(line), line.size(), line + "resource = GET /api/digest digest\n");
  const auto r =
      run_authspec({"run", "--no-color", "--only", "CHAL", "--only", "BYP", "--only", "CACHE",
                    "--profile", tmp.write("p.ini", text), "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out << r.err;
  const auto report = read_json(tmp.path("r.json"));
  int judged = 0;
  for (const auto& res : report["results"]) {
    if (res["resource"] != "GET /api/digest") continue;
    EXPECT_TRUE(res["verdict"] == "pass" || res["verdict"] == "skip") << res.dump();
    judged += res["verdict"] == "pass";
  }
  EXPECT_GE(judged, 5);
  bool named = false;
  for (const auto& n : report["coverage"]["not_covered"])
    named |= n.get<std::string>().find("GET /api/digest accepts digest") != std::string::npos;
  EXPECT_FALSE(named) << report["coverage"].dump();
  const auto& schemes = report["coverage"]["schemes"];
  EXPECT_NE(std::find(schemes.begin(), schemes.end(), "digest"), schemes.end())
      << report["coverage"].dump();
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// Without a canary the run learns each resource's marker (two authorised answers, one anonymous)
// and every report says which; the compliant mock still passes, and a refusal that carries the
// content (a 403 with it) is still caught by the learned marker.
TEST(LearnedCanary, MarkersAreLearnedNamedAndStillCatchLeaks) {
  for (const bool leaky : {false, true}) {
    mock::MockOptions options;
    if (leaky) options.defects = mock::Defects({"forbidden-with-content"});
    mock::MockServer server{options};
    server.start();
    TempDir tmp;
    std::string text = mock_profile_text(endpoints_of(server, tmp));
    const std::string canary = "\ncanary = AUTHSPEC-CANARY-7d41c9\n";
    ASSERT_NE(text.find(canary), std::string::npos);
    text.replace(text.find(canary), canary.size(), "\n");
    const auto r =
        run_authspec({"run", "--no-color", "--only", "CHAL", "--only", "AUTHZ", "--profile",
                      tmp.write("p.ini", text), "--json", tmp.path("r.json")});
    EXPECT_EQ(r.code, leaky ? 1 : 0) << r.out << r.err;
    const auto report = read_json(tmp.path("r.json"));
    int learned = 0;
    for (const auto& n : report["coverage"]["not_covered"])
      learned +=
          n.get<std::string>().find("learned marker \"AUTHSPEC-CANARY-7d41c9\" for GET") == 0;
    EXPECT_GE(learned, 5) << report["coverage"].dump();
    bool leak_found = false;
    for (const auto& res : report["results"])
      leak_found |= res["verdict"] == "fail" && res["security"] == true;
    EXPECT_EQ(leak_found, leaky) << r.out;
  }
}

TEST(LearnedCanary, TheMarkerIsAWordBothAuthorisedAnswersHoldAndTheAnonymousOneLacks) {
  EXPECT_EQ(marker_between("{\"id\":\"req-11111111\",\"name\":\"quarterly-report\"}",
                           "{\"id\":\"req-22222222\",\"name\":\"quarterly-report\"}",
                           "{\"error\":\"unauthorized\"}"),
            "quarterly-report");
  EXPECT_EQ(marker_between("{\"error\":\"unauthorized\"}", "{\"error\":\"unauthorized\"}",
                           "{\"error\":\"unauthorized\"}"),
            "");
  EXPECT_EQ(marker_between("short", "short", ""), "");
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// A rate-limited resource needs no scheme: the burst is then anonymous, and its 401s (the request's
// own refusal, within the budget) are not read as throttling: the mock limits every client, so
// the anonymous burst meets its 429s as the credentialed one does.
TEST(SchemelessResources, RateResourceWithoutSchemesIsAskedAnonymously) {
  for (const bool with_schemes : {false, true}) {
    mock::MockServer server{mock::MockOptions{}};
    server.start();
    TempDir tmp;
    std::string text = mock_profile_text(endpoints_of(server, tmp));
    const std::string line = "\nresource = GET /api/limited basic,bearer\n";
    ASSERT_NE(text.find(line), std::string::npos);
    if (!with_schemes)
      text.replace(text.find(line), line.size(), "\nresource = GET /api/limited\n");
    const auto r =
        run_authspec({"run", "--no-color", "--allow-bursts", "--only", "RATE-001", "--profile",
                      tmp.write("p.ini", text), "--json", tmp.path("r.json")});
    const auto report = read_json(tmp.path("r.json"));
    bool seen = false;
    for (const auto& res : report["results"]) {
      if (res["check"] != "RATE-001") continue;
      seen = true;
      EXPECT_EQ(res["verdict"], "pass") << res.dump();
    }
    EXPECT_TRUE(seen) << r.out << r.err;
    int anonymous = 0;
    for (const auto& ex : report["exchanges"])
      anonymous += ex["request"]["credential"].get<std::string>().rfind("none, burst", 0) == 0;
    EXPECT_EQ(anonymous, with_schemes ? 0 : 8);
  }
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// A stated lockout policy: the whole run sends the tested accounts at most attempts - 1 wrong
// passwords, the reports say what was held back, and nothing fails for it.
TEST(LockoutPolicy, TheRunStaysBelowItAndSaysWhatItHeldBack) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  const std::string attempts = "\nattempts = 10\n";
  ASSERT_NE(text.find(attempts), std::string::npos);
  text.replace(text.find(attempts), attempts.size(), attempts + "lockout_attempts = 3\n");
  const auto r = run_authspec(
      {"run", "--no-color", "--profile", tmp.write("p.ini", text), "--json", tmp.path("r.json")});
  EXPECT_NE(r.code, 2) << r.err;
  const auto report = read_json(tmp.path("r.json"));
  int wrong_for_alice = 0;
  for (const auto& ex : report["exchanges"])
    wrong_for_alice += ex["request"]["credential"].get<std::string>().find(
                           "wrong-password (alice)") != std::string::npos;
  EXPECT_LE(wrong_for_alice, 2);
  bool noted = false;
  for (const auto& n : report["coverage"]["not_covered"])
    noted |= n.get<std::string>().find(
                 "the lockout policy (3 wrong passwords lock an account) "
                 "held back") == 0;
  EXPECT_TRUE(noted) << report["coverage"].dump();
  for (const auto& res : report["results"])
    EXPECT_NE(res["verdict"], "fail") << res.dump().substr(0, 300);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// A proxy in front of an origin resource that needs no credentials of its own: the proxy is
// still judged (407 without its credentials, refusals of a wrong or unpermitted proxy user), and
// a proxy that lets a wrong password through is still caught.
TEST(ProxyBeforeAPublicResource, TheProxyIsJudgedOnWhatAnyoneMayFetch) {
  TempDir tmp;
  auto run = [&](const std::vector<std::string>& defects) {
    mock::MockOptions options;
    options.defects = mock::Defects(defects);
    mock::MockServer server{options};
    server.start();
    std::string text = mock_profile_text(endpoints_of(server, tmp));
    text = std::regex_replace(
        text, std::regex("\\nresource = GET /api/basic/profile\\n# Optional: a valid proxy user"),
        "\nresource = GET /public/health\n# Optional: a valid proxy user");
    EXPECT_NE(text.find("resource = GET /public/health\n# Optional: a valid proxy"),
              std::string::npos);
    run_authspec({"run", "--no-color", "--only", "PROXY", "--profile", tmp.write("p.ini", text),
                  "--json", tmp.path("r.json")});
    return verdicts(read_json(tmp.path("r.json")));
  };
  const auto compliant = run({});
  for (const char* id : {"PROXY-001 *", "PROXY-004 *", "PROXY-005 *", "PROXY-006 *"}) {
    ASSERT_TRUE(compliant.count(id)) << id;
    EXPECT_EQ(compliant.at(id), "pass") << id;
  }
  const auto open_proxy = run({"proxy-ignores-password"});
  EXPECT_EQ(open_proxy.at("PROXY-005 *"), "fail");
}

}  // namespace
}  // namespace authspec::test
