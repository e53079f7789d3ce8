// The mock's API behind the listeners, split by layer (one .cpp each, in request order:
// front_door, guards, authentication, authorisation, refusals, resources; pipeline.cpp walks a
// request through them). Private to the mock: only mock_server.cpp and the layers include it.
#pragma once

#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "mock_server/cors.h"
#include "mock_server/digest_auth.h"
#include "mock_server/dpop.h"
#include "mock_server/limits.h"
#include "mock_server/mock_server.h"
#include "mock_server/sessions.h"
#include "mock_server/tokens.h"
#include "mock_server/world.h"
#include "suite/base64.h"
#include "suite/http.h"

namespace authspec::mock {

enum class AuthState { kNone, kInvalid, kMalformed, kOk };
struct Auth {
  AuthState state = AuthState::kNone;
  std::string user;
  std::string scheme;  // "Basic" or "Bearer" when credentials of that scheme were presented
  std::set<std::string> scopes;
  bool token_expired = false;
  bool via_query = false;  // a token taken from the URI query (RFC 6750 §2.3)
  std::string why;         // for the error body and error_description
  std::string
      dpop_error;     // a DPoP proof failure: invalid_dpop_proof, invalid_token, use_dpop_nonce
  bool weak = false;  // valid, but the authentication is too weak or old for a step-up route
  bool unknown_user = false;  // Basic credentials naming no user (the ENUM defects tell)
};

class InternalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The first address a forwarding header claims (what a defective filter believes); guards.cpp.
std::string claimed_address(const httplib::Request& req);

class Api {
 public:
  Api(const Defects& d, std::set<std::string> trusted_proxies, CorsSettings cors, bool tls,
      int lock_after, const MockClocks& clocks)
      : lock_after_(lock_after),
        d_(d),
        trusted_proxies_(std::move(trusted_proxies)),
        issued_(clocks.brief_token_ms),
        tokens_(d, issued_),
        proofs_(d),
        cors_(std::move(cors), d),
        sessions_(clocks.session_idle_ms),
        digest_(d, clocks.nonce_ms),
        scheme_(tls ? "https://" : "http://"),
        // The lie needs a window longer than the second it claims.
        limiter_(d.has(Defect::kRetryAfterLies) ? std::max(3000, 3 * clocks.rate_window_ms)
                                                : clocks.rate_window_ms),
        logins_(clocks.lock_ms) {}
  // Every request: the CORS layer around the API. A preflight is answered here, before
  // authentication, because browsers never send credentials with it (Fetch §4.8).
  void handle(const httplib::Request& req, httplib::Response& res);
  // TRACE (RFC 9110 §9.3.8): disabled, unless a defect echoes the request, credentials included.
  void trace(const httplib::Request& req, httplib::Response& res);

