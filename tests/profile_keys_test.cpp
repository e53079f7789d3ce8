// The profile's keys are declared once, by the section that reads them: the declarations are the
// Boost description, `authspec keys`, docs/profile.md (tests/docs_pages_test.cpp) and the secrets
// to mask.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "suite/mock_profile.h"
#include "suite/profile_reader.h"

namespace authspec::test {
namespace {

TEST(ProfileKeys, EveryKeyIsDocumentedAndNamedOnce) {
  std::set<std::string> seen;
  for (const auto& s : profile_sections()) {
    EXPECT_FALSE(s.keys.doc.empty()) << s.keys.section;
    for (const auto& k : s.keys.keys) {
      EXPECT_FALSE(k.doc.empty()) << s.keys.section << "." << k.name;
      EXPECT_TRUE(seen.insert(s.keys.section + "." + k.name).second) << k.name;
    }
  }
}

// Every value of a key declared secret is masked: the mock profile's passwords, tokens, the HMAC
// secret and the session's login body are all among the profile's secrets.
TEST(ProfileKeys, DeclaredSecretsAreMasked) {
  const Profile p = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  const auto secrets = p.secrets();
  auto has = [&](const std::string& v) {
    return std::find(secrets.begin(), secrets.end(), v) != secrets.end();
  };
  ASSERT_TRUE(p.basic && p.bearer && p.session && p.jwt);
  EXPECT_TRUE(has(p.basic->password));
  EXPECT_TRUE(has(*p.bearer));
  EXPECT_TRUE(has(p.session->login_body));
  EXPECT_TRUE(has(p.jwt->hmac_secret) || p.jwt->hmac_secret.empty());
  for (const auto& v : p.declared_secrets) EXPECT_TRUE(has(v));
  EXPECT_FALSE(p.declared_secrets.empty());
}

TEST(ProfileKeys, NearestKeyCatchesSlipsOnly) {
  EXPECT_EQ(nearest_key("basic.pasword"), "basic.password");
  EXPECT_EQ(nearest_key("bearer.tokne"), "bearer.token");
  EXPECT_EQ(nearest_key("target.base-url"), "target.base_url");
  EXPECT_EQ(nearest_key("totally.unrelated_thing"), "");
  EXPECT_EQ(nearest_key("basic." + std::string(100000, 'p')), "");  // at once, not quadratic
}

}  // namespace
}  // namespace authspec::test
