// Learned protected-content markers: for a protected resource without a canary, the run asks it
// twice with valid credentials and once without, before the plan is built, and takes as its
// marker a word both authorised answers hold and the anonymous one does not (what changes per
// response, such as a request id or a time, is dropped by the second answer).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "suite/prober.h"
#include "suite/profile.h"

namespace authspec {

// The marker of the protected content: the longest word (8 or more letters, digits and -_.:@)
// that both authorised bodies hold and the anonymous body does not; "" when there is none.
std::string marker_between(const std::string& authorised, const std::string& again,
                           const std::string& anonymous);

// Does `r` need a marker learned: a GET (or writes-ok) protected resource, not a HEAD twin, with
// no canary of its own or the profile's, and valid credentials to ask it with.
bool needs_learning(const Profile& p, const Resource& r);

// Learns a canary for every GET (or writes-ok) protected resource, and its HEAD twin, that has
// none and for which the profile has valid credentials. Returns a line per resource for the
// reports: the markers learned, and where none could be. `dry_run`: nothing is sent, the lines say
// so. Up to `concurrency` resources are asked at a time.
std::vector<std::string> learn_canaries(Profile& p, const ProberOptions& options,
                                        std::chrono::milliseconds timeout, bool dry_run,
                                        std::size_t concurrency = 1);

}  // namespace authspec
