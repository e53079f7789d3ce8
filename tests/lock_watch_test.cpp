// The lock watch on hand-built exchanges: when does a credential count as having stopped working,
// and which answers does that leave undecided?
#include "suite/lock_watch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <functional>

#include "suite/base64.h"
#include "suite/mock_profile.h"

namespace authspec::test {
namespace {

using namespace std::chrono_literals;

const Profile& mock_profile() {
  static const Profile p = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  return p;
}

const std::string kAlice = "Basic " + base64_encode("alice:wonderland-2026");
const auto kStart = std::chrono::system_clock::time_point{} + 1000h;

// `method target` with alice's credential (and any extra fields), sent `at` ms into the run and
// answered `status` 10 ms later.
Exchange alice(const std::string& method, const std::string& target, int status, int at,
               std::vector<HeaderLine> extra = {}) {
  Exchange ex;
  ex.request.method = method;
  ex.request.target = target;
  ex.request.headers = {{"Authorization", kAlice}};
  for (auto& h : extra) ex.request.headers.push_back(h);
  ex.request.credential = "basic:valid (alice)";
  ex.response.status = status;
  ex.started = kStart + std::chrono::milliseconds(at);
  ex.elapsed = 10ms;
  return ex;
}

TEST(LockWatch, WorkedThenRefusedTwiceIsALock) {
  std::deque<Exchange> run{alice("GET", "/api/data", 200, 0), alice("GET", "/api/admin", 401, 50),
                           alice("GET", "/api/basic/profile", 401, 60),
                           alice("POST", "/api/notes", 200, 20)};
  LockWatch watch(mock_profile());
  watch.observe(run);
  ASSERT_EQ(watch.notices().size(), 1u);
  EXPECT_NE(watch.notices()[0].find("Basic user alice worked, then got 401"), std::string::npos);
  EXPECT_TRUE(watch.carries_stopped(run[1].request));
  // Answered before the last working request went out: surely before the lock. The last working
  // request's own answer may already have come after it.
  EXPECT_EQ(watch.spoiled(run[0]), "");
  EXPECT_NE(watch.spoiled(run[3]), "");
  EXPECT_NE(watch.spoiled(run[1]).find("probably locked"), std::string::npos);
}

// Requests race: the ones that used up the account's logins may all have been variants (a HEAD,
// an extra field), and every plain question came after the lock. Their 2xx still proves the
// credential worked (the flake this test pins: the lock was taken for a profile error).
TEST(LockWatch, AnyAnswerWithTheCredentialShowsItWorked) {
  std::deque<Exchange> run{alice("HEAD", "/api/data", 200, 0),
                           alice("GET", "/api/admin", 200, 5, {{"X-Forwarded-For", "10.0.0.1"}}),
                           alice("GET", "/api/data", 401, 50),
                           alice("POST", "/api/notes", 401, 60)};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_EQ(watch.notices().size(), 1u);
  EXPECT_NE(watch.spoiled(run[2]).find("probably locked"), std::string::npos);
}

// Only the plain question counts as a refusal: a 401 to a request with other fields (an Origin, a
// second Authorization, an override header) may have another reason.
TEST(LockWatch, RefusalsOfVariantsAreNotALock) {
  std::deque<Exchange> run{
      alice("GET", "/api/data", 200, 0),
      alice("GET", "/api/admin", 401, 50, {{"Authorization", "Bearer x"}}),
      alice("GET", "/api/admin", 401, 60, {{"X-HTTP-Method-Override", "DELETE"}})};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_TRUE(watch.notices().empty());
}

// The same credential spelled otherwise (after two spaces, the scheme in lower case) is a variant
// too: a target that refuses those spellings (CHAL-010's defect) has not locked the account. The
// flake this pins: under token68-sloppy, the two-space spellings answered after the last 2xx was
// sent stopped alice for the rest of the run.
TEST(LockWatch, RefusalsOfOtherSpellingsAreNotALock) {
  const std::string b64 = kAlice.substr(6);
  std::deque<Exchange> run{alice("GET", "/api/data", 200, 0), alice("GET", "/api/data", 401, 50),
                           alice("POST", "/api/notes", 401, 60),
                           alice("GET", "/api/basic/profile", 401, 70)};
  run[1].request.headers = {{"Authorization", "Basic  " + b64}};
  run[2].request.headers = {{"Authorization", "basic " + b64}};
  run[3].request.headers = {{"Authorization", "BASIC   " + b64}};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_TRUE(watch.notices().empty());
  EXPECT_FALSE(watch.carries_stopped(run[0].request));
  // They still cast doubt: the plain question is asked again, and a 401 to it is a lock.
  const auto again = watch.rechecks();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].key(), run[0].request.key());
}

