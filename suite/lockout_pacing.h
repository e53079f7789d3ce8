// The target's lockout policy ([rate] lockout_attempts): a run must not lock the accounts it tests
// with. Wrong passwords for a known user (the profile's Basic users) are counted in plan order;
// those that would reach the policy's limit are held back, and the checks that needed them are
// undecided. The sacrificial account of the login-throttling probe is exempt: it is there to be
// locked.
#pragma once

#include <string>
#include <vector>

#include "suite/http.h"
#include "suite/profile.h"

namespace authspec {

// For each request, whether to hold it back; `notes` gets a line per user whose requests were.
std::vector<bool> held_back_for_lockout(const Profile& profile,
                                        const std::vector<Request>& requests,
                                        std::vector<std::string>& notes);

}  // namespace authspec
