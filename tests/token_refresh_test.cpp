// The run's fetched token on hand-built exchanges: which requests carry the renewed token, when a
// renewal is due, and when a refusal earns one (and a second try) and when it does not.
#include "suite/token_refresh.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace authspec::test {
namespace {

using namespace std::chrono_literals;
using Clock = TokenRefresher::Clock;

// A token endpoint that answers with "new-1", "new-2"... (or an error once `fail` is set).
struct FakeEndpoint {
  int calls = 0;
  bool fail = false;
  bool rotates = false;  // each answer carries a new refresh token, "r-1", "r-2"...
  long expires_in = 60;
  std::vector<std::string> refresh_tokens_sent;
  TokenRefresher::Fetch fetch() {
    return [this](const std::string& refresh_token) {
      ++calls;
      refresh_tokens_sent.push_back(refresh_token);
      Exchange ex;
      ex.request.method = "POST";
      ex.request.target = "/oauth/token";
      ex.request.credential = "oauth:token";
      ex.response.status = fail ? 400 : 200;
      ex.response.body =
          fail
              ? R"({"error":"invalid_client"})"
              : R"({"access_token":"new-)" + std::to_string(calls) +
                    R"(","token_type":"Bearer","expires_in":)" + std::to_string(expires_in) +
                    (rotates ? R"(,"refresh_token":"r-)" + std::to_string(calls) + "\"" : "") + "}";
      return ex;
    };
  }
};

Request bearer(const std::string& token, const std::string& credential = "bearer:valid") {
  Request r;
  r.target = "/api/data";
  r.headers = {{"Authorization", "Bearer " + token}};
  r.credential = credential;
  return r;
}

Exchange answered(const Request& r, int status, const std::string& challenge = "") {
  Exchange ex;
  ex.request = r;
  ex.response.status = status;
  if (!challenge.empty()) ex.response.headers.emplace_back("WWW-Authenticate", challenge);
  return ex;
}

const char* kInvalidToken = R"(Bearer realm="api", error="invalid_token")";

TEST(TokenRefresh, AFreshTokenIsLeftAlone) {
  FakeEndpoint endpoint;
  TokenRefresher t("first", 60s, Clock::now(), endpoint.fetch());
  Request r = bearer("first");
  t.prepare(r);
  EXPECT_EQ(r.headers[0].second, "Bearer first");
  EXPECT_EQ(endpoint.calls, 0);
  EXPECT_EQ(t.summary(), "");
  EXPECT_TRUE(t.take_fetches().empty());
}

TEST(TokenRefresh, ATokenAboutToExpireIsRenewedAndEveryPlaceCarriesTheNewOne) {
  FakeEndpoint endpoint;
  // 60 s lifetime, 15 s margin: 50 s after the fetch a renewal is due.
  TokenRefresher t("first", 60s, Clock::now() - 50s, endpoint.fetch());
  Request r = bearer("first");
  r.target = "/api/data?access_token=first";
  r.body = "access_token=first";
  t.prepare(r);
  EXPECT_EQ(endpoint.calls, 1);
  EXPECT_EQ(r.headers[0].second, "Bearer new-1");
  EXPECT_EQ(r.target, "/api/data?access_token=new-1");
  EXPECT_EQ(r.body, "access_token=new-1");
  // The new token is fresh: the next request takes it without another fetch.
  Request next = bearer("first");
  t.prepare(next);
  EXPECT_EQ(next.headers[0].second, "Bearer new-1");
  EXPECT_EQ(endpoint.calls, 1);
  // A request without the token (another credential) is untouched.
  Request other = bearer("someone-else", "bearer:low");
  t.prepare(other);
  EXPECT_EQ(other.headers[0].second, "Bearer someone-else");
  const auto fetches = t.take_fetches();
  ASSERT_EQ(fetches.size(), 1u);
  EXPECT_EQ(fetches[0].request.step, "token refresh (before expiry)");
  EXPECT_NE(t.summary().find("fetched again 1 times during the run (1 before it expired"),
            std::string::npos)
      << t.summary();
}

// RFC 6749 §6: with a refresh token the endpoint issued, renewal uses it, and the newest one
// after each rotation; one the endpoint refuses is dropped for the profile's own grant.
TEST(TokenRefresh, RenewalUsesTheNewestRefreshToken) {
  FakeEndpoint endpoint;
  endpoint.rotates = true;
  TokenRefresher t("first", 60s, Clock::now() - 50s, endpoint.fetch(), "r-0");
  Request r = bearer("first");
  t.prepare(r);  // due: renewed with r-0, which rotates to r-1
  ASSERT_EQ(endpoint.refresh_tokens_sent, std::vector<std::string>{"r-0"});
  EXPECT_EQ(r.headers[0].second, "Bearer new-1");
  t.retry_after(r, answered(r, 200));
  EXPECT_TRUE(t.retry_after(r, answered(r, 401, kInvalidToken)));
  EXPECT_EQ(endpoint.refresh_tokens_sent, (std::vector<std::string>{"r-0", "r-1"}));
}

