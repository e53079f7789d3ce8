// Every judge on recorded evidence: for each check, a passing case from the compliant mock and a
// failing case from the defect written for it (tests/judge_cases/, recorded by
// tests/record_judge_cases from real runs), replayed through decide() with no network. A judge
// change that alters a verdict on the same answers shows here, in milliseconds, naming the check.
// The few checks no mock defect trips have hand-built cases in judges_test.cpp.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "suite/registry.h"
#include "tests/support/judge_cases.h"

namespace authspec::test {
namespace {

// The recorded cases of one check, from its family's file (CTest runs each check in a process of
// its own: reading only that file keeps each one to milliseconds).
std::vector<JudgeCase> cases_of(const std::string& id) {
  const std::string family = id.substr(0, id.find('-'));
  std::ifstream in(std::string(AUTHSPEC_SOURCE_DIR) + "/tests/judge_cases/" + family + ".json");
  std::vector<JudgeCase> out;
  if (!in) return out;
  for (const auto& j : nlohmann::json::parse(in))
    if (j["check"] == id) out.push_back(case_from_json(j));
  return out;
}

// Checks no mock defect makes fail (their failing cases are hand-built in judges_test.cpp).
const std::set<std::string> kNoDefect = {"CHAL-000", "STAT-001", "DIGEST-004", "BEARER-001",
                                         "TLS-003"};

class JudgeReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(JudgeReplay, PassesAndFailsAsRecorded) {
  const std::string id = GetParam();
  const auto cases = cases_of(id);
  ASSERT_FALSE(cases.empty()) << id << " has no recorded case: run record_judge_cases";
  bool passed = false, failed = false;
  for (const JudgeCase& c : cases) {
    const Verdict v = replay(c);
    EXPECT_EQ(outcome_name(v.outcome), c.expect)
        << id << " on " << c.resource << " (" << c.run << "): " << v.message;
    EXPECT_EQ(v.message, c.message) << id << " (" << c.run << ")";
    passed = passed || c.expect == "pass";
    failed = failed || c.expect == "fail" || c.expect == "warn";
    // What proves a failure is part of the evidence the check was given.
    if (c.expect != "pass") {
      for (const Exchange* shown : v.shown) EXPECT_NE(shown, nullptr) << id;
    }
  }
  EXPECT_TRUE(passed) << id << " has no passing case";
  if (!kNoDefect.count(id)) {
    EXPECT_TRUE(failed) << id << " has no failing case";
  }
}

std::vector<std::string> all_checks() {
  std::vector<std::string> out;
  for (const auto& c : catalogue()) out.push_back(c.id);
  return out;
}

INSTANTIATE_TEST_SUITE_P(Catalogue, JudgeReplay, ::testing::ValuesIn(all_checks()),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (auto& ch : name)
                             if (ch == '-') ch = '_';
                           return name;
                         });

}  // namespace
}  // namespace authspec::test
