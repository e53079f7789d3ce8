// Score, grade, caps, coverage and the CI gate, from the verdicts alone.
#pragma once

#include <string>
#include <vector>

#include "suite/runner.h"

namespace authspec {

// Weights per level (docs/ci.md "Scoring and the gate"): MUST 3, SHOULD 2. A warn earns half its
// weight. Best-practice results never lower the score; they can only lift a conformant A to A+.
inline constexpr int kWeightMust = 3;
inline constexpr int kWeightShould = 2;

enum class FailOn { kMust, kShould, kAny };

struct Counts {
  int passed = 0, failed = 0, warned = 0, skipped = 0, errors = 0;
  int total() const { return passed + failed + warned + skipped + errors; }
};

// The results of one operation of the API description ([description]), for reports that group
// by operation.
struct OperationCounts {
  std::string name;     // the operationId, else METHOD PATH-TEMPLATE
  std::string label;    // METHOD PATH-TEMPLATE
  std::string pointer;  // where the description has it
  Counts counts;
  std::vector<std::string> not_passing;  // "CHAL-003 fail", in result order
};

struct Score {
  int score = 0;                  // 0-100 over applicable MUST and SHOULD results
  std::string grade;              // A+, A, B, C, D, F ("-" when nothing applicable)
  std::vector<std::string> caps;  // every cap applied to the grade, and why
  Counts counts;
  std::vector<std::pair<std::string, Counts>> families;  // in catalogue order
  // Coverage: what the profile let the run exercise.
  std::vector<std::string> schemes, identities, not_covered;
  std::size_t protected_resources = 0, public_resources = 0;
  bool mostly_skipped = false;
  bool control_failed = false;  // a positive control (CHAL-000) failed: a profile error
  // By operation, in the description's order (operations with results only); empty when the
  // profile names no API description.
  std::vector<OperationCounts> operations;
};

Score score_run(const Profile& profile, const RunResult& run);

struct Gate {
  bool passed = true;
  std::vector<std::string> reasons;  // why it failed
  std::vector<bool> failed_by;       // per result: did this result fail the gate?
};
struct Annotations;
// `notes` (a baseline, waivers): results it says no longer gate are left out.
Gate apply_gate(const Score& score, const RunResult& run, FailOn fail_on, int fail_under,
                const Annotations* notes = nullptr);

}  // namespace authspec
