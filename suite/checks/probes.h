// Request sets shared by several checks, so equal requests are declared once (and, being equal,
// sent once by the runner).
#pragma once

#include <vector>

#include "suite/check.h"

namespace authspec::probes {

// The anonymous request of every protected resource (HEAD twins included): what run-wide
// verifiers such as "every 401 carries a challenge" need at the least.
std::vector<Request> anonymous_everywhere(const Context& ctx);
// Wrong password, unknown user, unknown token: credentials a server must reject with 401.
std::vector<Request> invalid_credentials(const Context& ctx);
// A wrong credential of the given scheme (for pairing with a valid one).
Request one_invalid(const Context& ctx, const std::string& scheme);
// Credentials for which the profile holds a real secret (masked in reports).
Request basic_secret(const Context& ctx, const std::string& userpass,
                     const std::string& credential);

}  // namespace authspec::probes

namespace authspec::probes {
// Responses where a Bearer challenge may carry error attributes: anonymous, an unknown token, a
// malformed Bearer field, and the low-scope token.
std::vector<Request> bearer_error_responses(const Context& ctx);
// n identical requests to `r` with valid credentials (so authentication is not the variable),
// labelled "<label> 1..n".
std::vector<Request> identical_burst(const Context& ctx, const Resource& r, int n,
                                     const std::string& label);
// budget + 3 of them to the profile's rate-limited resource ([rate] resource, bursts allowed),
// from the first allowed CORS origin when the profile has [cors].
std::vector<Request> rate_burst(const Context& ctx);
// The resource's request with `token` in the URI query (access_token=...), no header.
Request with_query_token(const Context& ctx, const std::string& token,
                         const std::string& credential);
}  // namespace authspec::probes

namespace authspec::probes {
// Cookie sessions ([session]). The login request; `slot` keeps a check's login its own (a
// session it may end or let expire), slot 0 is the shared one. `cookie`: a session id sent along.
Request session_login(const Context& ctx, int slot, const std::string& cookie = "");
// The session resource requested with the session cookie `id` ("" : without it).
Request with_session(const Context& ctx, const std::string& id, const std::string& label);
// The value of the cookie `name` that the response sets ("" when it sets none).
std::string set_cookie(const Exchange& ex, const std::string& name);

// The delay (ms) that waits out a server clock of `clock_ms` (a nonce's lifetime, an idle timeout,
// a Retry-After): the clock plus a tenth of it for coarse server clocks, at least 50 ms and at
// most 500 ms more. (It is counted from when the answer arrived, after the server started its
// clock, so an honest server's clock has always run out by then.)
int wait_past(int clock_ms);
// Not before `clock_ms` (plus wait_past's margin) after `started`, when the server's clock began
// (an answer's Exchange::answered()).
std::chrono::system_clock::time_point after_clock(std::chrono::system_clock::time_point started,
                                                  int clock_ms);
}  // namespace authspec::probes