TEST(TokenRefresh, ARefusedRefreshTokenIsDroppedForTheProfilesGrant) {
  FakeEndpoint endpoint;
  endpoint.fail = true;
  TokenRefresher t("first", 4s, Clock::now() - 4s, endpoint.fetch(), "r-0");
  Request r = bearer("first");
  t.prepare(r);  // due, and refused
  EXPECT_EQ(r.headers[0].second, "Bearer first");
  endpoint.fail = false;
  std::this_thread::sleep_for(1100ms);  // a failed renewal is tried again a second later
  Request again = bearer("first");
  t.prepare(again);
  EXPECT_EQ(endpoint.refresh_tokens_sent, (std::vector<std::string>{"r-0", ""}));
  EXPECT_EQ(again.headers[0].second, "Bearer new-2");
}

TEST(TokenRefresh, MarginIsAQuarterOfTheLifetimeAtMostAMinute) {
  EXPECT_EQ(TokenRefresher::margin(2s), 500ms);
  EXPECT_EQ(TokenRefresher::margin(60s), 15s);
  EXPECT_EQ(TokenRefresher::margin(3600s), 60s);
  EXPECT_EQ(TokenRefresher::margin(0s), 0ms);
}

TEST(TokenRefresh, InvalidTokenAfterASuccessRenewsOnceAndAsksAgain) {
  FakeEndpoint endpoint;
  TokenRefresher t("first", 0s, Clock::now(), endpoint.fetch());  // lifetime not said
  Request r = bearer("first");
  t.prepare(r);
  EXPECT_FALSE(t.retry_after(r, answered(r, 200)));
  EXPECT_TRUE(t.retry_after(r, answered(r, 401, kInvalidToken)));
  EXPECT_EQ(endpoint.calls, 1);
  Request again = bearer("first");
  t.prepare(again);
  EXPECT_EQ(again.headers[0].second, "Bearer new-1");
  // A request that went out with the old token meanwhile is asked again, without a new fetch,
  // a variant of the credential too.
  EXPECT_TRUE(t.retry_after(r, answered(r, 401, kInvalidToken)));
  Request variant = bearer("first", "bearer:valid as 'bearer'");
  EXPECT_TRUE(t.retry_after(variant, answered(variant, 401, kInvalidToken)));
  EXPECT_EQ(endpoint.calls, 1);
  // The new token refused before it ever worked: no renewal (the target refuses every token).
  EXPECT_FALSE(t.retry_after(again, answered(again, 401, kInvalidToken)));
  EXPECT_EQ(endpoint.calls, 1);
  EXPECT_NE(t.summary().find("1 after the target refused it"), std::string::npos) << t.summary();
}

TEST(TokenRefresh, OtherRefusalsAndVariantsEarnNoRenewal) {
  FakeEndpoint endpoint;
  TokenRefresher t("first", 0s, Clock::now(), endpoint.fetch());
  Request r = bearer("first");
  // Refused before any success: the token never worked, which the checks report.
  EXPECT_FALSE(t.retry_after(r, answered(r, 401, kInvalidToken)));
  EXPECT_FALSE(t.retry_after(r, answered(r, 200)));
  // 401 without invalid_token, 403 insufficient_scope: not about the token's life.
  EXPECT_FALSE(t.retry_after(r, answered(r, 401, R"(Bearer realm="api")")));
  EXPECT_FALSE(t.retry_after(r, answered(r, 403, R"(Bearer error="insufficient_scope")")));
  // A variant (lower-case scheme, token in a body) may be refused for what it is.
  Request variant = bearer("first", "bearer:valid as 'bearer'");
  EXPECT_FALSE(t.retry_after(variant, answered(variant, 401, kInvalidToken)));
  EXPECT_EQ(endpoint.calls, 0);
}

TEST(TokenRefresh, AFailedRenewalKeepsTheTokenAndSaysSo) {
  FakeEndpoint endpoint;
  endpoint.fail = true;
  TokenRefresher t("first", 4s, Clock::now() - 4s, endpoint.fetch());
  Request r = bearer("first");
  t.prepare(r);
  EXPECT_EQ(r.headers[0].second, "Bearer first");
  EXPECT_EQ(endpoint.calls, 1);
  // Not asked again at once: the next try waits a second.
  Request next = bearer("first");
  t.prepare(next);
  EXPECT_EQ(endpoint.calls, 1);
  EXPECT_NE(t.summary().find("1 fetches brought no token (the token endpoint answered 400 "
                             "invalid_client)"),
            std::string::npos)
      << t.summary();
}

TEST(TokenRefresh, RenewalsAreBoundedPerRun) {
  // A target that takes each new token once and then refuses it would earn a renewal per token.
  FakeEndpoint endpoint;
  TokenRefresher t("first", 0s, Clock::now(), endpoint.fetch());
  int retries = 0;
  for (int i = 0; i < 2 * TokenRefresher::kMaxFetches; ++i) {
    Request r = bearer("first");
    t.prepare(r);
    t.retry_after(r, answered(r, 200));
    retries += t.retry_after(r, answered(r, 401, kInvalidToken)) ? 1 : 0;
  }
  EXPECT_EQ(endpoint.calls, TokenRefresher::kMaxFetches);
  EXPECT_EQ(retries, TokenRefresher::kMaxFetches);
  EXPECT_NE(t.summary().find("renewal stopped at 50"), std::string::npos) << t.summary();
}

}  // namespace
}  // namespace authspec::test
