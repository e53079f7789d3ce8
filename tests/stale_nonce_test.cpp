// Digest answers that went out after their nonce had gone stale are sent again with the fresh
// nonce of the target's stale=true answer (suite/stale_nonce.h), and those are judged.
#include "suite/stale_nonce.h"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <thread>

#include "cli/run_target.h"
#include "mock_server/mock_server.h"
#include "suite/plan.h"
#include "suite/registry.h"
#include "suite/runner.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

Exchange answered(const std::string& authorization, int status, const std::string& challenge) {
  Exchange ex;
  ex.request.target = "/api/digest";
  if (!authorization.empty()) ex.request.headers.push_back({"Authorization", authorization});
  ex.response.status = status;
  if (!challenge.empty()) ex.response.headers.push_back({"WWW-Authenticate", challenge});
  return ex;
}

const std::string kAnswer =
    "Digest username=\"u\", realm=\"r\", nonce=\"old\", uri=\"/api/digest\", response=\"x\"";

TEST(StaleNonce, OnlyADigestAnswerRefusedWithStaleTrueIsRenewed) {
  EXPECT_TRUE(refused_as_stale(
      answered(kAnswer, 401, "Digest realm=\"r\", nonce=\"new\", stale=true, algorithm=MD5")));
  EXPECT_TRUE(refused_as_stale(answered(kAnswer, 401,
                                        "Digest realm=\"r\", nonce=\"n\", "
                                        "STALE=\"TRUE\"")));
  // Not stale, not a 401, no Digest credentials, or a request that waited for this on purpose.
  EXPECT_FALSE(refused_as_stale(answered(kAnswer, 401, "Digest realm=\"r\", nonce=\"n\"")));
  EXPECT_FALSE(
      refused_as_stale(answered(kAnswer, 401, "Digest realm=\"r\", nonce=\"n\", stale=false")));
  EXPECT_FALSE(refused_as_stale(answered(kAnswer, 400, "Digest realm=\"r\", stale=true")));
  EXPECT_FALSE(refused_as_stale(answered("Basic dTpw", 401, "Digest realm=\"r\", stale=true")));
  EXPECT_FALSE(refused_as_stale(answered("", 401, "Digest realm=\"r\", stale=true")));
  Exchange timed = answered(kAnswer, 401, "Digest realm=\"r\", nonce=\"n\", stale=true");
  timed.request.not_before = std::chrono::system_clock::now();
  EXPECT_FALSE(refused_as_stale(timed));
  Exchange broken = answered(kAnswer, 401, "Digest realm=\"r\", stale=true");
  broken.failure = FailureKind::kTimeout;
  EXPECT_FALSE(refused_as_stale(broken));
}

TEST(StaleNonce, TheFirstStepThatIssuedTheNonceIsReplacedByTheStaleAnswer) {
  const Exchange other = answered("", 401, "Digest realm=\"r\", nonce=\"elsewhere\"");
  const Exchange issuer = answered("", 401, "Digest realm=\"r\", nonce=\"old\"");
  const Exchange stale = answered(kAnswer, 401, "Digest realm=\"r\", nonce=\"new\", stale=true");
  Evidence first;
  first.mine = {&other, &issuer};
  first.steps = {"other", "nonce"};
  const auto renewed = with_fresh_nonce(first, stale);
  ASSERT_TRUE(renewed);
  EXPECT_EQ(&renewed->step("nonce"), &stale);
  EXPECT_EQ(&renewed->step("other"), &other);
  // A nonce no first step issued: nothing to rebuild from.
  first.mine = {&other};
  first.steps = {"other"};
  EXPECT_FALSE(with_fresh_nonce(first, stale));
}

// CHAL-009 and DIGEST-013 (five Digest answers: four notations and a hashed user name) against a
// mock whose nonces live 300 ms, `hold` called on each exchange as the run reports it (where a
// test holds the run up). Every answer that went out stale (`stale` in all) was sent again with
// the fresh nonce, and the checks pass on answers the target did not call stale.
void expect_stale_answers_renewed(const std::function<void(const Exchange&)>& hold,
                                  std::size_t stale) {
  mock::MockOptions options;
  options.clocks.nonce_ms = 300;
  mock::MockServer server(options);
  server.start();
  TempDir tmp;
  const std::string path = tmp.write("mock.ini", mock_profile_text(endpoints_of(server, tmp)));
  const Profile profile = load_profile(path, {});
  std::vector<const Check*> checks;
  for (const auto& c : catalogue())
    if (c.id == "CHAL-009" || c.id == "DIGEST-013" || c.id == "DIGEST-006") checks.push_back(&c);
  ASSERT_EQ(checks.size(), 3u);
  RunOptions run;
  run.prober = prober_options_for(profile);
  run.deadline = std::chrono::seconds(30);
  run.on_exchange = hold;
  const RunResult result = execute(profile, build_plan(profile, checks), run);
  ASSERT_TRUE(result.aborted.empty()) << result.aborted;
  std::size_t refused = 0, renewed = 0;
  for (const auto& ex : result.exchanges) {
    refused += refused_as_stale(ex);
    renewed += ex.preceded.find("stale=true") != std::string::npos;
  }
  EXPECT_EQ(refused, stale);
  EXPECT_EQ(renewed, stale);  // each stale answer sent once more
  for (const auto& r : result.results) {
    EXPECT_EQ(r.verdict.outcome, Outcome::kPass) << r.check->id << ": " << r.verdict.message;
    for (const auto* ex : r.exchanges) EXPECT_FALSE(refused_as_stale(*ex)) << r.check->id;
  }
}

// The run is held up for longer than a nonce lives between the nonce requests and the answers
// built from them (as a loaded machine or a distant target would), so every answer goes out
// stale. The runner sends each again with the fresh nonce and the checks pass: DIGEST-006 among
// them, which checks the answer's rspauth over the nonce it carried (it warned "no correct
// rspauth" when it recomputed the answer from the first nonce).
TEST(StaleNonce, AnswersThatWentOutStaleAreSentAgainAndJudgedOnTheFreshNonce) {
  std::atomic<bool> held{false};
  expect_stale_answers_renewed(
      [&](const Exchange&) {
        if (!held.exchange(true)) std::this_thread::sleep_for(std::chrono::milliseconds(600));
      },
      7);
}

// Slower still: the run is held up again before the renewal, so the renewed answers (built from
// nonces the target issued a round earlier) go out stale as well. They are renewed once more from
// their own stale answers' newer nonces (seven answers, stale twice), and the checks pass.
TEST(StaleNonce, RenewedAnswersThatWentStaleAgainAreRenewedOnceMore) {
  std::atomic<bool> first_held{false}, stale_held{false};
  expect_stale_answers_renewed(
      [&](const Exchange& ex) {
        // Once after the first round (the answers go stale), once after the first stale answer
        // is seen (the renewal goes stale too).
        if (!first_held.exchange(true) || (refused_as_stale(ex) && !stale_held.exchange(true)))
          std::this_thread::sleep_for(std::chrono::milliseconds(600));
      },
      14);
}

}  // namespace
}  // namespace authspec::test
