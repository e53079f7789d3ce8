// Recorded judge cases: one check's own exchanges from a real run against the mock (compliant,
// or with the defect that check is written for), with the step names, the positive controls and
// the other exchanges its verdict rested on. Replaying one calls the judge exactly as the runner
// does (decide()), with no network, in microseconds. tests/record_judge_cases writes them to
// tests/judge_cases/; judge_replay_test replays every one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "suite/runner.h"

namespace authspec::test {

struct JudgeCase {
  std::string check, resource;  // "CHAL-002", "GET /api/data" ("*" for a run-wide check)
  std::string run;              // "compliant" or the mock defect it was recorded under
  std::string expect;           // the recorded outcome: pass, fail, warn
  std::string message;          // the recorded message
  std::size_t planned = 0;      // first-step requests of its plan
  std::vector<std::string> steps;
  std::vector<Exchange> mine;   // its own exchanges, in plan order
  std::vector<Exchange> extra;  // other exchanges of the run its verdict rested on
  // The run's order of mine and extra ("m0", "x0", "m1", ...): what a run-wide judge reads.
  std::vector<std::string> all;
  std::string origin, http_url, proxy_url;  // the mock's addresses in that run
  ControlTable controls;
};

nlohmann::json case_to_json(const JudgeCase& c);
JudgeCase case_from_json(const nlohmann::json& j);
// The verdict of the case's check on its recorded evidence, decided as the runner decides it.
Verdict replay(const JudgeCase& c);

}  // namespace authspec::test
