// Judges as the pure functions they are: hand-built exchanges in, a verdict out, no network, in
// milliseconds. Each test names the check and shows the smallest answer that passes it and the
// smallest that fails it (docs/adding-a-check.md walks through writing one).
#include <gtest/gtest.h>

#include <chrono>

#include "suite/mock_profile.h"
#include "suite/registry.h"
#include "suite/runner.h"

namespace authspec::test {
namespace {

const Profile& mock_profile() {
  static const Profile p = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  return p;
}

const Check& check(const std::string& id) {
  for (const auto& c : catalogue())
    if (c.id == id) return c;
  throw std::invalid_argument("no check " + id);
}

// An answered exchange: "HTTP/1.1 <status> <reason>" with the given header lines.
Exchange answer(int status, std::vector<HeaderLine> headers = {}) {
  Exchange ex;
  ex.response.status = status;
  ex.response.status_line = "HTTP/1.1 " + std::to_string(status) + " Reason";
  ex.response.headers = std::move(headers);
  return ex;
}

// The verdict of `id` on `mine` (its own steps, in plan order, named as its plan names them; for
// a run-wide check also all the run's exchanges), as the runner would decide it.
Verdict judge(const std::string& id, const std::vector<const Exchange*>& mine,
              const ControlTable& controls = {},
              const Resource* resource = &mock_profile().protected_resources.front(),
              std::vector<std::string> steps = {}) {
  const Check& c = check(id);
  Evidence ev;
  ev.mine = mine;
  ev.steps = std::move(steps);
  ev.all = mine;
  Context ctx{mock_profile(), c.scope == Scope::kRun ? nullptr : resource, &controls};
  return decide(c, ctx, ev, mine.size());
}

TEST(StatJudges, A405WithAllowPassesWithoutItFails) {
  const Exchange with = answer(405, {{"Allow", "GET, HEAD"}}), without = answer(405);
  EXPECT_EQ(judge("STAT-006", {&with}).outcome, Outcome::kPass);
  const Verdict v = judge("STAT-006", {&with, &without});
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_EQ(v.shown, std::vector<const Exchange*>{&without});
}

// CHAL-001 reads every exchange of the run: each 401 needs a parsable challenge; a run without
// any 401 has nothing to judge.
TEST(ChalJudges, Every401CarriesAChallenge) {
  const Exchange basic = answer(401, {{"WWW-Authenticate", "Basic realm=\"api\""}}),
                 bare = answer(401), garbled = answer(401, {{"WWW-Authenticate", "=,="}}),
                 ok = answer(200);
  EXPECT_EQ(judge("CHAL-001", {&basic, &ok}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("CHAL-001", {&basic, &bare}).outcome, Outcome::kFail);
  EXPECT_EQ(judge("CHAL-001", {&garbled}).outcome, Outcome::kFail);
  EXPECT_EQ(judge("CHAL-001", {&ok}).outcome, Outcome::kSkip);
}

// CHAL-002: no credentials get 401 with a challenge; 403 or a bare 401 do not.
TEST(ChalJudges, NoCredentialsGet401WithAChallenge) {
  const Exchange right = answer(401, {{"WWW-Authenticate", "Basic realm=\"api\""},
                                      {"WWW-Authenticate", "Bearer realm=\"api\""}}),
                 forbidden = answer(403), bare = answer(401);
  EXPECT_EQ(judge("CHAL-002", {&right}).outcome, Outcome::kPass)
      << judge("CHAL-002", {&right}).message;
  EXPECT_EQ(judge("CHAL-002", {&forbidden}).outcome, Outcome::kFail);
  EXPECT_EQ(judge("CHAL-002", {&bare}).outcome, Outcome::kFail);
}

// Prerequisites are the runner's: a check that needs working Basic credentials is undecided when
// the positive control failed on its resource, before its judge runs.
TEST(Needs, AFailedControlLeavesTheCheckUndecided) {
  const Resource& r = mock_profile().protected_resources.front();
  ControlTable controls;
  controls[r.label()]["basic"] = false;
  const Exchange ok = answer(200);
  const Verdict v = judge("BASIC-003", {&ok}, controls, &r);
  EXPECT_EQ(v.outcome, Outcome::kError);
  EXPECT_NE(v.message.find("valid Basic credentials are not accepted"), std::string::npos)
      << v.message;
}

// RATE-003: the probe sent "before Retry-After" is judged only if it really went out before the
// earliest 429's Retry-After ran out; a slow round that sent it later proves nothing.
TEST(RateJudges, RetryAfterIsJudgedFromTheAnswersTime) {
  const int burst = mock_profile().rate->budget + 3;
  const auto t0 = std::chrono::system_clock::now();
  std::vector<Exchange> steps;
  for (int i = 0; i < burst; ++i) {
    steps.push_back(i < 5 ? answer(200) : answer(429, {{"Retry-After", "1"}}));
    steps.back().started = t0;
  }
  auto run = [&](std::chrono::milliseconds before_at, int before_status, int after_status) {
    std::vector<Exchange> all = steps;
    all.push_back(answer(before_status));
    all.back().started = t0 + before_at;
    all.push_back(answer(after_status));
    all.back().started = t0 + std::chrono::milliseconds(1200);
    std::vector<const Exchange*> mine;
    for (const auto& e : all) mine.push_back(&e);
    std::vector<std::string> names(steps.size(), "burst");
    names.push_back("before Retry-After");
    names.push_back("after Retry-After");
    return judge("RATE-003", mine, {}, nullptr, names);
  };
  EXPECT_EQ(run(std::chrono::milliseconds(100), 429, 200).outcome, Outcome::kPass);
  // Admitted 100 ms after a "wait 1 s": Retry-After was not truthful (a best practice: warn).
  EXPECT_EQ(run(std::chrono::milliseconds(100), 200, 200).outcome, Outcome::kWarn);
  // The same answer 1.1 s later is what Retry-After promised.
  const Verdict late = run(std::chrono::milliseconds(1100), 200, 200);
  EXPECT_EQ(late.outcome, Outcome::kPass);
  EXPECT_NE(late.message.find("too late to tell"), std::string::npos) << late.message;
  // Still refused after waiting it out.
  EXPECT_EQ(run(std::chrono::milliseconds(100), 429, 429).outcome, Outcome::kWarn);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// Judges read their answers by the name the plan gave each step: a step that is missing (never
// sent, or named otherwise) leaves the result undecided instead of misreading another answer.
TEST(Steps, AreReadByNameAndAMissingOneLeavesTheResultUndecided) {
  const Exchange challenge = answer(401, {{"WWW-Authenticate", "Basic realm=\"api\""}});
  const Verdict named = judge("CHAL-007", {&challenge}, {},
                              &mock_profile().protected_resources.front(), {"challenge"});
  EXPECT_NE(named.outcome, Outcome::kError) << named.message;
  const Verdict unnamed = judge("CHAL-007", {&challenge}, {},
                                &mock_profile().protected_resources.front(), {"something else"});
  EXPECT_EQ(unnamed.outcome, Outcome::kError);
  EXPECT_NE(unnamed.message.find("\"challenge\""), std::string::npos) << unnamed.message;
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

const Resource& resource_named(const std::string& label) {
  for (const auto& r : mock_profile().protected_resources)
    if (r.label() == label) return r;
  throw std::invalid_argument("no resource " + label);
}

// The checks no mock defect trips (their passing cases are also recorded in tests/judge_cases/).

TEST(StatJudges, IisSubCodesInTheStatusLineFail) {
  Exchange plain = answer(401), sub = answer(401);
  sub.response.status_line = "HTTP/1.1 401.503 Unauthorized";
  EXPECT_EQ(judge("STAT-001", {&plain}).outcome, Outcome::kPass);
  const Verdict v = judge("STAT-001", {&plain, &sub});
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_NE(v.message.find("401.503"), std::string::npos) << v.message;
}

TEST(BearerJudges, TheHeaderTokenMustBeAccepted) {
  const Resource& data = resource_named("GET /api/data");
  Exchange ok = answer(200, {{"Content-Type", "application/json"}});
  ok.response.body = "{\"secret\":\"AUTHSPEC-CANARY-7d41c9\"}";
  const Exchange refused = answer(401, {{"WWW-Authenticate", "Bearer realm=\"api\""}});
  EXPECT_EQ(judge("BEARER-001", {&ok}, {}, &data).outcome, Outcome::kPass);
  EXPECT_EQ(judge("BEARER-001", {&refused}, {}, &data).outcome, Outcome::kFail);
}

TEST(DigestJudges, OneChallengePerAlgorithm) {
  const std::string sha = "Digest realm=\"r\", qop=\"auth\", algorithm=SHA-256, nonce=\"n1\"",
                    md5 = "Digest realm=\"r\", qop=\"auth\", algorithm=MD5, nonce=\"n2\"";
  const Exchange distinct = answer(401, {{"WWW-Authenticate", sha}, {"WWW-Authenticate", md5}}),
                 repeated = answer(401, {{"WWW-Authenticate", sha}, {"WWW-Authenticate", sha}});
  EXPECT_EQ(judge("DIGEST-004", {&distinct}, {}, nullptr, {"nonce"}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("DIGEST-004", {&repeated}, {}, nullptr, {"nonce"}).outcome, Outcome::kFail);
}

TEST(TlsJudges, NoHstsOverCleartext) {
  Exchange https = answer(200, {{"Strict-Transport-Security", "max-age=31536000"}}),
           http = answer(308, {{"Location", "https://127.0.0.1/"}}),
           http_hsts = answer(308, {{"Strict-Transport-Security", "max-age=31536000"}});
  https.url = "https://127.0.0.1:8443/api/data";
  http.url = http_hsts.url = "http://127.0.0.1:8080/api/data";
  http.request.origin = http_hsts.request.origin = "http://127.0.0.1:8080";
  EXPECT_EQ(judge("TLS-003", {&https, &http}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("TLS-003", {&https, &http_hsts}).outcome, Outcome::kFail);
}

// The positive control: valid credentials refused is a profile error, never a pass.
TEST(ChalJudges, ThePositiveControlNeedsTheProtectedContent) {
  const Resource& data = resource_named("GET /api/data");
  Exchange ok = answer(200), refused = answer(401);
  ok.response.body = "{\"secret\":\"AUTHSPEC-CANARY-7d41c9\"}";
  EXPECT_EQ(judge("CHAL-000", {&ok, &ok}, {}, &data).outcome, Outcome::kPass);
  EXPECT_NE(judge("CHAL-000", {&ok, &refused}, {}, &data).outcome, Outcome::kPass);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// RATE-001: 429 over the budget passes; a burst refused as a whole (401 within the budget too)
// met the request's own refusal, so it is undecided, never "throttled with 401".
TEST(RateJudges, ABurstRefusedAsAWholeIsUndecided) {
  Profile p = mock_profile();
  p.rate->concurrency_resource.reset();  // the rate burst alone
  const Check& c = check("RATE-001");
  auto verdict = [&](std::vector<int> statuses) {
    std::vector<Exchange> answers;
    for (int s : statuses) answers.push_back(answer(s));
    Evidence ev;
    for (const auto& a : answers) {
      ev.mine.push_back(&a);
      ev.steps.push_back("burst");
    }
    ev.all = ev.mine;
    return decide(c, Context{p, nullptr, nullptr}, ev, answers.size());
  };
  EXPECT_EQ(verdict({200, 200, 200, 200, 200, 429, 429, 429}).outcome, Outcome::kPass);
  const Verdict refused = verdict({401, 401, 401, 401, 401, 401, 401, 401});
  EXPECT_EQ(refused.outcome, Outcome::kError) << refused.message;
  EXPECT_NE(refused.message.find("refuses the request itself"), std::string::npos);
  // With valid credentials, 401 for the requests over the budget is throttling with the wrong
  // status (best practice: a warning).
  EXPECT_EQ(verdict({200, 200, 200, 200, 200, 401, 401, 401}).outcome, Outcome::kWarn);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// PROXY-005: wrong proxy credentials get 407 with a challenge (or 403); forwarded is a breach.
// PROXY-006: a proxy user without permission gets 403, not 407.
TEST(ProxyJudges, WrongAndForbiddenProxyUsersAreRefusedByTheProxy) {
  const Exchange challenged = answer(407, {{"Proxy-Authenticate", "Basic realm=\"proxy\""}});
  const Exchange bare407 = answer(407), forbidden = answer(403), origin401 = answer(401);
  Exchange forwarded = answer(200);
  forwarded.response.body = "{\"secret\":\"AUTHSPEC-CANARY-7d41c9\"}";
  EXPECT_EQ(judge("PROXY-005", {&challenged}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("PROXY-005", {&forbidden}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("PROXY-005", {&bare407}).outcome, Outcome::kWarn);
  const Verdict through = judge("PROXY-005", {&forwarded});
  EXPECT_EQ(through.outcome, Outcome::kFail);
  EXPECT_TRUE(through.security_breach);
  EXPECT_EQ(judge("PROXY-005", {&origin401}).outcome, Outcome::kWarn);
  EXPECT_EQ(judge("PROXY-006", {&forbidden}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("PROXY-006", {&challenged}).outcome, Outcome::kWarn);
  EXPECT_TRUE(judge("PROXY-006", {&forwarded}).security_breach);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// A token endpoint's answer: a token that lives `expires_in` seconds.
Exchange token_answer(long expires_in) {
  Exchange ex = answer(200, {{"Content-Type", "application/json"}});
  ex.response.body = R"({"access_token":"tok-)" + std::to_string(expires_in) +
                     R"(","token_type":"Bearer","expires_in":)" + std::to_string(expires_in) + "}";
  return ex;
}

// OAUTH-004 on the mock profile's three clients ([oauth]'s and the identities client and brief):
// only the 2-second token is waited out; its late answer decides.
TEST(OAuthJudges, AnExpiredTokenMustNotGetIn) {
  const Exchange hour = token_answer(3600), brief = token_answer(2), refused = answer(401),
                 admitted = [] {
                   Exchange ex = answer(200);
                   ex.response.body = "AUTHSPEC-CANARY-7d41c9";
                   return ex;
                 }();
  const std::vector<std::string> steps = {"token|[oauth] authspec-client", "token|identity client",
                                          "token|identity brief", "expired|identity brief"};
  Verdict v = judge("OAUTH-004", {&hour, &hour, &brief, &refused}, {}, nullptr, steps);
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.message;
  v = judge("OAUTH-004", {&hour, &hour, &brief, &admitted}, {}, nullptr, steps);
  EXPECT_EQ(v.outcome, Outcome::kFail);
  EXPECT_TRUE(v.security_breach);
  EXPECT_EQ(v.shown, std::vector<const Exchange*>{&admitted});
  // The late question was never sent (budget, deadline): undecided, never a pass.
  v = judge("OAUTH-004", {&hour, &hour, &brief}, {}, nullptr, {steps.begin(), steps.begin() + 3});
  EXPECT_EQ(v.outcome, Outcome::kError) << v.message;
  // Hour-long tokens are not waited out: nothing to judge.
  v = judge("OAUTH-004", {&hour, &hour, &hour}, {}, nullptr, {steps.begin(), steps.begin() + 3});
  EXPECT_EQ(v.outcome, Outcome::kSkip);
  EXPECT_NE(v.message.find("identity brief: lives 3600 s"), std::string::npos) << v.message;
}

// DESC-001: an operation the description calls public (getHealth) answering 401 disagrees with
// it (advice: the description binds no server); any other answer agrees.
TEST(DescJudges, APublicOperationThatDemandsCredentialsDisagreesWithTheDescription) {
  const Resource& health = mock_profile().public_resources.front();
  const Exchange ok = answer(200), challenged = answer(401, {{"WWW-Authenticate", "Basic"}});
  EXPECT_EQ(judge("DESC-001", {&ok}, {}, &health).outcome, Outcome::kPass);
  const Verdict v = judge("DESC-001", {&challenged}, {}, &health);
  EXPECT_EQ(v.outcome, Outcome::kWarn);
  EXPECT_NE(v.message.find("getHealth (GET /public/health)"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("the description and the server disagree"), std::string::npos);
}

// DESC-002: an operation the description protects (getProfile) serving its content to a request
// without credentials disagrees; a refusal, or a 2xx without the content (a sign-in page), does
// not.
TEST(DescJudges, AProtectedOperationServedToAnyoneDisagreesWithTheDescription) {
  Exchange content = answer(200), other = answer(200);
  content.response.body = "AUTHSPEC-CANARY-7d41c9";
  other.response.body = "<form>sign in</form>";
  const Exchange refused = answer(401, {{"WWW-Authenticate", "Basic realm=\"api\""}});
  EXPECT_EQ(judge("DESC-002", {&refused}).outcome, Outcome::kPass);
  EXPECT_EQ(judge("DESC-002", {&other}).outcome, Outcome::kPass);
  const Verdict v = judge("DESC-002", {&content});
  EXPECT_EQ(v.outcome, Outcome::kWarn);
  EXPECT_NE(v.message.find("getProfile"), std::string::npos) << v.message;
}

// BASIC-003 and BASIC-007: a second Basic user answered 403 was authenticated but may not use
// the resource: whether its password was read right cannot be told, so nothing is judged.
TEST(BasicJudges, ASecondUsersForbiddenAnswerIsNotAFailure) {
  Exchange forbidden = answer(403);
  forbidden.request.method = "GET";
  forbidden.request.target = "/api/objects/alice-1";
  forbidden.request.credential = "basic:colon-password (carol)";
  const Exchange refused = answer(401, {{"WWW-Authenticate", "Basic realm=\"api\""}});
  const Verdict v =
      judge("BASIC-003", {&forbidden}, {}, &mock_profile().protected_resources.front(), {"colon"});
  EXPECT_EQ(v.outcome, Outcome::kSkip) << v.message;
  EXPECT_NE(v.message.find("answered 403 to basic:colon-password (carol)"), std::string::npos);
  EXPECT_EQ(
      judge("BASIC-003", {&refused}, {}, &mock_profile().protected_resources.front(), {"colon"})
          .outcome,
      Outcome::kWarn);
}

// BEARER-014 (RFC 6750 §3 MUST include WWW-Authenticate): on a resource that also takes Basic, a
// malformed Bearer request challenged for Basic only has the field (noted); with no field at
// all, or on a Bearer-only resource, it fails.
TEST(BearerJudges, MalformedBearerOnAMixedResourceMayBeChallengedForTheOtherScheme) {
  const Resource* mixed = nullptr;
  const Resource* bearer_only = nullptr;
  for (const auto& r : mock_profile().protected_resources) {
    if (r.schemes.size() > 1 && !mixed) mixed = &r;
    if (r.schemes == std::vector<std::string>{"bearer"} && !bearer_only) bearer_only = &r;
  }
  ASSERT_TRUE(mixed && bearer_only);
  const Exchange basic_only = answer(401, {{"WWW-Authenticate", "Basic realm=\"api\""}}),
                 none = answer(401);
  Verdict v = judge("BEARER-014", {&basic_only, &basic_only, &basic_only}, {}, mixed);
  EXPECT_EQ(v.outcome, Outcome::kPass) << v.message;
  EXPECT_NE(v.message.find("other schemes only"), std::string::npos) << v.message;
  EXPECT_EQ(judge("BEARER-014", {&none, &none, &none}, {}, mixed).outcome, Outcome::kFail);
  EXPECT_EQ(judge("BEARER-014", {&basic_only, &basic_only, &basic_only}, {}, bearer_only).outcome,
            Outcome::kFail);
}

}  // namespace
}  // namespace authspec::test
