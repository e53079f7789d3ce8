// Every judge on recorded evidence: for each check, a passing case from the compliant mock and a
// failing case from the defect written for it (tests/judge_cases/, recorded by
// tests/record_judge_cases from real runs), replayed through decide() with no network. A judge
// change that alters a verdict on the same answers shows here, in milliseconds, naming the check.
// The few checks no mock defect trips have hand-built cases in judges_test.cpp.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "suite/registry.h"
#include "tests/support/judge_cases.h"

namespace authspec::test {
namespace {

const std::map<std::string, std::vector<JudgeCase>>& cases_by_check() {
  static const auto cases = [] {
    std::map<std::string, std::vector<JudgeCase>> out;
    const std::filesystem::path dir = std::string(AUTHSPEC_SOURCE_DIR) + "/tests/judge_cases";
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(file.path());
      for (const auto& j : nlohmann::json::parse(in)) {
        JudgeCase c = case_from_json(j);
        out[c.check].push_back(std::move(c));
      }
    }
    return out;
  }();
  return cases;
}

// Checks no mock defect makes fail (their failing cases are hand-built in judges_test.cpp).
const std::set<std::string> kNoDefect = {"CHAL-000", "STAT-001", "DIGEST-004", "BEARER-001",
                                         "TLS-003"};

class JudgeReplay : public ::testing::TestWithParam<std::string> {};

TEST_P(JudgeReplay, PassesAndFailsAsRecorded) {
  const std::string id = GetParam();
  const auto it = cases_by_check().find(id);
  ASSERT_NE(it, cases_by_check().end()) << id << " has no recorded case: run record_judge_cases";
  bool passed = false, failed = false;
  for (const JudgeCase& c : it->second) {
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
