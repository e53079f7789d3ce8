// The catalogue's own rules: every check quotes the sentence it enforces, at that sentence's
// level, and every judge survives evidence that was never sent (issue: verdicts people can trust).
#include <gtest/gtest.h>

#include <set>

#include "suite/citations.h"
#include "suite/mock_profile.h"
#include "suite/registry.h"
#include "suite/runner.h"

namespace authspec {
namespace {

int rank(Level l) {
  switch (l) {
    case Level::kMust:
      return 3;
    case Level::kShould:
      return 2;
    case Level::kBestPractice:
      return 1;
    case Level::kPrerequisite:
      return 0;
  }
  return 0;
}

TEST(Citations, KeywordLevelReadsUpperCaseBcp14KeywordsOnly) {
  EXPECT_EQ(keyword_level("A server MUST send it."), Level::kMust);
  EXPECT_EQ(keyword_level("The server MUST NOT send content."), Level::kMust);
  EXPECT_EQ(keyword_level("The parameter 'realm' is REQUIRED"), Level::kMust);
  EXPECT_EQ(keyword_level("it SHALL be ignored"), Level::kMust);
  EXPECT_EQ(keyword_level("it SHOULD NOT be used"), Level::kShould);
  EXPECT_EQ(keyword_level("Explicit typing is RECOMMENDED."), Level::kShould);
  EXPECT_EQ(keyword_level("This is NOT RECOMMENDED."), Level::kShould);
  EXPECT_EQ(keyword_level("it MAY include it"), Level::kBestPractice);
  EXPECT_EQ(keyword_level("Use of this claim is OPTIONAL."), Level::kBestPractice);
  // Lower case is plain English (RFC 8174), and "ought to" is RFC 9110's word for advice.
  EXPECT_EQ(keyword_level("should be uniquely generated"), Level::kBestPractice);
  EXPECT_EQ(keyword_level("ought to respond with the 403"), Level::kBestPractice);
  EXPECT_EQ(keyword_level("MUSTARD"), Level::kBestPractice);
}

// The level rule, check by check: never above the quote's keyword; below it only with the reason
// written down; MUST and SHOULD only with a sentence that says so.
TEST(Citations, EveryCheckQuotesASentenceAtItsLevel) {
  for (const auto& c : catalogue()) {
    SCOPED_TRACE(c.id);
    EXPECT_FALSE(c.quote_source.empty());
    if (c.level == Level::kPrerequisite) continue;
    if (c.quote.empty()) {
      EXPECT_EQ(c.level, Level::kBestPractice) << "a MUST or SHOULD needs its sentence";
      EXPECT_FALSE(c.level_note.empty()) << "no quote: the note must say why";
      continue;
    }
    const Level keyword = keyword_level(c.quote);
    EXPECT_LE(rank(c.level), rank(keyword))
        << level_name(c.level) << " above the quote's " << level_name(keyword);
    if (rank(c.level) < rank(keyword)) {
      EXPECT_FALSE(c.level_note.empty())
          << level_name(c.level) << " below the quote's " << level_name(keyword) << " needs a why";
    }
    EXPECT_LT(c.quote.size(), 400u) << "a short quote";
  }
}

TEST(Citations, EveryCitationBelongsToACheck) {
  std::set<std::string> ids;
  for (const auto& c : catalogue()) ids.insert(c.id);
  std::set<std::string> seen;
  for (const auto& c : citations()) {
    EXPECT_TRUE(ids.count(c.id)) << c.id << " is cited but no check has that id";
    EXPECT_TRUE(seen.insert(c.id).second) << c.id << " is cited twice";
  }
}

// Levels decided in the verdict-trust review; docs/levels.md lists them with the reasons.
TEST(Citations, LevelsDecidedForTheCasesFoundOnRealServers) {
  const std::map<std::string, Level> decided = {
      {"CHAL-013", Level::kBestPractice},  // a second Authorization field: §5.3 binds the sender
      {"CHAL-018", Level::kBestPractice},  // trailing junk after token68: §2.2 lets it recover
      {"BASIC-005", Level::kBestPractice},
      {"DIGEST-010", Level::kBestPractice},  // username and username*: RFC 7616 binds the client
      {"DIGEST-013", Level::kBestPractice},  // userhash is OPTIONAL
      {"DIGEST-003", Level::kBestPractice},  // MD5-only Digest
      {"JWT-016", Level::kBestPractice},     // explicit typing
      {"JWT-017", Level::kBestPractice},     // exp is OPTIONAL
      {"JWT-018", Level::kBestPractice},     // revocation
      {"TLS-001", Level::kShould},           // Basic over cleartext: RFC 7617 §4 SHOULD NOT
      {"BEARER-014", Level::kMust},          // malformed Bearer: RFC 6750 §3 MUST challenge
      {"CHAL-001", Level::kMust},
  };
  for (const auto& c : catalogue())
    if (const auto it = decided.find(c.id); it != decided.end()) {
      EXPECT_EQ(c.level, it->second) << c.id;
    }
}

// Each judge, fed fewer exchanges than it planned (a budget or deadline cut the run, or a
// follow-up was never built), gives a result and says why instead of reading past its evidence.
TEST(Judges, TruncatedEvidenceIsUndecidedNeverUndefined) {
  const Profile profile = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  ControlTable controls;
  Exchange answered;
  answered.response.status = 200;
  answered.response.status_line = "HTTP/1.1 200 OK";
  int missing_steps = 0;  // results that said a step was not sent
  for (const auto& check : catalogue()) {
    if (!check.judge) continue;
    const Resource* resource =
        check.scope == Scope::kRun ? nullptr : &profile.protected_resources.front();
    Context ctx{profile, resource, &controls};
    const Plan plan = check.plan ? check.plan(ctx) : Plan{};
    if (!plan.skip.empty()) continue;
    for (std::size_t n = 0; n < plan.requests.size() + (check.follow_up ? 2 : 0); ++n) {
      SCOPED_TRACE(check.id + " with " + std::to_string(n) + " exchanges");
      Evidence ev;
      for (std::size_t i = 0; i < n; ++i) ev.mine.push_back(&answered);
      ev.all = ev.mine;
      const Verdict v = decide(check, ctx, ev, plan.requests.size());
      if (v.outcome == Outcome::kError) {
        EXPECT_FALSE(v.message.empty());  // an undecided result always says why
        missing_steps += v.message.find("not sent") != std::string::npos;
      }
      EXPECT_TRUE(v.outcome == Outcome::kError || v.outcome == Outcome::kSkip || n > 0)
          << "decided on no evidence at all: " << outcome_name(v.outcome) << " " << v.message;
    }
  }
  EXPECT_GT(missing_steps, 50);
}

}  // namespace
}  // namespace authspec
