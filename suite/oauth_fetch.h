// Fetches the run's access token from the profile's OAuth 2.0 token endpoint (RFC 6749 §4.4,
// §4.3, §6), before the plan is built: the checks' requests carry it like any Bearer token.
#pragma once

#include <chrono>
#include <string>

#include "suite/http.h"
#include "suite/prober.h"
#include "suite/profile.h"

namespace authspec {

// The token request the profile describes: POST, form-encoded, client authentication by Basic or
// in the body. `client_secret` replaces the profile's (the OAUTH checks send wrong ones).
Request token_request(const Profile& p, const std::string& client_secret, const std::string& label);
// The same for the endpoint and client `o` describes (a role-matrix identity's own client).
Request token_request(const OAuthSettings& o, const std::string& client_secret,
                      const std::string& label);

struct TokenAnswer {
  std::string access_token, error;  // error: one line when no token came
  std::string refresh_token;        // when the endpoint issued one (RFC 6749 §5.1, §6)
  long expires_in = 0;
  bool answered = false;  // the endpoint answered (a refusal is the profile's, not the network's)
};
// The access token (and its lifetime) of a token endpoint's answer, or why there is none.
TokenAnswer read_token_answer(const Exchange& ex);

// Sends the token request `o` describes (with its own secret); never throws for network trouble.
Exchange send_token_request(const OAuthSettings& o, const ProberOptions& options,
                            std::chrono::milliseconds timeout);
// The same for the profile's [oauth], and its answer read.
TokenAnswer fetch_token(const Profile& p, const ProberOptions& options,
                        std::chrono::milliseconds timeout);
// [oauth] discovery: the token endpoint the OpenID Connect discovery document names
// (OpenID Connect Discovery 1.0 §3, token_endpoint), as an origin and a request-target, or why
// there is none (`answered` false: no HTTP answer at all).
struct DiscoveredEndpoint {
  std::string origin, path, error;
  bool answered = false;
};
DiscoveredEndpoint discover_token_endpoint(const OAuthSettings& o, const ProberOptions& options,
                                           std::chrono::milliseconds timeout);
// [oauth] with another client of the same endpoint (a role-matrix identity's), client_credentials.
OAuthSettings client_of(const Profile& p, const RoleIdentity& id);

}  // namespace authspec
