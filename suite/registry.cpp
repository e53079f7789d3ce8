#include "suite/registry.h"

#include <fnmatch.h>

#include <set>

#include "suite/citations.h"

namespace authspec {

namespace {

// Which checks test the server's machinery (Check::machinery): at the default depth they run on
// one representative of each group of alike resources. The families below test how the server
// parses and answers (token forgeries, path spellings, Digest arithmetic, CORS variants, challenge
// grammar, status lines, sessions, rate limits), which alike resources share; the checks listed
// after them, and every family not listed (AUTHZ: the role matrix and objects; CACHE; DENY; DESC;
// OAUTH), judge what one resource does with missing or wrong credentials, so they run on every
// resource. Issue 17: on nginx, 16 requests per resource instead of 96, at the same verdicts for
// the representatives.
bool tests_machinery(const Check& c) {
  static const std::set<std::string> families = {
      "APIKEY", "BASIC", "BEARER", "BYP",  "CHAL", "CORS", "DIGEST", "DPOP",
      "ENUM",   "JWT",   "PROXY",  "RATE", "SESS", "STAT", "STEP",   "TLS"};
  static const std::set<std::string> every_resource = {
      "CHAL-000",  // the positive control: every other verdict on the resource relies on it
      "CHAL-001",  // every 401 (of this resource) carries a challenge
      "CHAL-002",  // no credentials
      "CHAL-003",  // wrong credentials
      "CHAL-014",  // HEAD authenticated like GET (per route: a missing HEAD rule)
      "CHAL-017",  // 401 only where credentials can help
      "STAT-003",  // missing or wrong credentials are not a 400
      "BYP-001",   // this resource's other methods (a location's method rule)
      "BEARER-001", "BEARER-004",  // the token accepted, an invalid one refused, here
      "BEARER-006", "BEARER-013",  // the scope this resource needs
      "APIKEY-001", "APIKEY-002", "APIKEY-003", "APIKEY-007"};  // missing, wrong key; objects
  return families.count(c.family) && !every_resource.count(c.id);
}

}  // namespace

const std::vector<Check>& catalogue() {
  static const std::vector<Check> checks = [] {
    std::vector<Check> all;
    register_chal(all);
    register_stat(all);
    register_basic(all);
    register_digest(all);
    register_bearer(all);
    register_jwt(all);
    register_step(all);
    register_dpop(all);
    register_rate(all);
    register_deny(all);
    register_authz(all);
    register_authz_roles(all);
    register_byp(all);
    register_cors(all);
    register_cache(all);
    register_tls(all);
    register_proxy(all);
    register_sess(all);
    register_enum(all);
    register_apikey(all);
    register_oauth(all);
    register_desc(all);
    // A check's family is its ID's prefix (CHAL-001 is in CHAL): declared once, in the ID.
    for (auto& c : all) {
      c.family = c.id.substr(0, c.id.find('-'));
      c.machinery = tests_machinery(c);
      c.refs = parse_spec_refs(c.spec);
    }
    attach_citations(all);
    return all;
  }();
  return checks;
}

const std::vector<Family>& families() {
  static const std::vector<Family> all = {
      {"CHAL", "Challenges and credentials: 401, WWW-Authenticate, Authorization (RFC 9110 §11)"},
      {"STAT", "Status codes around authentication (RFC 9110 §15)"},
      {"BASIC", "The Basic scheme (RFC 7617)"},
      {"DIGEST", "The Digest scheme (RFC 7616)"},
      {"BEARER", "Bearer tokens and their errors (RFC 6750)"},
      {"JWT", "JWT access tokens: signatures, algorithms, claims (RFC 7519, RFC 8725, RFC 9068)"},
      {"STEP", "Step-up authentication challenges (RFC 9470)"},
      {"DPOP", "DPoP proof-of-possession (RFC 9449)"},
      {"RATE", "Throttling and lockout: 429, Retry-After, failed-login budgets (RFC 6585)"},
      {"DENY", "Deny lists: 403, whatever forwarding headers claim (RFC 9110 §15.5.4)"},
      {"AUTHZ", "Authorisation: 403 for valid credentials without permission, the role matrix"},
      {"BYP", "Bypasses: methods, path spellings, override headers, virtual hosts"},
      {"CORS", "CORS: preflights without credentials, refusals a script can read (Fetch)"},
      {"CACHE", "Caching of authenticated responses and 401s (RFC 9111)"},
      {"TLS", "Credentials over cleartext, redirects to https, HSTS (RFC 9110 §4.2.2, RFC 6797)"},
      {"PROXY", "Proxy authentication: 407, Proxy-Authenticate, forwarding (RFC 9110 §11.7)"},
      {"SESS", "Cookie sessions: rotation, logout, idle expiry, attributes (RFC 6265)"},
      {"ENUM", "User enumeration by status, headers, body, time or password reset"},
      {"APIKEY", "API keys in a header, query parameter or cookie"},
      {"OAUTH", "The OAuth token endpoint: client errors, no storing, expiry (RFC 6749)"},
      {"DESC", "The API description against the server (OpenAPI)"}};
  return all;
}

namespace {
bool matches(const std::string& pattern, const Check& c) {
  const std::string p = to_lower(pattern);
  return fnmatch(p.c_str(), to_lower(c.id).c_str(), 0) == 0 ||
         fnmatch(p.c_str(), to_lower(c.family).c_str(), 0) == 0;
}
}  // namespace

std::vector<const Check*> select_checks(const std::vector<std::string>& only,
                                        const std::vector<std::string>& skip) {
  for (const auto* list : {&only, &skip})
    for (const auto& pattern : *list) {
      bool any = false;
      for (const auto& c : catalogue()) any = any || matches(pattern, c);
      if (!any)
        throw UsageError("no check or family matches \"" + pattern + "\" (see authspec list)");
    }
  std::vector<const Check*> out;
  for (const auto& c : catalogue()) {
    bool take = only.empty();
    for (const auto& p : only) take = take || matches(p, c);
    for (const auto& p : skip) take = take && !matches(p, c);
    if (c.level == Level::kPrerequisite) take = true;
    if (take) out.push_back(&c);
  }
  return out;
}

}  // namespace authspec
