// CI gating beyond the verdicts: a baseline (a previous JSON report: only new failures gate) and
// waivers (accepted failures with a reason and an expiry date).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "suite/runner.h"

namespace authspec {

struct Waiver {
  std::string check;     // a check ID
  std::string resource;  // a shell glob over the result's resource ("*" for every one)
  std::string expires;   // YYYY-MM-DD: the waiver holds through that day (UTC)
  std::string reason;
  int line = 0;
  bool policy = false;  // from the profile's deployment policy, not a file: never stale
};

// Reads a waivers file: one waiver per line, fields separated by " | " (resources contain
// spaces); '#' starts a comment line:
//   BASIC-006 | GET /protected/* | 2027-01-31 | nginx compares passwords as C strings (#42)
// Throws std::runtime_error "FILE:LINE: what is wrong".
std::vector<Waiver> load_waivers(const std::string& path);

// What the baseline and the waivers say of each result (parallel to RunResult::results).
struct Annotations {
  // "" (no baseline), "new", "unchanged" or "fixed"; "waived" or "waiver expired" when a waiver
  // matched the result.
  std::vector<std::string> baseline, waiver;
  std::vector<std::string> waiver_reason;  // "until 2027-01-31: <reason>" where a waiver matched
  std::vector<std::string> stale_waivers;  // waivers that matched no failing result
  std::vector<std::string> gone;           // baseline failures whose check/resource did not run
  // Does the result still count for the gate?
  bool gates(std::size_t i) const;
};

// A baseline run's verdicts, by "CHECK RESOURCE" (read from its JSON report by the caller).
using BaselineVerdicts = std::map<std::string, std::string>;

// `today` is YYYY-MM-DD (UTC).
Annotations annotate(const RunResult& run, const std::optional<BaselineVerdicts>& baseline,
                     const std::vector<Waiver>& waivers, const std::string& today);

bool is_failure(Outcome o);

}  // namespace authspec
