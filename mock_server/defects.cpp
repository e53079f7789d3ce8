#include "mock_server/defects.h"

#include <stdexcept>

namespace authspec::mock {

const std::vector<Defect>& all_defects() {
  static const std::vector<Defect> defects = {
      {"no-challenge", "401 responses carry no WWW-Authenticate field"},
      {"malformed-challenge",
       "the Basic challenge has an unquoted value with a space (title=my api)"},
      {"realm-missing", "the Basic challenge has no realm"},
      {"realm-unquoted", "realm is sent as a token: realm=authspec-mock"},
      {"repeated-param", "the Bearer challenge repeats realm"},
      {"charset-latin1", "the Basic challenge advertises charset=\"ISO-8859-1\""},
      {"challenges-one-line", "several challenges are packed onto one WWW-Authenticate line"},
      {"advertise-unsupported-scheme",
       "401 responses also advertise Negotiate, which nothing accepts"},
      {"unstable-realm", "the realm carries a request counter, so it changes on every response"},
      {"forbidden-for-anonymous", "missing credentials get 403 instead of 401"},
      {"wrong-password-400", "a wrong Basic password or unknown user gets 400 instead of 401"},
      {"private-status-codes", "an unknown Bearer token gets the private code 498"},
      {"malformed-basic-500", "Basic credentials that cannot be decoded crash the handler (500)"},
      {"scheme-case-sensitive",
       "the scheme is matched literally: 'basic' and 'BEARER' are refused"},
      {"token68-sloppy",
       "credentials are taken after exactly one space and cut at the first junk byte"},
      {"lenient-base64",
       "the Basic decoder skips characters outside the alphabet and missing padding"},
      {"nul-truncation", "user id and password are compared as C strings (a NUL ends them)"},
      {"split-last-colon", "user-pass is split at the last colon, so passwords with ':' fail"},
      {"latin1-credentials", "credentials are decoded as ISO-8859-1 although UTF-8 is advertised"},
      {"duplicate-authorization-first-wins", "with two Authorization fields the first one is used"},
      {"bearer-error-without-token",
       "Bearer challenges carry error=\"invalid_token\" even when no token was sent"},
      {"head-unprotected", "HEAD requests are served without authentication"},
      {"open-resource", "/api/data is served without credentials"},
      {"content-in-401", "the 401 body includes the protected representation"},
      {"empty-401-body", "401 responses have an empty body"},
      {"insufficient-permission-401", "a valid user without permission gets 401 instead of 403"},
      // Bearer tokens (RFC 6750) and JWT validation (RFC 7519, RFC 8725).
      {"accept-expired", "JWTs past their exp are accepted"},
      {"ignore-nbf", "JWTs before their nbf are accepted"},
      {"alg-none", "JWTs with alg none (any case) and no signature are accepted"},
      {"no-signature-check", "JWT signatures are not verified (decode instead of verify)"},
      {"alg-confusion", "an HS256 token is verified with the RSA public key as the HMAC secret"},
      {"any-alg-for-key",
       "any algorithm of the key's family is accepted (RS512 where RS256 is configured)"},
      {"ignore-aud", "the JWT audience is not checked"},
      {"ignore-iss", "the JWT issuer is not checked"},
      {"time-claims-lenient", "exp, nbf and iat that are not numbers are treated as absent"},
      {"no-exp-accepted", "JWTs without exp, or issued in the future, are accepted"},
      {"crit-ignored", "the crit header is ignored"},
      {"any-token-type",
       "any signature-valid JWT is an access token, whatever its typ (a DPoP proof...)"},
      {"embedded-jwk-trusted", "a token is verified with the key embedded in its own jwk header"},
      {"weak-hmac-secret", "HS256 tokens signed with the secret \"secret\" are accepted"},
      {"kid-injection-500", "a kid with path or quote characters crashes the key lookup (500)"},
      {"malformed-token-500", "a token that is not a well-formed JWT crashes the handler (500)"},
      {"revocation-ignored", "revoked tokens (the revocation list) are still accepted"},
      {"insufficient-scope-401", "a valid token without the needed scope gets 401 instead of 403"},
      {"scope-403-no-challenge", "the 403 for a missing scope carries no Bearer challenge"},
      {"invalid-token-no-error",
       "a rejected token gets a Bearer challenge without error=\"invalid_token\""},
      {"unregistered-error-code",
       "rejected tokens get error=\"token_rejected\", which is not registered"},
      {"bad-error-description", "error_description holds non-ASCII text and an escaped quote"},
      {"status-error-mismatch", "a rejected token gets 403 with error=\"invalid_token\""},
      {"bare-bearer-challenge", "the Bearer challenge has no parameter at all"},
      {"query-token-no-cache",
       "tokens are taken from the URI query and the response is not marked private"},
      {"token-anywhere",
       "tokens are taken from any request body (GET, JSON) when there is no header"},
      {"first-token-method-wins",
       "a token in the header and another in the query: the header wins (200)"},
      // Step-up authentication (RFC 9470).
      {"step-up-403", "a token whose authentication is too weak gets 403 instead of 401"},
      {"step-up-bad-params",
       "the step-up challenge sends max_age=\"5m\" and a comma-separated acr_values"},
      {"step-up-leaks",
       "anonymous requests to the step-up resource learn its acr_values and max_age"},
      // DPoP (RFC 9449).
      {"dpop-as-bearer", "a DPoP-bound token is accepted as a plain bearer token"},
      {"dpop-signature-only",
       "only the proof's signature is checked (not typ, htm, htu, iat, ath or the binding)"},
      {"dpop-replay", "proof jti values are not tracked, so a proof can be replayed"},
      {"dpop-nonce-400", "a missing DPoP nonce gets 400 with a JSON body and no DPoP-Nonce header"},
      {"dpop-error-on-wrong-scheme",
       "the error for a bad Bearer token is put on the DPoP challenge"},
      {"dpop-no-algs", "the DPoP challenge does not list the accepted algorithms"},
      // Bypasses and authorization (WSTG-CONF-06, WSTG-ATHZ-02).
      {"only-get-protected",
       "the authentication filter covers GET, HEAD and each route's own method; others are served"},
      {"method-override-bypass",
       "X-HTTP-Method-Override (and kin) skips the authentication filter"},
      {"path-normalization-bypass",
       "the filter matches the exact path while the router folds case, dots, slashes and ;params"},
      {"honours-x-original-url",
       "X-Original-URL / X-Rewrite-URL route a public request to a protected resource"},
      {"vhost-fallback", "a request with another Host falls back to an unprotected default site"},
      {"trace-echo", "TRACE is enabled and echoes the request, credentials included"},
      {"connection-auth-cache",
       "the authenticated user is remembered for the connection, not checked per request"},
      {"trusts-x-user", "an X-User header from the client is taken as the authenticated identity"},
      {"admin-get-only",
       "the admin role is checked for GET only; other methods succeed for any user"},
      {"idor", "object ownership is not checked: any user reads any user's object"},
      {"authz-reveals-existence",
       "a user without permission gets 404 for missing admin objects and 403 for existing ones"},
      // Deny lists (RFC 9110 §15.5.4, RFC 7239 §8.1).
      {"deny-401", "a client on the deny list gets 401 (no challenge) instead of 403"},
      {"deny-xff", "X-Forwarded-For and kin, sent by the client, decide the client address"},
      {"deny-credentials-bypass", "valid credentials skip the deny list"},
      {"deny-get-only", "the deny list applies to GET only"},
      // Rate limiting and login throttling (RFC 6585 §4, ASVS V2.2).
      {"no-rate-limit", "/api/limited has no rate limit"},
      {"no-concurrency-limit", "/api/slow serves any number of requests at once"},
      {"rate-401", "the rate limit (and the login lockout) answers 401 instead of 429"},
      {"429-no-retry-after", "429 responses carry no Retry-After"},
      {"retry-after-malformed", "Retry-After is sent as \"2s\""},
      {"retry-after-lies", "Retry-After says 1 second while the window lasts 3"},
      {"429-cacheable", "429 responses are public, max-age=60 and empty"},
      {"rate-xff-reset",
       "the rate limiter keys on the client's X-Forwarded-For, so rotating it resets the budget"},
      {"no-login-throttle", "failed logins are never throttled"},
      {"lockout-reveals", "a locked account still accepts the right password"},
      {"lockout-known-users-only", "only existing user names are ever locked"},
      // CORS (the Fetch standard's CORS protocol).
      {"preflight-requires-credentials",
       "the CORS preflight goes through authentication first, so it gets 401"},
      {"cors-401-bare", "CORS headers are added to 2xx responses only, not to 401, 403 or 429"},
      {"cors-wildcard-credentials",
       "Access-Control-Allow-Origin: * is sent together with Access-Control-Allow-Credentials: "
       "true"},
      {"cors-reflect-any-origin", "any Origin is reflected into Access-Control-Allow-Origin"},
      {"cors-null-origin", "the null origin is on the allow-list"},
      {"cors-allow-headers-wildcard",
       "the preflight answers Access-Control-Allow-Headers: * instead of naming authorization"},
      {"cors-expose-missing",
       "no Access-Control-Expose-Headers: scripts cannot read WWW-Authenticate or Retry-After"},
      {"cors-no-vary",
       "Access-Control-Allow-Origin depends on Origin but Vary: Origin is not sent"},
      {"cors-credentials-case",
       "Access-Control-Allow-Credentials: True, and the origin echoed with a trailing slash"},
      {"cors-origin-401", "a request from a disallowed origin gets 401 \"origin not allowed\""},
      {"cors-origin-trusted", "requests from the allowed origin are served without credentials"},
      {"cors-wildcard-intranet",
       "the deny-listed and intranet-only resources send Access-Control-Allow-Origin: *"},
      // Caching (RFC 9111).
      {"401-cacheable", "401 responses carry Cache-Control: public, max-age=3600"},
      {"authenticated-public-cache",
       "authenticated responses carry Cache-Control: public, max-age=600"},
      {"no-cache-control", "authenticated responses carry no Cache-Control, only Pragma: no-cache"},
      {"cacheable-without-vary",
       "authenticated responses are private, max-age=300 without Vary: Authorization"},
      {"cache-deception",
       "a static-looking suffix (/x.css, ;x.js) reaches the resource and is cached publicly"},
      // Credentials over cleartext (RFC 9110 §17.16.1, RFC 6797).
      {"basic-over-cleartext",
       "the cleartext port serves the API (a Basic challenge, content) instead of redirecting"},
      {"hsts-missing", "https responses carry no Strict-Transport-Security"},
      // Proxy authentication (RFC 9110 §11.7, §15.5.8).
      {"proxy-407-no-challenge", "the proxy answers 407 without a Proxy-Authenticate challenge"},
      {"proxy-401", "the proxy asks for its credentials with 401 and WWW-Authenticate"},
      {"origin-407",
       "anonymous requests to /api/bearer/reports get 407 with Proxy-Authenticate, not 401"},
      {"proxy-authorization-accepted",
       "the origin takes credentials from Proxy-Authorization when Authorization is absent"},
      {"proxy-rewrites-challenge", "the proxy rewrites the realm of the origin's challenge"},
  };
  return defects;
}

bool is_defect(const std::string& name) {
  for (const auto& d : all_defects())
    if (d.name == name) return true;
  return false;
}

Defects::Defects(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    if (!is_defect(n))
      throw std::invalid_argument("unknown defect \"" + n + "\" (see --list-defects)");
    on_.insert(n);
  }
}

}  // namespace authspec::mock
