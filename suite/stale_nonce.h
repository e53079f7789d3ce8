// Digest answers the target refused because their nonce had gone stale in the meantime.
//
// A check that answers a Digest challenge builds the answer from a nonce of an earlier response
// (a follow-up). When the run is slower than the target's nonce lifetime (a loaded machine, a
// distant target, a short lifetime such as the bundled mock's second), the target refuses the
// answer with a fresh challenge carrying stale=true. RFC 7616 §3.3: "If stale is true, the client
// may wish to simply retry the request with a new nonce value, without reprompting the user for a
// new username and password." Judging the stale answer would blame the target for the run's
// timing, so the runner builds the check's follow-ups once more from the fresh challenge and
// judges those (again, a few rounds at most, when a renewed answer went stale too).
#pragma once

#include <cstddef>
#include <optional>

#include "suite/check.h"
#include "suite/http.h"

namespace authspec {

// The nonce of the Digest credentials the request carried ("" when it carried none).
std::string nonce_answered(const Request& request);

// A follow-up that carried Digest credentials, did not wait out a server clock on purpose (the
// stale-nonce check waits for exactly this answer), and got a 401 whose Digest challenge says
// stale=true.
bool refused_as_stale(const Exchange& ex);

// The task's evidence with the first step whose nonce `stale` answered replaced by `stale`
// itself, whose challenge carries the fresh nonce; nullopt when no first step issued that nonce.
std::optional<Evidence> with_fresh_nonce(const Evidence& first_steps, const Exchange& stale);

}  // namespace authspec
