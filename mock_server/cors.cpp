#include "mock_server/cors.h"

#include <algorithm>

namespace authspec::mock {

bool CorsPolicy::allowed(const std::string& origin) const {
  if (origin.empty()) return false;
  if (d_.has(Defect::kCorsReflectAnyOrigin)) return true;
  if (origin == "null") return d_.has(Defect::kCorsNullOrigin);
  return std::find(s_.origins.begin(), s_.origins.end(), origin) != s_.origins.end();
}

bool CorsPolicy::network_restricted(const std::string& path) {
  return path == "/api/deny/address" || path == "/api/deny/hostname" || path == "/api/intranet";
}

void CorsPolicy::allow(const std::string& origin, HeaderList& out) const {
  if (d_.has(Defect::kCorsWildcardCredentials)) {
    out.emplace_back("Access-Control-Allow-Origin", "*");
    out.emplace_back("Access-Control-Allow-Credentials", "true");
    return;
  }
  const bool sloppy = d_.has(Defect::kCorsCredentialsCase);
  out.emplace_back("Access-Control-Allow-Origin", sloppy ? origin + "/" : origin);
  if (s_.credentials)
    out.emplace_back("Access-Control-Allow-Credentials", sloppy ? "True" : "true");
}

int CorsPolicy::preflight(const std::string& origin, HeaderList& out) const {
  out.emplace_back("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  if (!allowed(origin) && d_.has(Defect::kCorsFixedOrigin)) {
    // A static configuration that always names the one allowed origin: the browser's CORS check
    // fails for any other, so this refuses it as well as omitting the header would.
    out.emplace_back("Access-Control-Allow-Origin", s_.origins.front());
    out.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
    out.emplace_back("Access-Control-Allow-Headers", "authorization, content-type, dpop");
    return 204;
  }
  if (!allowed(origin)) {
    // Fetch §3.3.3: a refused CORS request gets no CORS headers (403 says so explicitly).
    out.emplace_back("Cache-Control", "no-store");
    return 403;
  }
  allow(origin, out);
  out.emplace_back("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE");
  // Authorization is a CORS non-wildcard request-header name: it must be listed by name.
  out.emplace_back("Access-Control-Allow-Headers", d_.has(Defect::kCorsAllowHeadersWildcard)
                                                       ? "*"
                                                       : "authorization, content-type, dpop");
  out.emplace_back("Access-Control-Max-Age", "600");
  return 204;
}

void CorsPolicy::decorate(const std::string& origin, const std::string& path, int status,
                          HeaderList& out) const {
  // The answer depends on Origin whether or not the origin is allowed (a cache must know).
  // (A variant leaves Vary out where no cache may store the answer: 401 and 403 without
  // freshness, RFC 9111 §3.)
  const bool never_stored = status == 401 || status == 403;
  if (!d_.has(Defect::kCorsNoVary) && !(d_.has(Defect::kCorsVaryStorableOnly) && never_stored))
    out.emplace_back("Vary", "Origin");
  if (d_.has(Defect::kCorsWildcardIntranet) && network_restricted(path)) {
    out.emplace_back("Access-Control-Allow-Origin", "*");
    return;
  }
  if (!allowed(origin) && d_.has(Defect::kCorsFixedOrigin) && !origin.empty()) {
    out.emplace_back("Access-Control-Allow-Origin", s_.origins.front());
    return;
  }
  if (!allowed(origin)) return;
  if (d_.has(Defect::kCors401Bare) && (status < 200 || status > 299)) return;
  allow(origin, out);
  if (!d_.has(Defect::kCorsExposeMissing))
    out.emplace_back("Access-Control-Expose-Headers", "WWW-Authenticate, Retry-After, DPoP-Nonce");
}

}  // namespace authspec::mock
