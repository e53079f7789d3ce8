#include "suite/discovery.h"

#include <algorithm>

#include "suite/challenge.h"
#include "suite/profile_reader.h"

namespace authspec {

Discovery discovery_for(const std::vector<std::string>& urls) {
  Discovery d;
  for (const auto& url : urls) {
    std::string origin, path;
    parse_base_url(url, "--target", origin, path);
    if (d.origin.empty()) d.origin = origin;
    if (origin != d.origin)
      throw ProfileError("--target: " + origin + " is not " + d.origin +
                         ": every --target URL of one run shares one origin (run once per origin)");
    ProbedUrl u;
    u.url = url;
    u.path = path.empty() ? "/" : path;
    const bool seen = std::any_of(d.urls.begin(), d.urls.end(),
                                  [&](const ProbedUrl& earlier) { return earlier.path == u.path; });
    if (!seen) d.urls.push_back(u);
  }
  return d;
}

void probe_urls(Discovery& d, const ProberOptions& options, std::chrono::milliseconds timeout) {
  ProberOptions o = options;
  o.origin = d.origin;
  Prober prober(o);
  for (auto& u : d.urls) {
    Request req;
    req.method = "GET";
    req.target = u.path;
    req.credential = "none";
    const Exchange ex = prober.send(req, timeout);
    if (!ex.ok()) {
      u.failure = ex.error.empty() ? failure_kind_name(ex.failure) : ex.error;
      continue;
    }
    u.status = ex.response.status;
    u.location = ex.response.first("Location");
    if (u.is_protected()) {
      // What a browser sends before a script's authenticated GET (Fetch §4.8): no credentials.
      Request preflight;
      preflight.method = "OPTIONS";
      preflight.target = u.path;
      preflight.headers = {{"Origin", kProbeOrigin},
                           {"Access-Control-Request-Method", "GET"},
                           {"Access-Control-Request-Headers", "authorization"}};
      const Exchange pre = prober.send(preflight, timeout);
      if (pre.ok()) {
        u.preflight_allow_origin = pre.response.first("Access-Control-Allow-Origin");
        u.preflight_allows_credentials =
            iequals(trim(pre.response.first("Access-Control-Allow-Credentials")), "true");
      }
    }
    const auto parsed = parse_challenges(ex.response.values("WWW-Authenticate"));
    for (const auto& c : parsed.challenges) {
      if (std::none_of(u.schemes.begin(), u.schemes.end(),
                       [&](const std::string& s) { return iequals(s, c.scheme); }))
        u.schemes.push_back(c.scheme);
      if (const auto* realm = c.param("realm"))
        if (std::find(u.realms.begin(), u.realms.end(), realm->value) == u.realms.end())
          u.realms.push_back(realm->value);
    }
  }
}

bool none_answered(const Discovery& d) {
  return std::all_of(d.urls.begin(), d.urls.end(),
                     [](const ProbedUrl& u) { return !u.failure.empty(); });
}

std::vector<std::string> testable_schemes_of(const ProbedUrl& u) {
  std::vector<std::string> out;
  for (const auto& s : u.schemes)
    for (const char* known : {"basic", "bearer"})
      if (iequals(s, known) && std::find(out.begin(), out.end(), known) == out.end())
        out.push_back(known);
  return out;
}

namespace {

// The CORS settings a run without a profile can know: only that the target allows any origin
// (the made-up one was allowed), never which origins a real deployment allows.
void add_probed_cors(const Discovery& d, Profile& p) {
  for (const auto& u : d.urls) {
    const std::string& allowed = u.preflight_allow_origin;
    if (!u.is_protected() || (trim(allowed) != kProbeOrigin && trim(allowed) != "*")) continue;
    CorsSettings cors;
    cors.allowed_origins = {kProbeOrigin};
    cors.credentials = u.preflight_allows_credentials;
    p.cors = cors;
    p.notices.push_back("GET " + u.path + ": a CORS preflight from an origin authspec made up (" +
                        kProbeOrigin +
                        ") was allowed (Access-Control-Allow-Origin: " + trim(allowed) +
                        "), so the CORS checks ran with it as an allowed origin; name your "
                        "allowed origins in [cors] for the rest");
    return;
  }
  p.notices.push_back(
      "CORS not checked: the target allowed no preflight from an origin authspec made up; name "
      "the origins it allows in [cors] allowed_origin");
}

}  // namespace

Profile zero_config_profile(const Discovery& d, bool probed, const ProfileOverrides& overrides) {
  Profile p;
  p.source = "no profile (--target only)";
  p.zero_config = true;
  p.origin = d.origin;
  if (overrides.insecure) p.tls.insecure = *overrides.insecure;
  read_tls_overrides(overrides, p.tls);
  for (const auto& u : d.urls) {
    Resource r;
    r.method = "GET";
    r.path = u.path;
    if (probed && u.is_public()) {
      r.is_public = true;
      p.public_resources.push_back(r);
      p.notices.push_back("GET " + u.path + " answered " + std::to_string(u.status) +
                          " without credentials: taken as public (a public resource's checks "
                          "only)");
      continue;
    }
    if (probed && !u.is_protected()) {
      p.notices.push_back(
          "GET " + u.path + " not tested: " +
          (u.failure.empty() ? "it answered " + std::to_string(u.status) : u.failure) +
          " without credentials, where a protected resource answers 401 (is the URL right?)");
      continue;
    }
    r.schemes = testable_schemes_of(u);
    for (const auto& s : u.schemes)
      if (!iequals(s, "basic") && !iequals(s, "bearer"))
        p.notices.push_back(
            "GET " + u.path + " advertises " + s +
            ": its own checks need a profile section (or are not in the catalogue)");
    p.protected_resources.push_back(r);
  }
  add_head_twins(p.protected_resources);
  add_probed_cors(d, p);
  if (!probed) p.notices.push_back("dry run: the URLs were not probed; each is taken as protected");
  p.notices.push_back(
      "no profile: only the checks that need no credentials ran; a profile adds credentials, "
      "identities and the protected content's canary (write one: authspec init --target " +
      (d.urls.empty() ? d.origin : d.urls.front().url) + " > my.ini)");
  return p;
}

}  // namespace authspec
