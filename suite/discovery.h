// What a target says about itself to anonymous requests: for each URL the user names, its status
// and the schemes and realms its challenges advertise. `authspec run --target URL` without a
// profile builds its profile from this, and `authspec init` writes one from it.
#pragma once

#include <string>
#include <vector>

#include "suite/prober.h"
#include "suite/profile.h"

namespace authspec {

struct ProbedUrl {
  std::string url;   // as given
  std::string path;  // the request-target
  int status = 0;
  std::string failure;               // one line when no answer came
  std::vector<std::string> schemes;  // advertised (WWW-Authenticate), as sent
  std::vector<std::string> realms;   // their realms, each once
  std::string location;              // a redirect's target
  // A protected URL's answer to a CORS preflight from an origin authspec made up
  // (kProbeOrigin): its Access-Control-Allow-Origin ("" : none, the origin is not allowed) and
  // whether it allowed credentials.
  std::string preflight_allow_origin;
  bool preflight_allows_credentials = false;
  bool is_protected() const { return status == 401; }
  bool is_public() const { return status >= 200 && status < 300; }
};

// The origin of the zero-config CORS probe: no target allows it unless it allows any origin.
inline constexpr const char* kProbeOrigin = "https://authspec-probe.example";

struct Discovery {
  std::string origin;  // scheme://host:port, shared by every URL
  std::vector<ProbedUrl> urls;
};

// Splits the URLs into one origin and their paths. Throws ProfileError (one line) for a bad URL or
// URLs on different origins.
Discovery discovery_for(const std::vector<std::string>& urls);
// Sends one anonymous GET per URL and records what came back, and one CORS preflight from
// kProbeOrigin to each URL that answered 401 (never throws for network trouble).
void probe_urls(Discovery& d, const ProberOptions& options, std::chrono::milliseconds timeout);
// No URL answered at all (the target is down, or not there).
bool none_answered(const Discovery& d);
// The schemes authspec can test with credentials ("basic", "bearer") among those advertised.
std::vector<std::string> testable_schemes_of(const ProbedUrl& u);

// The profile of a run without one: the protected URLs (401) with their schemes, the public ones
// (2xx), no credentials and no canary; the rest are named in `notices` and left untested. Unless
// probed (a dry run), every URL is taken as protected. A target whose preflight allowed the made-up
// origin allows any origin: the CORS checks run with it as the allowed one; otherwise they skip
// (the allowed origins are the profile's to name).
Profile zero_config_profile(const Discovery& d, bool probed, const ProfileOverrides& overrides);

}  // namespace authspec