// The low identity refused, plainly, on the one resource it must not get: that is the
// insufficient-permission defect (AUTHZ-001 fails it), not a lock, however the answers raced.
TEST(LockWatch, RefusalsWhereTheIdentityHasNoPermissionAreNotALock) {
  const std::string bob = "Basic " + base64_encode("bob:builder-2026");
  auto as_bob = [&](Exchange ex) {
    ex.request.headers = {{"Authorization", bob}};
    return ex;
  };
  std::deque<Exchange> run{as_bob(alice("GET", "/api/data", 200, 0)),
                           as_bob(alice("GET", "/api/admin", 401, 50)),
                           as_bob(alice("GET", "/api/admin", 401, 60))};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_TRUE(watch.notices().empty());
  // The same refusals on resources it may use are a lock.
  run.push_back(as_bob(alice("GET", "/api/basic/profile", 401, 70)));
  run.push_back(as_bob(alice("POST", "/api/notes", 401, 80)));
  LockWatch locked(mock_profile());
  locked.observe(run);
  ASSERT_EQ(locked.notices().size(), 1u);
  EXPECT_NE(locked.notices()[0].find("low-privilege Basic user bob"), std::string::npos);
}

// A role identity whose credential the profile gives ([identity.editor]'s token) is watched like
// the [basic] user: refused twice, plainly, where it may go, after it worked. Where its role is
// refused, a 401 is AUTHZ-001's defect, not a lock ([identity.reader] is bob, refused on the
// reviews and the admin resource).
TEST(LockWatch, RoleIdentitiesAreWatchedWhereTheyMayGo) {
  auto as = [](const std::string& authorization, Exchange ex) {
    ex.request.headers = {{"Authorization", authorization}};
    return ex;
  };
  const std::string editor = "Bearer mock-token-dave-6a1f3b52";
  std::deque<Exchange> run{as(editor, alice("GET", "/api/data", 200, 0)),
                           as(editor, alice("GET", "/api/admin", 401, 40)),
                           as(editor, alice("GET", "/api/reviews", 401, 50)),
                           as(editor, alice("GET", "/api/data", 401, 60))};
  LockWatch watch(mock_profile());
  watch.observe(run);
  ASSERT_EQ(watch.notices().size(), 1u);
  EXPECT_NE(watch.notices()[0].find("the identity editor worked, then got 401"), std::string::npos)
      << watch.notices()[0];
  EXPECT_NE(watch.notices()[0].find("GET /api/reviews"), std::string::npos) << watch.notices()[0];
  EXPECT_NE(watch.spoiled(run[3]).find("probably locked"), std::string::npos);

  // Worked on /api/data, then refused by `first` and `second` (method, target): not a lock.
  using Place = std::pair<std::string, std::string>;
  auto no_lock = [&](const std::string& credential, const Place& first, const Place& second) {
    const std::deque<Exchange> refused{as(credential, alice("GET", "/api/data", 200, 0)),
                                       as(credential, alice(first.first, first.second, 401, 50)),
                                       as(credential, alice(second.first, second.second, 401, 60))};
    LockWatch fine(mock_profile());
    fine.observe(refused);
    EXPECT_TRUE(fine.notices().empty()) << credential << " " << first.second;
  };
  no_lock("Basic " + base64_encode("bob:builder-2026"), {"GET", "/api/reviews"},
          {"GET", "/api/admin"});
  // Where its role says nothing (the Bearer reports, the notes), the editor's 401s are no lock
  // either.
  no_lock(editor, {"GET", "/api/bearer/reports"}, {"POST", "/api/notes"});
}

// Worked on `resource`, then refused twice there (`as` puts the credential on each request).
std::deque<Exchange> worked_then_refused(const std::function<Exchange(Exchange)>& as,
                                         const std::string& resource) {
  return {as(alice("GET", resource, 200, 0)), as(alice("GET", resource, 401, 50)),
          as(alice("GET", resource, 401, 60))};
}

