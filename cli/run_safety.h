// The stops of authspec run: before sending (a plan that would write where the profile does not
// allow it; a dry run's plan) and after (an aborted run, an unreadable or failed positive
// control), each one line and a documented exit code.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include "suite/mask.h"
#include "suite/plan.h"
#include "suite/runner.h"
#include "suite/scoring.h"

namespace authspec {

// The safety stop's line, or "": nothing state-changing goes to a resource the profile has not
// marked writes-ok.
std::string unsafe_request(const Profile& profile, const RunPlan& plan, const Masker& masker);

// --dry-run: the requests and the checks they serve; nothing is sent.
void print_plan(const Profile& profile, const RunPlan& plan, const Masker& masker,
                std::ostream& out);

// After the run: the exit code that overrides the gate's (an aborted run, a positive control that
// failed), with its line on `err`; nullopt when the gate decides.
std::optional<int> run_stop(const RunResult& run, const Score& score, const Masker& masker,
                            std::ostream& err);

}  // namespace authspec
