// What a run without a profile makes of what its URLs answered (no network: hand-built answers).
#include "suite/discovery.h"

#include <gtest/gtest.h>

namespace authspec::test {
namespace {

ProbedUrl answered(const std::string& path, int status, std::vector<std::string> schemes = {}) {
  ProbedUrl u;
  u.url = "https://api.example" + path;
  u.path = path;
  u.status = status;
  u.schemes = std::move(schemes);
  return u;
}

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines)
    if (l.find(text) != std::string::npos) return true;
  return false;
}

TEST(Discovery, UrlsShareOneOriginAndArePathsOnce) {
  const Discovery d = discovery_for({"https://api.example/a", "https://api.example/a",
                                     "https://api.example", "https://api.example/b/"});
  EXPECT_EQ(d.origin, "https://api.example");
  ASSERT_EQ(d.urls.size(), 3u);
  EXPECT_EQ(d.urls[0].path, "/a");
  EXPECT_EQ(d.urls[1].path, "/");
  EXPECT_EQ(d.urls[2].path, "/b");
  EXPECT_THROW(discovery_for({"https://api.example/a", "http://api.example/a"}), ProfileError);
  EXPECT_THROW(discovery_for({"https://user:pw@api.example/a"}), ProfileError);
  EXPECT_THROW(discovery_for({"https://api.example/a?x=1"}), ProfileError);
}

TEST(Discovery, ProtectedPublicAndUntestedUrls) {
  Discovery d;
  d.origin = "https://api.example";
  d.urls = {answered("/orders", 401, {"Bearer", "Negotiate"}), answered("/health", 200),
            answered("/missing", 404), answered("/login", 302)};
  d.urls.push_back(answered("/down", 0));
  d.urls.back().failure = "connect failure";
  const Profile p = zero_config_profile(d, true, {});
  EXPECT_TRUE(p.zero_config);
  EXPECT_TRUE(p.canary.empty());
  EXPECT_FALSE(p.basic || p.bearer);
  ASSERT_EQ(p.protected_resources.size(), 2u);  // GET and its HEAD twin
  EXPECT_EQ(p.protected_resources[0].label(), "GET /orders");
  EXPECT_EQ(p.protected_resources[0].schemes, std::vector<std::string>{"bearer"});
  EXPECT_TRUE(p.protected_resources[1].head_twin);
  ASSERT_EQ(p.public_resources.size(), 1u);
  EXPECT_EQ(p.public_resources[0].label(), "GET /health");
  EXPECT_TRUE(mentions(p.notices, "GET /missing not tested: it answered 404"));
  EXPECT_TRUE(mentions(p.notices, "GET /login not tested: it answered 302"));
  EXPECT_TRUE(mentions(p.notices, "GET /down not tested: connect failure"));
  EXPECT_TRUE(mentions(p.notices, "GET /orders advertises Negotiate"));
  EXPECT_TRUE(mentions(p.notices, "authspec init --target https://api.example/orders"));
}

TEST(Discovery, ADryRunTakesEveryUrlAsProtected) {
  const Profile p = zero_config_profile(discovery_for({"https://api.example/x"}), false, {});
  ASSERT_EQ(p.protected_resources.size(), 2u);
  EXPECT_TRUE(p.protected_resources[0].schemes.empty());
  EXPECT_TRUE(mentions(p.notices, "dry run: the URLs were not probed"));
}

TEST(Discovery, OnlyBasicAndBearerAreTestableSchemes) {
  EXPECT_EQ(testable_schemes_of(answered("/", 401, {"BASIC", "Digest", "bearer", "Basic"})),
            (std::vector<std::string>{"basic", "bearer"}));
  EXPECT_TRUE(testable_schemes_of(answered("/", 401, {"ApiKey"})).empty());
}

}  // namespace
}  // namespace authspec::test
