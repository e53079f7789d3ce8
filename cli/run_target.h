// What a run is aimed at, settled before anything is sent: the checks (selection and shard), the
// target (the bundled mock started on a loopback port, or the profile's server) and the inputs
// read from files (baseline, waivers) and the report paths, each checked now so that a bad one
// costs no request.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <vector>

#include "cli/run_args.h"
#include "mock_server/mock_server.h"
#include "suite/gating.h"
#include "suite/prober.h"
#include "suite/profile.h"
#include "suite/token_refresh.h"

namespace authspec {

struct RunTarget {
  std::vector<const Check*> checks;
  Profile profile;
  std::unique_ptr<mock::MockServer> mock;  // the embedded mock, stopped with the target
  std::optional<BaselineVerdicts> baseline;
  std::vector<Waiver> waivers;
  std::shared_ptr<TokenRefresher> token;  // the fetched [oauth] token, renewed during the run
};

// How the prober reaches the profile's target: its origin, TLS material and user agent.
ProberOptions prober_options_for(const Profile& profile);

// Fills `target`; returns the exit code when the run cannot start (one line on `err`), nullopt
// when it can.
std::optional<int> open_target(const RunArgs& a, RunTarget& target, std::ostream& err);

}  // namespace authspec