// The [apikey] key (in X-API-Key) is watched where [apikey] says it opens: refused there twice,
// plainly, after it worked, it stopped working. A 401 on the foreign object (another user's,
// APIKEY's own question), or to the field name spelled otherwise, is no lock.
TEST(LockWatch, AnApiKeyIsWatchedWhereItOpens) {
  const std::string key = "mock-key-alice-3f9a1c27d0";
  auto keyed = [&](const std::string& field) {
    return [=](Exchange ex) {
      ex.request.headers = {{field, key}};
      return ex;
    };
  };
  const std::deque<Exchange> run = worked_then_refused(keyed("X-API-Key"), "/api/keyed/header");
  LockWatch watch(mock_profile());
  watch.observe(run);
  ASSERT_EQ(watch.notices().size(), 1u);
  EXPECT_NE(watch.notices()[0].find("the API key worked, then got 401"), std::string::npos)
      << watch.notices()[0];
  EXPECT_NE(watch.spoiled(run[2]).find("the key was probably revoked or expired"),
            std::string::npos);
  EXPECT_TRUE(watch.carries_stopped(run[0].request));

  std::deque<Exchange> foreign = worked_then_refused(keyed("X-API-Key"), "/api/keyed/header");
  for (auto i : {1, 2}) foreign[i].request.target = "/api/keyed/objects/bob-1";
  std::deque<Exchange> spelled = worked_then_refused(keyed("x-api-key"), "/api/keyed/header");
  spelled[0].request.headers[0].first = "X-API-Key";
  for (const auto* fine : {&foreign, &spelled}) {
    LockWatch not_locked(mock_profile());
    not_locked.observe(*fine);
    EXPECT_TRUE(not_locked.notices().empty()) << (*fine)[1].request.target;
  }
}

// A key read from the query is found there, appended as the APIKEY checks append it, and the
// notice names the resource without the key. A cookie identity is watched where it may go.
TEST(LockWatch, KeysInTheQueryAndCookiesAreWatchedToo) {
  std::string text = kMockProfile;
  const auto header_key = text.find("in = header\nname = X-API-Key\n");
  ASSERT_NE(header_key, std::string::npos);
  text.replace(header_key, std::string("in = header\nname = X-API-Key\n").size(),
               "in = query\nname = api_key\n");
  text += "\n[identity.tab]\ncookie = sid=tab-session-1\nmay = GET /api/data\n";
  const Profile profile = load_profile_text(text, "mock.ini", {}, mock_fixture_file);

  const std::deque<Exchange> queried = worked_then_refused(
      [](Exchange ex) {
        ex.request.headers.clear();
        ex.request.target += "?api_key=mock-key-alice-3f9a1c27d0";
        return ex;
      },
      "/api/keyed/header");
  LockWatch watch(profile);
  watch.observe(queried);
  ASSERT_EQ(watch.notices().size(), 1u);
  EXPECT_NE(watch.notices()[0].find("(GET /api/keyed/header)"), std::string::npos)
      << watch.notices()[0];
  EXPECT_EQ(watch.notices()[0].find("mock-key"), std::string::npos) << watch.notices()[0];

  auto with_cookie = [](Exchange ex) {
    ex.request.headers = {{"Cookie", "sid=tab-session-1"}};
    return ex;
  };
  const std::deque<Exchange> session = worked_then_refused(with_cookie, "/api/data");
  LockWatch cookie_watch(profile);
  cookie_watch.observe(session);
  ASSERT_EQ(cookie_watch.notices().size(), 1u);
  EXPECT_NE(cookie_watch.notices()[0].find("the identity tab worked"), std::string::npos);
  EXPECT_NE(cookie_watch.notices()[0].find("the session probably ended"), std::string::npos);
  // Where its role says nothing, a 401 to it is no lock.
  std::deque<Exchange> elsewhere_run = session;
  for (auto i : {1, 2}) elsewhere_run[i].request.target = "/api/admin";
  LockWatch elsewhere(profile);
  elsewhere.observe(elsewhere_run);
  EXPECT_TRUE(elsewhere.notices().empty());
}

