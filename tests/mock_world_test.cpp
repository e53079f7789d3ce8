// The mock's world (clocks, limits, canary, session cookie) is declared in mock_server/; the
// profile that describes it, fixtures/mock.ini (compiled in as the embedded profile), must say the
// same, or checks would wait out the wrong clock or look for the wrong canary.
#include <gtest/gtest.h>

#include "mock_server/limits.h"
#include "mock_server/mock_server.h"
#include "mock_server/sessions.h"
#include "suite/mock_profile.h"
#include "suite/profile.h"

namespace authspec::test {
namespace {

TEST(MockWorld, FixturesMockIniDescribesTheMock) {
  const Profile p = load_profile_text(kMockProfile, "fixtures/mock.ini", {}, mock_fixture_file);
  const mock::MockClocks clocks;
  ASSERT_TRUE(p.digest && p.session && p.rate);
  EXPECT_EQ(p.digest->nonce_lifetime_ms, clocks.nonce_ms);
  EXPECT_EQ(p.session->idle_timeout_ms, clocks.session_idle_ms);
  EXPECT_EQ(p.rate->window_ms, clocks.rate_window_ms);
  EXPECT_EQ(p.rate->budget, mock::kRateBudget);
  EXPECT_EQ(p.rate->concurrency_limit, mock::kConcurrencyLimit);
  EXPECT_EQ(p.canary, mock::kCanary);
  EXPECT_EQ(p.session->cookie, mock::kSessionCookie);
}

// Durations in a profile are seconds with up to three decimals.
TEST(MockWorld, ProfileDurationsTakeDecimalSeconds) {
  auto with = [](const std::string& from, const std::string& to) {
    std::string text = kMockProfile;
    text.replace(text.find(from), from.size(), to);
    return load_profile_text(text, "p.ini", {}, mock_fixture_file);
  };
  EXPECT_EQ(with("nonce_lifetime = 1\n", "nonce_lifetime = 0.25\n").digest->nonce_lifetime_ms, 250);
  EXPECT_EQ(with("idle_timeout = 1\n", "idle_timeout = 900\n").session->idle_timeout_ms, 900000);
  for (const char* bad : {"1.2345", ".5", "5.", "1e3", "-1", "x"})
    EXPECT_THROW(with("nonce_lifetime = 1\n", std::string("nonce_lifetime = ") + bad + "\n"),
                 ProfileError)
        << bad;
  EXPECT_EQ(format_seconds(1500), "1.5");
  EXPECT_EQ(format_seconds(5000), "5");
  EXPECT_EQ(format_seconds(250), "0.25");
}

}  // namespace
}  // namespace authspec::test