 private:
  // front_door.cpp
  // Ways a defective front end lets a request past the authentication filter (the BYP family).
  bool bypassed(const httplib::Request& req, std::string& path);
  // Case-folded, ;params removed, dot segments resolved, empty segments and trailing dots dropped.
  static std::string normalized(const std::string& path);
  // The cache-deception defect: a router that ignores a static-looking last segment or ;suffix.
  static bool static_suffix_stripped(std::string& path);
  // pipeline.cpp
  void serve(const httplib::Request& req, httplib::Response& res);
  // guards.cpp
  // The client as the mock sees it: the peer, or (only from a trusted proxy, or when a defect
  // trusts the client's own claim) the address a forwarding header names.
  std::string client_address(const httplib::Request& req) const;
  bool denied(const httplib::Request& req, const Route& route);
  // authentication.cpp
  Auth authenticate(const httplib::Request& req, const Route& route);
  bool editor(const Auth& auth) const;  // has the editor role (admins have it too)
  Auth from_token(const TokenCheck& c, const std::string& scheme);
  Auth bearer(const std::string& token);
  Auth dpop(const httplib::Request& req, const Route& route, const std::string& token);
  Auth check_basic(const std::string& credentials, Auth a);
  // The user name of Basic credentials ("" when there are none or they do not decode).
  static std::string basic_user(const httplib::Request& req);
  // The connection-auth-cache defect: the user of a connection, by peer address and port.
  void remember(const httplib::Request& req, const Auth& auth);
  bool cached_user(const httplib::Request& req, Auth& auth);
  // authorisation.cpp
  bool permitted(const Auth& auth) const;
  // Objects: /api/objects/<owner>-<n> belong to their owner only (even admins may not read
  // others'); /api/admin/objects/<id> are for admins. A refusal looks the same whether the object
  // exists.
  void object(const httplib::Request& req, httplib::Response& res, const std::string& path);
  // RFC 9470 §3: a valid token whose authentication is too weak or too old: 401 (not 403).
  void step_up(httplib::Response& res, const Route&, const Auth&);
  std::string step_up_params_text() const;
  // refusals.cpp
  void unauthorized(httplib::Response& res, const Route& route, const Auth& auth);
  void bad_request(httplib::Response& res, const Route& route, const Auth& auth);
  void forbidden(httplib::Response& res, const Route& route, Auth auth);
  // RFC 6585 §4: 429 with Retry-After, explained, not stored.
  void throttled(httplib::Response& res, const Route& route, int retry_after);
  // RFC 9110 §15.5.4: 403, no challenge: no credentials can fix a deny list.
  void deny(httplib::Response& res);
  // The origin-407 defect: a gateway that asks for a missing API key as if it were a proxy.
  static void proxy_challenge(httplib::Response& res);
  std::string realm();
  std::string realm_param();
  std::string basic_challenge();
  // The Bearer challenge; `error` only when a token was presented (RFC 6750 §3.1).
  std::string bearer_challenge(const std::string& error, const std::string& description,
                               const std::string& scope = "", bool step_up_params = false);
  void add_challenges(httplib::Response& res, const std::vector<std::string>& challenges);
  // The DPoP challenge (RFC 9449 §7.1): the accepted algorithms, and an error only for DPoP
  // attempts.
  std::string dpop_challenge(const std::string& error, const std::string& description);
  // RFC 9110 §15.5.2: a cookie API's 401 still names a scheme: the "Cookie" scheme of the HTTP
  // cookie-authentication draft, saying where to log in and which cookie to bring.
  void session_unauthorized(httplib::Response& res, const std::string& why);
  // session_routes.cpp
  // Cookie sessions: GET /login hands out an anonymous (pre-login) session, POST /login with a
  // form user and password authenticates (with a new id), POST /logout ends the session on the
  // server, and /api/session/me is the per-user resource the cookie opens.
  void session(const httplib::Request& req, httplib::Response& res, const std::string& path);
  // The session id: from the cookie; from the URL only under a defect (";jsessionid=", "?sid=").
  std::string session_id(const httplib::Request& req, const std::string& path) const;
  std::string session_cookie(const std::string& id) const;
  static std::string form_value(const std::string& body, const std::string& key);
  // resources.cpp
  static std::string representation(const std::string& path, const std::string& user);
  // The Cache-Control of authenticated content: private and not stored (RFC 9111 §3.5, §5.2.2).
  void cache_authenticated(httplib::Response& res, bool deceived) const;
  // GET /api/digest: Digest authentication only (RFC 7616), realm naming the host (§5.2).
  void digest_route(const httplib::Request& req, httplib::Response& res);
  // oauth.cpp: POST /oauth/token, an OAuth 2.0 token endpoint (client credentials, password and
  // refresh grants; Basic or body client authentication).
  void token_endpoint(const httplib::Request& req, httplib::Response& res);
  // GET /.well-known/openid-configuration: where the token endpoint is (OpenID Connect
  // Discovery 1.0 §3), for profiles that name only the discovery document.
  void discovery(const httplib::Request& req, httplib::Response& res);
  // api_keys.cpp: the API-key routes (/api/keyed/...), the key in a header, query or cookie.
  void keyed_route(const httplib::Request& req, httplib::Response& res, const std::string& path);
  // POST /password-reset (form user=...): the same answer whether or not the account exists.
  void password_reset(const httplib::Request& req, httplib::Response& res);
  static const char* cookie_name() { return kSessionCookie; }

  const int lock_after_;
  std::mutex logins_seen_mutex_;
  std::map<std::string, int> logins_seen_;
  const Defects& d_;
  std::set<std::string> trusted_proxies_;
  IssuedTokens issued_;  // before tokens_, which looks them up
  TokenValidator tokens_;
  DpopValidator proofs_;
  CorsPolicy cors_;
  SessionStore sessions_;
  DigestAuth digest_;
  std::string scheme_;  // of the main listener, for DPoP's htu
  RateLimiter limiter_;
  LoginThrottle logins_;
  std::atomic<int> in_flight_{0};
  std::mutex connections_mutex_;
  std::map<std::string, Auth> connections_;
  std::atomic<long> counter_{0};
};

}  // namespace authspec::mock