// Every plain question answered 2xx and only variants got 401 afterwards: the lock and the
// target's real answers to the variants look the same. The watch asks the plain question again;
// a 401 to it settles the lock, a 2xx clears the credential (the flake this pins: the account
// locked after the plain questions, and the variants' 401s failed checks).
TEST(LockWatch, RefusedVariantsAfterSuccessAskThePlainQuestionAgain) {
  std::deque<Exchange> run{alice("GET", "/api/data", 200, 0), alice("HEAD", "/api/data", 401, 50),
                           alice("GET", "/api/objects/bob-1", 401, 60)};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_TRUE(watch.notices().empty());
  const auto again = watch.rechecks();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].key(), run[0].request.key());
  EXPECT_EQ(again[0].step, LockWatch::kRecheckStep);

  auto refused = run;
  refused.push_back(alice("GET", "/api/data", 401, 100));
  refused.back().request.step = LockWatch::kRecheckStep;
  LockWatch locked(mock_profile());
  locked.observe(refused);
  ASSERT_EQ(locked.notices().size(), 1u);
  EXPECT_NE(locked.spoiled(refused[1]).find("probably locked"), std::string::npos);
  EXPECT_TRUE(locked.rechecks().empty());

  auto answered = run;
  answered.push_back(alice("GET", "/api/data", 200, 100));
  answered.back().request.step = LockWatch::kRecheckStep;
  LockWatch fine(mock_profile());
  fine.observe(answered);
  EXPECT_TRUE(fine.notices().empty());
  EXPECT_EQ(fine.spoiled(answered[1]), "");
}

// The plain question is asked again once per doubt: after the batch whose variant got the 401,
// not after every later batch, and again when a later batch brings a new one.
TEST(LockWatch, AsksAgainOncePerDoubt) {
  std::deque<Exchange> run{alice("GET", "/api/data", 200, 0), alice("HEAD", "/api/data", 401, 50)};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_EQ(watch.rechecks().size(), 1u);
  run.push_back(alice("GET", "/api/data", 200, 100));
  run.back().request.step = LockWatch::kRecheckStep;
  run.push_back(alice("POST", "/api/notes", 200, 110));
  watch.observe(run);
  EXPECT_TRUE(watch.rechecks().empty());
  run.push_back(alice("HEAD", "/api/data", 401, 150));
  watch.observe(run);
  EXPECT_EQ(watch.rechecks().size(), 1u);
  EXPECT_TRUE(watch.notices().empty());
}

// A run where the credential never got a 401 after working asks nothing again.
TEST(LockWatch, NoRecheckWithoutARefusal) {
  std::deque<Exchange> run{alice("GET", "/api/data", 200, 0), alice("HEAD", "/api/data", 200, 5)};
  LockWatch watch(mock_profile());
  watch.observe(run);
  EXPECT_TRUE(watch.rechecks().empty());
}

// The runner observes after each batch: a run read in pieces gives what the whole run gives,
// including when a later piece holds an answer to a request sent before ones already read.
TEST(LockWatch, ARunReadInPiecesIsReadAsAWhole) {
  const std::deque<Exchange> whole{alice("GET", "/api/data", 200, 0),
                                   alice("GET", "/api/admin", 401, 50),
                                   alice("GET", "/api/basic/profile", 401, 60)};
  for (const std::vector<std::size_t>& order :
       {std::vector<std::size_t>{0, 1, 2}, std::vector<std::size_t>{1, 2, 0}}) {
    std::deque<Exchange> run;
    LockWatch watch(mock_profile());
    for (const std::size_t i : order) {
      run.push_back(whole[i]);
      watch.observe(run);
    }
    ASSERT_EQ(watch.notices().size(), 1u) << "order " << order[0] << order[1] << order[2];
    EXPECT_NE(watch.notices()[0].find("(GET /api/admin)"), std::string::npos);
    EXPECT_NE(watch.spoiled(whole[2]), "");
  }
}

// Never worked, or worked again later: not a lock (the first is the profile's problem).
TEST(LockWatch, NeverWorkedOrWorkedAgainIsNotALock) {
  std::deque<Exchange> never{alice("GET", "/api/data", 401, 0), alice("GET", "/api/admin", 401, 5)};
  std::deque<Exchange> again{alice("GET", "/api/data", 200, 0), alice("GET", "/api/admin", 401, 50),
                             alice("GET", "/api/basic/profile", 401, 60),
                             alice("GET", "/api/data", 200, 70)};
  for (const auto* run : {&never, &again}) {
    LockWatch watch(mock_profile());
    watch.observe(*run);
    EXPECT_TRUE(watch.notices().empty());
  }
}

}  // namespace
}  // namespace authspec::test
