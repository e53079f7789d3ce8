#include "mock_server/mock_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netdb.h>
#include <openssl/pem.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <thread>

#include "mock_server/cors.h"
#include "mock_server/digest_auth.h"
#include "mock_server/dpop.h"
#include "mock_server/limits.h"
#include "mock_server/sessions.h"
#include "mock_server/tls_identity.h"
#include "mock_server/tokens.h"
#include "suite/base64.h"
#include "suite/http.h"

namespace authspec::mock {
namespace {

struct Route {
  std::string method;
  std::vector<std::string> schemes;  // "Basic", "Bearer", "DPoP"
  bool admin_only = false;           // Basic: an admin user; Bearer: the "admin" scope
  bool step_up = false;              // needs acr kStrongAcr, at most kStepUpMaxAge old (RFC 9470)
  bool dpop_nonce = false;           // DPoP proofs must carry the server's nonce (RFC 9449 §9)
  enum class Deny { kNone, kAddress, kHostName, kIntranetOnly } deny = Deny::kNone;
  bool rate_limited = false;     // kRateBudget requests per rate window per client
  bool login_throttled = false;  // failed logins lock the user name (MockClocks::lock_ms)
  bool concurrency_limited =
      false;  // at most kConcurrencyLimit requests in flight, each held a while
};

// path -> route; GET routes also answer HEAD (cpp-httplib serves HEAD from GET handlers).
const std::map<std::string, Route>& routes() {
  static const std::map<std::string, Route> r = {
      {"/api/basic/profile", {"GET", {"Basic"}}},
      {"/api/bearer/reports", {"GET", {"Bearer"}}},
      {"/api/data", {"GET", {"Basic", "Bearer"}}},
      {"/api/notes", {"POST", {"Basic", "Bearer"}}},
      {"/api/admin", {"GET", {"Basic", "Bearer"}, true}},
      {"/api/payments", {"GET", {"Bearer"}, false, true}},
      {"/api/dpop", {"GET", {"DPoP", "Bearer"}}},
      {"/api/dpop/nonce", {"GET", {"DPoP"}, false, false, true}},
      {"/api/deny/address",
       {"GET", {"Basic", "Bearer"}, false, false, false, Route::Deny::kAddress}},
      {"/api/deny/hostname",
       {"GET", {"Basic", "Bearer"}, false, false, false, Route::Deny::kHostName}},
      {"/api/intranet",
       {"GET", {"Basic", "Bearer"}, false, false, false, Route::Deny::kIntranetOnly}},
      {"/api/limited", {"GET", {"Basic", "Bearer"}, false, false, false, Route::Deny::kNone, true}},
      {"/api/account", {"GET", {"Basic"}, false, false, false, Route::Deny::kNone, false, true}},
      {"/api/slow",
       {"GET", {"Basic", "Bearer"}, false, false, false, Route::Deny::kNone, false, false, true}},
  };
  return r;
}

struct User {
  std::string password;
  bool admin;
};
const std::map<std::string, User>& users() {
  static const std::map<std::string, User> u = {
      {"alice", {"wonderland-2026", true}},
      {"carol", {"pa:ss:word", true}},
      {"test", {"123\xC2\xA3", true}},  // the RFC 7617 §2.1 example: 123£ in UTF-8
      {"bob", {"builder-2026", false}},
      {"mallory", {"sacrificial-2026", false}},        // the lockout test account
      {"cleartext-probe", {"throwaway-2026", false}},  // may be exposed: sent over http (TLS-001)
  };
  return u;
}

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

bool is_token68(const std::string& s) {
  static const std::regex re("^[A-Za-z0-9._~+/-]+=*$");
  return std::regex_match(s, re);
}

bool has_ctl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string latin1_to_utf8(const std::string& in) {
  std::string out;
  for (unsigned char c : in) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// access_token from a form-encoded body (RFC 6750 §2.2), or from any body when `anywhere`.
std::string body_token(const httplib::Request& req, bool anywhere) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0 || anywhere) {
    static const std::regex form("(?:^|&)access_token=([^&]*)");
    std::smatch m;
    if (std::regex_search(req.body, m, form)) return m[1];
  }
  if (anywhere) {
    static const std::regex json("\"access_token\"\\s*:\\s*\"([^\"]*)\"");
    std::smatch m;
    if (std::regex_search(req.body, m, json)) return m[1];
  }
  return "";
}

// Deny lists of the mock: loopback by address, localhost by host name; the intranet route admits
// private networks only (so loopback is outside it).
bool on_address_deny_list(const std::string& ip) {
  return ip == "127.0.0.1" || ip == "::1" || ip == "::ffff:127.0.0.1";
}
bool on_host_deny_list(const std::string& host) {
  return host == "localhost" || host == "localhost.localdomain" || host == "ip6-localhost";
}
bool in_intranet(const std::string& ip) {
  in_addr a{};
  if (inet_pton(AF_INET, ip.c_str(), &a) != 1) return false;
  const uint32_t v = ntohl(a.s_addr);
  return (v >> 24) == 10 || (v >> 20) == ((172u << 4) | 1) || (v >> 16) == ((192u << 8) | 168);
}
std::string reverse_lookup(const std::string& ip) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  if (inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1) return ip;
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&sa), sizeof sa, host, sizeof host, nullptr, 0,
                  NI_NAMEREQD) != 0)
    return ip;
  return host;
}

// The first address a forwarding header claims (what a defective filter believes).
std::string claimed_address(const httplib::Request& req) {
  for (const char* h : {"X-Forwarded-For", "X-Real-IP", "X-Client-IP", "X-Originating-IP",
                        "X-Remote-IP", "X-Remote-Addr", "True-Client-IP", "CF-Connecting-IP"})
    if (req.has_header(h)) {
      std::string v = req.get_header_value(h);
      v = v.substr(0, v.find(','));
      v.erase(0, v.find_first_not_of(' '));
      return v.substr(0, v.find(':') == v.rfind(':') ? v.find(':') : std::string::npos);
    }
  if (req.has_header("Forwarded")) {
    static const std::regex forwarded("for=\"?\\[?([0-9a-fA-F.:]+?)\\]?(:[0-9]+)?\"?(;|,|$)");
    std::smatch m;
    const std::string v = req.get_header_value("Forwarded");
    if (std::regex_search(v, m, forwarded)) return m[1];
  }
  return "";
}

class Api {
 public:
  Api(const Defects& d, std::set<std::string> trusted_proxies, CorsSettings cors, bool tls,
      int lock_after, const MockClocks& clocks)
      : lock_after_(lock_after),
        d_(d),
        trusted_proxies_(std::move(trusted_proxies)),
        tokens_(d),
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
  void handle(const httplib::Request& req, httplib::Response& res) {
    const std::string origin = req.get_header_value("Origin");
    const bool cors = req.has_header("Origin");
    if (cors && req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method") &&
        !d_.has(Defect::kPreflightRequiresCredentials)) {
      HeaderList headers;
      res.status = cors_.preflight(origin, headers);
      for (auto& [k, v] : headers) res.headers.emplace(k, v);
      return;
    }
    if (cors && !cors_.allowed(origin) && d_.has(Defect::kCorsOrigin401)) {
      res.status = 401;
      res.set_content("{\"error\":\"unauthorized\",\"message\":\"origin not allowed\"}\n",
                      "application/json");
      return;
    }
    if (d_.has(Defect::kProxyAuthorizationAccepted) && !req.has_header("Authorization") &&
        req.has_header("Proxy-Authorization")) {
      httplib::Request as_origin = req;
      as_origin.headers.emplace("Authorization", req.get_header_value("Proxy-Authorization"));
      serve(as_origin, res);
    } else {
      serve(req, res);
    }
    if (d_.has(Defect::k405WithoutAllow) && res.status == 405) res.headers.erase("Allow");
    if (!cors) return;
    HeaderList headers;
    cors_.decorate(origin, req.path, res.status, headers);
    for (auto& [k, v] : headers) res.headers.emplace(k, v);
  }

  // TRACE (RFC 9110 §9.3.8): disabled, unless a defect echoes the request, credentials included.
  void trace(const httplib::Request& req, httplib::Response& res) {
    if (!d_.has(Defect::kTraceEcho)) {
      res.status = 405;
      if (!d_.has(Defect::k405WithoutAllow))  // (TRACE does not pass through handle())
        res.set_header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      res.set_content("{\"error\":\"method_not_allowed\"}\n", "application/json");
      return;
    }
    std::string echo = req.method + " " + req.target + " HTTP/1.1\r\n";
    for (const auto& [name, value] : req.headers)
      if (name.find("REMOTE_") != 0 && name.find("LOCAL_") != 0)
        echo += name + ": " + value + "\r\n";
    res.set_content(echo, "message/http");
  }

  // Ways a defective front end lets a request past the authentication filter (the BYP family).
  bool bypassed(const httplib::Request& req, std::string& path) {
    bool bypass = false;
    if (d_.has(Defect::kHonoursXOriginalUrl))
      for (const char* h : {"X-Original-URL", "X-Rewrite-URL"})
        if (req.has_header(h)) {
          const bool wire_public = routes().find(req.path) == routes().end();
          path = req.get_header_value(h).substr(0, req.get_header_value(h).find('?'));
          bypass = wire_public;  // the filter looked at the (public) wire path
        }
    if (d_.has(Defect::kPathNormalizationBypass)) {
      const std::string n = normalized(path);
      if (n != path && routes().count(n)) {
        path = n;
        bypass = true;  // the filter matched the exact spelling; the router normalised it
      }
    }
    if (d_.has(Defect::kVhostFallback) && req.get_header_value("Host").rfind("127.0.0.1:", 0) != 0)
      bypass = true;
    if (d_.has(Defect::kOnlyGetProtected) && req.method != "GET" && req.method != "HEAD") {
      // The filter lists GET (and each route's own method); other methods fall through to the
      // content.
      const auto it = routes().find(path);
      if (it != routes().end() && req.method != it->second.method) bypass = true;
    }
    if (d_.has(Defect::kMethodOverrideBypass))
      for (const char* h : {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
        if (req.has_header(h) && req.get_header_value(h) != "GET") bypass = true;
    return bypass;
  }

  // Case-folded, ;params removed, dot segments resolved, empty segments and trailing dots dropped.
  static std::string normalized(const std::string& path) {
    std::vector<std::string> out;
    std::string seg;
    auto flush = [&] {
      seg = seg.substr(0, seg.find(';'));
      while (!seg.empty() && (seg.back() == '.' || seg.back() == ' ') && seg != "." && seg != "..")
        seg.pop_back();
      if (seg == "..") {
        if (!out.empty()) out.pop_back();
      } else if (!seg.empty() && seg != ".") {
        for (auto& c : seg) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        out.push_back(seg);
      }
      seg.clear();
    };
    for (char c : path) {
      if (c == '/')
        flush();
      else
        seg += c;
    }
    flush();
    std::string n;
    for (const auto& o : out) n += "/" + o;
    return n.empty() ? "/" : n;
  }

  void serve(const httplib::Request& req, httplib::Response& res) {
    std::string path = req.path;
    const bool bypass = bypassed(req, path);
    const bool deceived = d_.has(Defect::kCacheDeception) && static_suffix_stripped(path);
    if (path.rfind("/api/objects/", 0) == 0 || path.rfind("/api/admin/objects/", 0) == 0)
      return object(req, res, path);
    if (path == "/login" || path == "/logout" || path.rfind("/api/session/me", 0) == 0)
      return session(req, res, path);
    if (path == "/password-reset") return password_reset(req, res);
    if (path == "/api/digest") return digest_route(req, res);
    if (path == "/public/health") {
      res.set_header("Cache-Control", "no-cache");
      res.set_content("{\"status\":\"ok\"}\n", "application/json");
      return;
    }
    const auto it = routes().find(path);
    if (it == routes().end()) {
      res.status = 404;
      res.set_content("{\"error\":\"not_found\"}\n", "application/json");
      return;
    }
    const Route& route = it->second;
    const bool head = req.method == "HEAD";
    if (route.deny != Route::Deny::kNone && denied(req, route)) return deny(res);
    if (route.rate_limited && !d_.has(Defect::kNoRateLimit)) {
      // Keyed on the peer; a defective limiter keys on the client's own forwarding header.
      const std::string key =
          req.remote_addr + (d_.has(Defect::kRateXffReset) ? "|" + claimed_address(req) : "");
      int retry_after = 0;
      if (!limiter_.admit(key, retry_after)) return throttled(res, route, retry_after);
    }
    // Concurrency limit: the slot is held while the (slow) request is served.
    struct Slot {
      explicit Slot(std::atomic<int>& count) : n(count) {}
      Slot(const Slot&) = delete;
      ~Slot() { --n; }
      std::atomic<int>& n;
    };
    std::optional<Slot> slot;
    if (route.concurrency_limited) {
      if (++in_flight_ > kConcurrencyLimit && !d_.has(Defect::kNoConcurrencyLimit)) {
        --in_flight_;
        res.status = 503;
        res.set_header("Retry-After", "1");
        res.set_header("Cache-Control", "no-store");
        res.set_content("{\"error\":\"busy\",\"message\":\"too many requests in flight\"}\n",
                        "application/json");
        return;
      }
      slot.emplace(in_flight_);
      std::this_thread::sleep_for(std::chrono::milliseconds(kSlowMillis));
    }
    if (route.login_throttled && !d_.has(Defect::kNoLoginThrottle)) {
      const std::string user = basic_user(req);
      const bool exempt = d_.has(Defect::kLockoutKnownUsersOnly) && !users().count(user);
      if (!user.empty() && !exempt) {
        if (const int left = logins_.locked_for(user); left > 0) {
          Auth probe = authenticate(req, route);
          if (!(d_.has(Defect::kLockoutReveals) && probe.state == AuthState::kOk)) {
            // A compliant variant: the lock answers every password like a wrong one (401).
            if (d_.has(Defect::kLockoutSilent)) {
              Auth locked;
              locked.state = AuthState::kInvalid;
              locked.scheme = "Basic";
              return unauthorized(res, route, locked);
            }
            return throttled(res, route, left);
          }
        }
      }
    }
    Auth auth;
    const bool origin_trusted = d_.has(Defect::kCorsOriginTrusted) &&
                                !req.has_header("Authorization") &&
                                cors_.allowed(req.get_header_value("Origin"));
    if ((d_.has(Defect::kOpenResource) && path == "/api/data") ||
        (d_.has(Defect::kHeadUnprotected) && head) || bypass || origin_trusted) {
      auth.state = AuthState::kOk;
      auth.user = "anonymous";
    } else if (d_.has(Defect::kConnectionAuthCache) && !req.has_header("Authorization") &&
               cached_user(req, auth)) {
      // the user remembered from an earlier request on this connection
    } else if (d_.has(Defect::kTrustsXUser) && req.has_header("X-User")) {
      auth.state = AuthState::kOk;  // an identity header straight from the client
      auth.user = req.get_header_value("X-User");
      auth.scheme = "X-User";
    } else {
      try {
        auth = authenticate(req, route);
      } catch (const InternalError& e) {
        res.status = 500;
        res.set_content(std::string("{\"error\":\"internal\",\"detail\":\"") + e.what() + "\"}\n",
                        "application/json");
        return;
      }
    }
    if (auth.state == AuthState::kOk && d_.has(Defect::kConnectionAuthCache) &&
        !auth.scheme.empty())
      remember(req, auth);
    if (route.login_throttled && auth.state == AuthState::kInvalid && auth.scheme == "Basic")
      logins_.failed(basic_user(req));
    switch (auth.state) {
      case AuthState::kNone:
        if (d_.has(Defect::kForbiddenForAnonymous)) {
          res.status = 403;
          res.set_content("{\"error\":\"forbidden\"}\n", "application/json");
          return;
        }
        if (d_.has(Defect::kOrigin407) && path == "/api/bearer/reports")
          return proxy_challenge(res);
        return unauthorized(res, route, auth);
      case AuthState::kInvalid:
        // (Not on the throttled login route, whose lockout probe would then race differently.)
        if (d_.has(Defect::kEnumTiming) && auth.scheme == "Basic" && !auth.unknown_user &&
            !route.login_throttled)
          std::this_thread::sleep_for(std::chrono::milliseconds(kKnownUserDelayMillis));
        if (d_.has(Defect::kEnumStatus) && auth.unknown_user) {
          res.status = 404;
          res.set_header("Cache-Control", "no-store");
          res.set_content("{\"error\":\"no such user\"}\n", "application/json");
          return;
        }
        return unauthorized(res, route, auth);
      case AuthState::kMalformed:
        return bad_request(res, route, auth);
      case AuthState::kOk:
        break;
    }
    if (route.step_up && auth.user != "anonymous" && auth.weak) return step_up(res, route, auth);
    const bool role_checked =
        !(d_.has(Defect::kAdminGetOnly) && req.method != "GET" && req.method != "HEAD");
    if (route.admin_only && auth.user != "anonymous" && role_checked && !permitted(auth))
      return forbidden(res, route, auth);
    const bool admin_write =
        route.admin_only && req.method != "GET" && req.method != "HEAD" && req.method != "OPTIONS";
    if (admin_write && auth.user != "anonymous") {
      res.status = 204;  // the mock's admin actions are idempotent and change nothing
      return;
    }
    if (!bypass && req.method != route.method && !(head && route.method == "GET")) {
      res.status = 405;
      res.set_header("Allow", route.method == "GET" ? "GET, HEAD" : route.method);
      res.set_content("{\"error\":\"method_not_allowed\"}\n", "application/json");
      return;
    }
    res.status = req.method == "POST" ? 201 : 200;
    if (!(auth.via_query && d_.has(Defect::kQueryTokenNoCache))) cache_authenticated(res, deceived);
    res.set_content(representation(req.path, auth.user), "application/json");
  }

  // The Cache-Control of authenticated content: private and not stored (RFC 9111 §3.5, §5.2.2).
  void cache_authenticated(httplib::Response& res, bool deceived) const {
    if (deceived || d_.has(Defect::kAuthenticatedPublicCache))
      res.set_header("Cache-Control", deceived ? "public, max-age=3600" : "public, max-age=600");
    else if (d_.has(Defect::kNoCacheControl))
      res.set_header("Pragma", "no-cache");
    else if (d_.has(Defect::kCacheableWithoutVary))
      res.set_header("Cache-Control", "private, max-age=300");
    else
      res.set_header("Cache-Control", "private, no-store");
  }

  // The cache-deception defect: a router that ignores a static-looking last segment or ;suffix.
  static bool static_suffix_stripped(std::string& path) {
    static const std::regex suffix("^(/.+?)(/[^/]*|;[^/]*)\\.(css|js|png|jpg|ico)$");
    std::smatch m;
    if (!std::regex_match(path, m, suffix) || !routes().count(m[1])) return false;
    path = m[1];
    return true;
  }

  // The origin-407 defect: a gateway that asks for a missing API key as if it were a proxy.
  static void proxy_challenge(httplib::Response& res) {
    res.status = 407;
    res.set_header("Proxy-Authenticate", std::string("Bearer realm=\"") + kRealm + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"error\":\"api_key_required\"}\n", "application/json");
  }

 private:
  static std::string representation(const std::string& path, const std::string& user) {
    return "{\"resource\":\"" + path + "\",\"user\":\"" + user + "\",\"secret\":\"" + kCanary +
           "\"}\n";
  }

  // The client as the mock sees it: the peer, or (only from a trusted proxy, or when a defect
  // trusts the client's own claim) the address a forwarding header names.
  std::string client_address(const httplib::Request& req) const {
    const std::string claimed = claimed_address(req);
    if (!claimed.empty() && (d_.has(Defect::kDenyXff) || trusted_proxies_.count(req.remote_addr)))
      return claimed;
    return req.remote_addr;
  }

  bool denied(const httplib::Request& req, const Route& route) {
    if (d_.has(Defect::kDenyGetOnly) && req.method != "GET") return false;
    if (d_.has(Defect::kDenyCredentialsBypass)) {
      Auth a = authenticate(req, route);
      if (a.state == AuthState::kOk) return false;
    }
    const std::string ip = client_address(req);
    switch (route.deny) {
      case Route::Deny::kAddress:
        return on_address_deny_list(ip);
      case Route::Deny::kHostName:
        return on_host_deny_list(reverse_lookup(ip));
      case Route::Deny::kIntranetOnly:
        return !in_intranet(ip);
      case Route::Deny::kNone:
        return false;
    }
    return false;
  }

  // Objects: /api/objects/<owner>-<n> belong to their owner only (even admins may not read
  // others');
  // /api/admin/objects/<id> are for admins. A refusal looks the same whether the object exists.
  void object(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    static const Route owned{"GET", {"Basic", "Bearer"}};
    static const std::set<std::string> existing = {"/api/objects/alice-1", "/api/objects/bob-1",
                                                   "/api/admin/objects/1"};
    const bool admin_space = path.rfind("/api/admin/objects/", 0) == 0;
    Auth auth;
    try {
      auth = authenticate(req, owned);
    } catch (const InternalError&) {
      auth.state = AuthState::kInvalid;
    }
    if (auth.state == AuthState::kNone || auth.state == AuthState::kInvalid)
      return unauthorized(res, owned, auth);
    if (auth.state == AuthState::kMalformed) return bad_request(res, owned, auth);
    const bool exists = existing.count(path) > 0;
    bool allowed;
    if (admin_space) {
      allowed = permitted(auth);
      if (!allowed && !exists && d_.has(Defect::kAuthzRevealsExistence))
        allowed = true;  // ...to reach the 404
    } else {
      const std::string id = path.substr(std::string("/api/objects/").size());
      allowed = id.rfind(auth.user + "-", 0) == 0 || d_.has(Defect::kIdor);
    }
    if (!allowed) {
      res.status = 403;
      res.set_header("Cache-Control", "no-store");
      res.set_content("{\"error\":\"forbidden\"}\n", "application/json");
      return;
    }
    if (!exists) {
      res.status = 404;
      res.set_content("{\"error\":\"not_found\"}\n", "application/json");
      return;
    }
    res.set_header("Cache-Control", "private, no-store");
    res.set_content(representation(path, auth.user), "application/json");
  }

  // Cookie sessions: GET /login hands out an anonymous (pre-login) session, POST /login with a
  // form user and password authenticates (with a new id), POST /logout ends the session on the
  // server, and /api/session/me is the per-user resource the cookie opens.
  void session(const httplib::Request& req, httplib::Response& res, const std::string& path) {
    res.set_header("Cache-Control", "no-store");
    const std::string sid = session_id(req, path);
    if (path == "/login" && req.method == "GET") {
      res.set_header("Set-Cookie", session_cookie(sessions_.create("")));
      res.set_content("{\"login\":\"POST user and password as a form\"}\n", "application/json");
      return;
    }
    if (path == "/login" && req.method == "POST") {
      const std::string user = form_value(req.body, "user"),
                        pass = form_value(req.body, "password");
      const auto u = users().find(user);
      if (u == users().end() || u->second.password != pass) {
        Auth none;
        none.why = "wrong user or password";
        return session_unauthorized(res, none.why);
      }
      std::string id;
      if (d_.has(Defect::kSessionFixation) && !sid.empty() && sessions_.exists(sid)) {
        sessions_.authenticate(sid, user);  // the pre-login id becomes the session: fixation
        id = sid;
      } else {
        if (!sid.empty()) sessions_.invalidate(sid);
        id = sessions_.create(user);
      }
      res.set_header("Set-Cookie", session_cookie(id));
      res.set_content("{\"user\":\"" + user + "\"}\n", "application/json");
      return;
    }
    if (path == "/logout" && req.method == "POST") {
      if (!d_.has(Defect::kLogoutKeepsSession)) sessions_.invalidate(sid);
      res.status = 204;
      res.set_header("Set-Cookie",
                     std::string(cookie_name()) + "=; Path=/; Max-Age=0; Secure; HttpOnly");
      return;
    }
    if (path.rfind("/api/session/me", 0) != 0 || (req.method != "GET" && req.method != "HEAD")) {
      res.status = 405;
      res.set_header("Allow", path == "/api/session/me" ? "GET, HEAD" : "GET, POST");
      return;
    }
    if (d_.has(Defect::kSessionForgery500) && !sid.empty() &&
        !std::regex_match(sid, std::regex("^[0-9a-f]{32}$"))) {
      res.status = 500;
      res.set_content("{\"error\":\"internal\",\"detail\":\"cannot decode session\"}\n",
                      "application/json");
      return;
    }
    const auto user =
        sid.empty() ? std::nullopt : sessions_.user_of(sid, d_.has(Defect::kSessionNeverExpires));
    if (!user) return session_unauthorized(res, "a session is required");
    res.set_header("Cache-Control", d_.has(Defect::kSessionPageCacheable) ? "public, max-age=600"
                                                                          : "private, no-store");
    res.set_content(representation("/api/session/me", *user), "application/json");
  }

  // GET /api/digest: Digest authentication only (RFC 7616), realm naming the host (§5.2).
  void digest_route(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    std::string host = req.get_header_value("Host");
    host = host.substr(0, host[0] == '[' ? host.find(']') + 1 : host.find(':'));
    const std::string realm =
        d_.has(Defect::kDigestGenericRealm) ? "Restricted" : "authspec-mock@" + host;
    const std::string value = req.get_header_value("Authorization");
    DigestOutcome outcome;
    if (value.size() > 7 && iequals(value.substr(0, 7), "Digest ")) {
      std::vector<std::string> names;
      for (const auto& [name, u] : users()) names.push_back(name);
      outcome = digest_.verify(
          req.method, req.target, value, realm,
          [](const std::string& user) -> std::optional<std::string> {
            const auto it = users().find(user);
            return it == users().end() ? std::nullopt : std::optional(it->second.password);
          },
          names);
    }
    if (outcome.status == 200 && req.method != "GET" && req.method != "HEAD") {
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      return;
    }
    res.status = outcome.status;
    if (outcome.status == 200) {
      if (!outcome.authentication_info.empty())
        res.set_header("Authentication-Info", outcome.authentication_info);
      res.set_header("Cache-Control", "private, no-store");
      res.set_content(representation("/api/digest", outcome.user), "application/json");
      return;
    }
    if (outcome.status == 401)
      for (const auto& c : digest_.challenges(realm, outcome.stale))
        res.headers.emplace("WWW-Authenticate", c);
    res.set_content("{\"error\":\"" +
                        std::string(outcome.status == 401   ? "unauthorized"
                                    : outcome.status == 400 ? "invalid_request"
                                                            : "internal") +
                        "\",\"message\":\"" +
                        (outcome.why.empty() ? "credentials required" : outcome.why) + "\"}\n",
                    "application/json");
  }

  // POST /password-reset (form user=...): the same answer whether or not the account exists.
  void password_reset(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Cache-Control", "no-store");
    if (req.method != "POST") {
      res.status = 405;
      res.set_header("Allow", "POST");
      return;
    }
    if (d_.has(Defect::kEnumReset) && !users().count(form_value(req.body, "user"))) {
      res.status = 404;
      res.set_content("{\"error\":\"no such account\"}\n", "application/json");
      return;
    }
    res.status = 202;
    res.set_content("{\"message\":\"if the account exists, a reset link is on its way\"}\n",
                    "application/json");
  }

  // The session id: from the cookie; from the URL only under a defect (";jsessionid=", "?sid=").
  std::string session_id(const httplib::Request& req, const std::string& path) const {
    const std::string cookies = req.get_header_value("Cookie");
    const std::string name = std::string(cookie_name()) + "=";
    for (std::size_t at = 0; at < cookies.size();) {
      std::size_t end = cookies.find(';', at);
      if (end == std::string::npos) end = cookies.size();
      std::string pair = cookies.substr(at, end - at);
      pair.erase(0, pair.find_first_not_of(' '));
      if (pair.rfind(name, 0) == 0) return pair.substr(name.size());
      at = end + 1;
    }
    if (d_.has(Defect::kSessionIdInUrl)) {
      if (req.has_param("sid")) return req.get_param_value("sid");
      const auto at = path.find(";jsessionid=");
      if (at != std::string::npos) return path.substr(at + 12);
    }
    return "";
  }

  static const char* cookie_name() { return kSessionCookie; }

  std::string session_cookie(const std::string& id) const {
    std::string c = std::string(cookie_name()) + "=" + id + "; Path=/";
    if (d_.has(Defect::kCookieBroadDomain)) c += "; Domain=authspec.test";
    if (!d_.has(Defect::kCookieNoSecure)) c += "; Secure";
    if (!d_.has(Defect::kCookieNoHttponly)) c += "; HttpOnly";
    if (!d_.has(Defect::kCookieNoSamesite)) c += "; SameSite=Lax";
    return c;
  }

  // RFC 9110 §15.5.2: a cookie API's 401 still names a scheme: the "Cookie" scheme of the HTTP
  // cookie-authentication draft, saying where to log in and which cookie to bring.
  void session_unauthorized(httplib::Response& res, const std::string& why) {
    res.status = 401;
    if (!d_.has(Defect::kSession401NoChallenge))
      res.set_header("WWW-Authenticate", std::string("Cookie realm=\"") + kRealm +
                                             "\", form-action=\"/login\", cookie-name=\"" +
                                             cookie_name() + "\"");
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"error\":\"unauthorized\",\"message\":\"" + why + "\"}\n",
                    "application/json");
  }

  static std::string form_value(const std::string& body, const std::string& key) {
    std::string params = "&" + body;
    const auto at = params.find("&" + key + "=");
    if (at == std::string::npos) return "";
    const auto start = at + key.size() + 2;
    return httplib::detail::decode_url(params.substr(start, params.find('&', start) - start), true);
  }

  // The connection-auth-cache defect: the user of a connection, by peer address and port.
  void remember(const httplib::Request& req, const Auth& auth) {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    if (connections_.size() > 10000) connections_.clear();
    connections_[req.remote_addr + ":" + std::to_string(req.remote_port)] = auth;
  }
  bool cached_user(const httplib::Request& req, Auth& auth) {
    std::lock_guard<std::mutex> lock(connections_mutex_);
    const auto it = connections_.find(req.remote_addr + ":" + std::to_string(req.remote_port));
    if (it == connections_.end()) return false;
    auth = it->second;
    return true;
  }

  // The user name of Basic credentials ("" when there are none or they do not decode).
  static std::string basic_user(const httplib::Request& req) {
    const std::string v = req.get_header_value("Authorization");
    if (v.size() < 7 || !iequals(v.substr(0, 6), "Basic ")) return "";
    const auto decoded = base64_decode_strict(v.substr(6));
    return decoded ? decoded->substr(0, decoded->find(':')) : "";
  }

  // RFC 6585 §4: 429 with Retry-After, explained, not stored.
  void throttled(httplib::Response& res, const Route& route, int retry_after) {
    if (d_.has(Defect::kRate401)) {
      Auth none;
      none.why = "too many requests";
      return unauthorized(res, route, none);
    }
    res.status = 429;
    if (d_.has(Defect::kRetryAfterLies)) retry_after = 1;  // shorter than the window really lasts
    if (d_.has(Defect::kRetryAfterMalformed))
      res.set_header("Retry-After", std::to_string(retry_after) + "s");
    else if (!d_.has(Defect::k429NoRetryAfter))
      res.set_header("Retry-After", std::to_string(retry_after));
    if (d_.has(Defect::k429Cacheable)) {
      res.set_header("Cache-Control", "public, max-age=60");
      return;  // and no explanation
    }
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"error\":\"too_many_requests\",\"message\":\"slow down\"}\n",
                    "application/json");
  }

  // RFC 9110 §15.5.4: 403, no challenge: no credentials can fix a deny list.
  void deny(httplib::Response& res) {
    res.status = d_.has(Defect::kDeny401) ? 401 : 403;
    res.set_header("Cache-Control", "no-store");
    res.set_content(
        "{\"error\":\"forbidden\",\"message\":\"your network address may not use this "
        "resource\"}\n",
        "application/json");
  }

  bool permitted(const Auth& auth) const {
    if (auth.scheme == "X-User") return auth.user == "admin" || auth.user == "alice";
    if (auth.scheme == "Basic") return users().count(auth.user) && users().at(auth.user).admin;
    return auth.scopes.count("admin") > 0;
  }

  std::string realm() {
    if (d_.has(Defect::kUnstableRealm))
      return std::string(kRealm) + "-" + std::to_string(++counter_);
    return kRealm;
  }
  std::string realm_param() {
    return d_.has(Defect::kRealmUnquoted) ? "realm=" + realm() : "realm=\"" + realm() + "\"";
  }

  std::string basic_challenge() {
    const std::string charset = d_.has(Defect::kCharsetLatin1) ? "ISO-8859-1" : "UTF-8";
    if (d_.has(Defect::kRealmMissing)) return "Basic charset=\"" + charset + "\"";
    std::string c = "Basic " + realm_param() + ", charset=\"" + charset + "\"";
    if (d_.has(Defect::kMalformedChallenge)) c += ", title=my api";
    return c;
  }

  // The Bearer challenge; `error` only when a token was presented (RFC 6750 §3.1).
  std::string bearer_challenge(const std::string& error, const std::string& description,
                               const std::string& scope = "", bool step_up_params = false) {
    if (d_.has(Defect::kBareBearerChallenge) && error.empty()) return "Bearer";
    std::string c = "Bearer " + realm_param();
    if (d_.has(Defect::kRepeatedParam)) c += ", realm=\"" + std::string(kRealm) + "\"";
    std::string code = error;
    if (code.empty() && d_.has(Defect::kBearerErrorWithoutToken)) code = "invalid_token";
    if (code == "invalid_token" && d_.has(Defect::kUnregisteredErrorCode)) code = "token_rejected";
    if (!code.empty() && !(code == "invalid_token" && d_.has(Defect::kInvalidTokenNoError))) {
      c += ", error=\"" + code + "\"";
      const std::string text = d_.has(Defect::kBadErrorDescription)
                                   ? "Jeton refus\xC3\xA9: \\\"" + description + "\\\""
                                   : description;
      if (!text.empty()) c += ", error_description=\"" + text + "\"";
    }
    if (!scope.empty()) c += ", scope=\"" + scope + "\"";
    if (step_up_params) c += step_up_params_text();
    return c;
  }

  std::string step_up_params_text() const {
    if (d_.has(Defect::kStepUpBadParams))
      return ", acr_values=\"urn:authspec:mfa,urn:authspec:hwk\", max_age=\"5m\"";
    return ", acr_values=\"" + std::string(kStrongAcr) +
           "\", max_age=" + std::to_string(kStepUpMaxAge);
  }

  // RFC 9470 §3: a valid token whose authentication is too weak or too old: 401 (not 403).
  void step_up(httplib::Response& res, const Route&, const Auth&) {
    res.status = d_.has(Defect::kStepUp403) ? 403 : 401;
    add_challenges(
        res,
        {"Bearer " + realm_param() +
         ", error=\"insufficient_user_authentication\", error_description=\"a stronger or more "
         "recent authentication is required\"" +
         step_up_params_text()});
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"error\":\"insufficient_user_authentication\"}\n", "application/json");
  }

  void add_challenges(httplib::Response& res, const std::vector<std::string>& challenges) {
    if (d_.has(Defect::kNoChallenge)) return;
    if (d_.has(Defect::kChallengesOneLine) && challenges.size() > 1) {
      std::string line;
      for (const auto& c : challenges) line += (line.empty() ? "" : ", ") + c;
      res.headers.emplace("WWW-Authenticate", line);
    } else {
      for (const auto& c : challenges) res.headers.emplace("WWW-Authenticate", c);
    }
  }

  // The DPoP challenge (RFC 9449 §7.1): the accepted algorithms, and an error only for DPoP
  // attempts.
  std::string dpop_challenge(const std::string& error, const std::string& description) {
    std::string c = d_.has(Defect::kDpopNoAlgs) ? "DPoP realm=\"" + std::string(kRealm) + "\""
                                                : std::string("DPoP algs=\"") + kDpopAlgs + "\"";
    if (!error.empty()) c += ", error=\"" + error + "\", error_description=\"" + description + "\"";
    return c;
  }

  void unauthorized(httplib::Response& res, const Route& route, const Auth& auth) {
    const bool bad_token = auth.state == AuthState::kInvalid && auth.scheme == "Bearer";
    const bool bad_proof = auth.state == AuthState::kInvalid && auth.scheme == "DPoP";
    if (bad_proof && auth.dpop_error == "use_dpop_nonce") {
      if (d_.has(Defect::kDpopNonce400)) {
        res.status = 400;
        res.set_content("{\"error\":\"use_dpop_nonce\"}\n", "application/json");
        return;
      }
      res.set_header("DPoP-Nonce", proofs_.nonce());
    }
    // The error belongs to the scheme the client used (RFC 9449 §7.1).
    const bool misplace = bad_token && d_.has(Defect::kDpopErrorOnWrongScheme);
    res.status = 401;
    if (bad_token && d_.has(Defect::kPrivateStatusCodes)) res.status = 498;
    if (bad_token && d_.has(Defect::kStatusErrorMismatch)) res.status = 403;
    std::vector<std::string> challenges;
    for (const auto& s : route.schemes) {
      if (s == "Basic")
        challenges.push_back(basic_challenge());
      else if (s == "DPoP")
        challenges.push_back(dpop_challenge(bad_proof  ? auth.dpop_error
                                            : misplace ? "invalid_token"
                                                       : "",
                                            auth.why));
      else
        challenges.push_back(bearer_challenge(bad_token && !misplace ? "invalid_token" : "",
                                              auth.why, "",
                                              route.step_up && d_.has(Defect::kStepUpLeaks)));
    }
    if (d_.has(Defect::kAdvertiseUnsupportedScheme)) challenges.push_back("Negotiate");
    add_challenges(res, challenges);
    res.set_header("Cache-Control",
                   d_.has(Defect::k401Cacheable) ? "public, max-age=3600" : "no-store");
    std::string body = "{\"error\":\"unauthorized\",\"message\":\"" +
                       (auth.why.empty() ? std::string("credentials required") : auth.why) + "\"";
    if (d_.has(Defect::kContentIn401))
      body += ",\"preview\":" + representation("/preview", "anonymous");
    body += "}\n";
    if (d_.has(Defect::kEmpty401Body)) body.clear();
    res.set_content(body, "application/json");
  }

  void bad_request(httplib::Response& res, const Route& route, const Auth& auth) {
    res.status = 400;
    if (std::find(route.schemes.begin(), route.schemes.end(), "Bearer") != route.schemes.end() &&
        !d_.has(Defect::kBearer400NoChallenge))
      add_challenges(res, {bearer_challenge("invalid_request", auth.why)});
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"error\":\"invalid_request\",\"message\":\"" + auth.why + "\"}\n",
                    "application/json");
  }

  void forbidden(httplib::Response& res, const Route& route, Auth auth) {
    if (d_.has(Defect::kInsufficientPermission401) && auth.scheme == "Basic") {
      auth.state = AuthState::kInvalid;
      auth.why = "permission denied";
      return unauthorized(res, route, auth);
    }
    res.status = 403;
    if (auth.scheme == "Bearer") {
      if (d_.has(Defect::kInsufficientScope401)) res.status = 401;
      if (!d_.has(Defect::kScope403NoChallenge))
        add_challenges(
            res, {bearer_challenge("insufficient_scope", "the admin scope is required", "admin")});
    }
    res.set_header("Cache-Control", "no-store");
    if (d_.has(
            Defect::kForbiddenWithContent))  // refused, yet the protected representation goes along
      return res.set_content(representation("/api/admin", auth.user), "application/json");
    res.set_content("{\"error\":\"forbidden\",\"message\":\"" + auth.user +
                        " may not access this resource\"}\n",
                    "application/json");
  }

  Auth authenticate(const httplib::Request& req, const Route& route) {
    Auth a;
    const bool takes_bearer =
        std::find(route.schemes.begin(), route.schemes.end(), "Bearer") != route.schemes.end();
    const std::string query_token =
        req.has_param("access_token") ? req.get_param_value("access_token") : "";
    const std::string form_token = req.method == "GET" && !d_.has(Defect::kTokenAnywhere)
                                       ? ""
                                       : body_token(req, d_.has(Defect::kTokenAnywhere));
    const auto count = req.get_header_value_count("Authorization");
    if (count == 0) {
      // Tokens outside the header: never from the query (RFC 6750 §2.3 SHOULD NOT), from a form
      // body only when a defect says so.
      if (takes_bearer && !query_token.empty() && d_.has(Defect::kQueryTokenNoCache)) {
        a = bearer(query_token);
        a.via_query = true;
      } else if (takes_bearer && !form_token.empty() && d_.has(Defect::kTokenAnywhere)) {
        a = bearer(form_token);
      }
      return a;
    }
    if (count > 1 && !d_.has(Defect::kDuplicateAuthorizationFirstWins)) {
      a.state = AuthState::kMalformed;
      a.why = "more than one Authorization field";
      return a;
    }
    if (takes_bearer && (!query_token.empty() || !form_token.empty()) &&
        !d_.has(Defect::kFirstTokenMethodWins)) {
      a.state = AuthState::kMalformed;
      a.why = "the token was sent in more than one way";
      return a;
    }
    const std::string value = req.get_header_value("Authorization", 0);
    const auto sp = value.find(' ');
    const std::string scheme = value.substr(0, sp);
    std::string credentials;
    if (sp != std::string::npos) {
      if (d_.has(Defect::kToken68Sloppy)) {
        credentials = value.substr(sp + 1);
        credentials = credentials.substr(0, credentials.find_first_of(" ,!"));
      } else {
        const auto start = value.find_first_not_of(' ', sp);
        credentials = start == std::string::npos ? "" : value.substr(start);
      }
    }
    std::string matched;
    for (const auto& s : route.schemes)
      if (d_.has(Defect::kSchemeCaseSensitive) ? scheme == s : iequals(scheme, s)) matched = s;
    if (matched.empty()) return a;  // unsupported scheme: no credentials (RFC 9110 §11.4)
    a.scheme = matched;
    if (matched == "DPoP") return dpop(req, route, credentials);
    if (matched == "Bearer") {
      if (credentials.empty() || (!is_token68(credentials) && !d_.has(Defect::kToken68Sloppy))) {
        a.state = AuthState::kMalformed;
        a.why = credentials.empty() ? "no token after Bearer" : "the token is not a b64token";
        return a;
      }
      return bearer(credentials);
    }
    const bool defective_basic = d_.has(Defect::kMalformedBasic500);
    if (credentials.empty() && !defective_basic) {
      a.scheme.clear();
      return a;  // scheme only: no credentials
    }
    a.state = AuthState::kInvalid;
    if (!d_.has(Defect::kToken68Sloppy) && !d_.has(Defect::kLenientBase64) &&
        !is_token68(credentials) && !defective_basic) {
      a.why = "credentials are not a token68";
      return a;
    }
    return check_basic(credentials, a);
  }

  Auth from_token(const TokenCheck& c, const std::string& scheme) {
    if (c.state == TokenCheck::State::kServerError) throw InternalError(c.why);
    Auth a;
    a.scheme = scheme;
    a.state = c.state == TokenCheck::State::kValid ? AuthState::kOk : AuthState::kInvalid;
    a.user = c.user;
    a.scopes = c.scopes;
    a.why = c.why;
    a.token_expired = c.expired;
    const long now = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
    a.weak = c.acr != kStrongAcr || c.auth_time < now - kStepUpMaxAge;
    return a;
  }

  Auth bearer(const std::string& token) {
    const TokenCheck c = tokens_.check(token);
    Auth a = from_token(c, "Bearer");
    // A DPoP-bound token must not work as a bearer token (RFC 9449 §7.2).
    if (a.state == AuthState::kOk && !c.jkt.empty() && !d_.has(Defect::kDpopAsBearer)) {
      a.state = AuthState::kInvalid;
      a.why = "a DPoP-bound token was sent as a bearer token";
    }
    return a;
  }

  Auth dpop(const httplib::Request& req, const Route& route, const std::string& token) {
    if (token.empty() || !is_token68(token)) {
      Auth a;
      a.scheme = "DPoP";
      a.state = AuthState::kMalformed;
      a.why = "the DPoP token is missing or malformed";
      return a;
    }
    const TokenCheck c = tokens_.check(token);
    Auth a = from_token(c, "DPoP");
    if (a.state != AuthState::kOk) {
      a.dpop_error = "invalid_token";
      return a;
    }
    std::vector<std::string> proofs;
    for (std::size_t i = 0; i < req.get_header_value_count("DPoP"); ++i)
      proofs.push_back(req.get_header_value("DPoP", i));
    const std::string htu = scheme_ + req.get_header_value("Host") + req.path;
    const ProofCheck proof = proofs_.check(proofs, req.method, htu, token, c.jkt, route.dpop_nonce);
    if (!proof.ok) {
      a.state = AuthState::kInvalid;
      a.dpop_error = proof.error;
      a.why = proof.why;
    }
    return a;
  }

  Auth check_basic(const std::string& credentials, Auth a) {
    std::optional<std::string> decoded;
    if (d_.has(Defect::kLenientBase64)) {
      std::string kept;
      for (char c : credentials)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') kept += c;
      while (kept.size() % 4) kept += '=';
      decoded = base64_decode_strict(kept);
    } else {
      decoded = base64_decode_strict(credentials);
    }
    const bool crash = d_.has(Defect::kMalformedBasic500);
    if (!decoded) {
      if (crash) throw InternalError("base64 decoding failed");
      a.why = "credentials are not valid base64";
      return a;
    }
    const auto colon = d_.has(Defect::kSplitLastColon) ? decoded->rfind(':') : decoded->find(':');
    if (colon == std::string::npos) {
      if (crash) throw InternalError("index out of range");
      a.why = "no colon in user-pass";
      return a;
    }
    std::string user = decoded->substr(0, colon), pass = decoded->substr(colon + 1);
    if (d_.has(Defect::kLatin1Credentials)) {
      user = latin1_to_utf8(user);
      pass = latin1_to_utf8(pass);
    }
    if (user.empty() || pass.empty()) {
      a.why = "empty user id or password";
      return a;
    }
    if (d_.has(Defect::kNulTruncation)) {
      for (const auto& [name, u] : users())
        if (std::strcmp(name.c_str(), user.c_str()) == 0 &&
            std::strcmp(u.password.c_str(), pass.c_str()) == 0) {
          a.state = AuthState::kOk;
          a.user = name;
          return a;
        }
      a.why = "wrong user id or password";
      return a;
    }
    if (has_ctl(user) || has_ctl(pass)) {
      a.why = "control characters in credentials";
      return a;
    }
    const auto u = users().find(user);
    if (u == users().end() || u->second.password != pass) {
      a.unknown_user = u == users().end();
      a.why = "wrong user id or password";
      // Defective variants that tell known from unknown users (same length, other words).
      if (d_.has(Defect::kEnumBody)) a.why = a.unknown_user ? "user not found" : "password wrong";
      if (d_.has(Defect::kWrongPassword400)) a.state = AuthState::kMalformed;
      return a;
    }
    if (lock_after_ > 0) {
      std::lock_guard<std::mutex> lock(logins_seen_mutex_);
      if (++logins_seen_[user] > lock_after_) {
        a.why = "account locked";
        return a;
      }
    }
    a.state = AuthState::kOk;
    a.user = user;
    return a;
  }

  const int lock_after_;
  std::mutex logins_seen_mutex_;
  std::map<std::string, int> logins_seen_;
  const Defects& d_;
  std::set<std::string> trusted_proxies_;
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

// One listening socket with its worker pool, served on its own thread.
struct Listener {
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;
  int listen_fd = -1;

  void start(const std::string& bind, int wanted_port, int threads) {
    auto& s = *server;
    // Without TCP_NODELAY every keep-alive response stalls ~40 ms (Nagle vs delayed ACK).
    s.set_tcp_nodelay(true);
    // A connection that sends nothing (idle, slow, or a TLS handshake never finished) holds a
    // worker for at most a second, and there are many workers: a crowd of such connections
    // cannot keep a new client waiting long (cpp-httplib 0.11 queues connections without bound).
    s.set_keep_alive_max_count(1000);
    s.set_keep_alive_timeout(2);
    s.set_read_timeout(1, 0);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections (the runner opens
    // one per worker) overflows it, the kernel drops SYNs and clients stall a second retrying.
    // Its socket-options hook hands us the listening socket so the backlog can be raised below.
    s.set_socket_options([this](socket_t fd) {
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      listen_fd = fd;
    });
    port = wanted_port == 0 ? s.bind_to_any_port(bind)
                            : (s.bind_to_port(bind, wanted_port) ? wanted_port : -1);
    if (port <= 0)
      throw std::runtime_error("cannot listen on " + bind + ":" + std::to_string(wanted_port));
    if (listen_fd >= 0) ::listen(listen_fd, 512);  // Linux updates the backlog in place
    thread = std::thread([this] { server->listen_after_bind(); });
    // stop() before the accept loop runs would be lost (cpp-httplib 0.11 has no wait_until_ready).
    for (int i = 0; i < 5000 && !server->is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  void stop() {
    if (!thread.joinable()) return;
    server->stop();
    thread.join();
  }
};

// Registers `handler` for every method cpp-httplib routes, and TRACE through pre-routing.
template <typename Handler, typename Trace>
void route_everything(httplib::Server& s, Handler handler, Trace trace) {
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Patch(".*", handler);
  s.Delete(".*", handler);
  s.Options(".*", handler);
  s.set_pre_routing_handler([trace](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "TRACE") return httplib::Server::HandlerResponse::Unhandled;
    trace(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // An exception nobody planned for is a plain 500: cpp-httplib's default would copy its text
  // into an EXCEPTION_WHAT response header for any client to read.
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.headers.clear();
    res.set_content("{\"error\":\"internal\"}\n", "application/json");
  });
}

std::string host_for_url(const std::string& bind) {
  return bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
}

}  // namespace

struct MockServer::Impl {
  MockOptions options;
  std::unique_ptr<Api> api;
  TlsIdentity tls;
  Listener main, cleartext, proxy;
};

MockServer::MockServer(MockOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const auto& o = impl_->options;
  impl_->api = std::make_unique<Api>(o.defects, o.trusted_proxies, o.cors, o.tls,
                                     o.lock_basic_users_after, o.clocks);
}

MockServer::~MockServer() {
  stop();
}

namespace {

// The proxy's own credentials (RFC 9110 §11.7): Basic, checked before anything is forwarded.
bool proxy_credentials_ok(const httplib::Request& req) {
  const std::string v = req.get_header_value("Proxy-Authorization");
  if (v.size() < 7 || !iequals(v.substr(0, 6), "Basic ")) return false;
  const auto decoded = base64_decode_strict(v.substr(6));
  return decoded && *decoded == std::string(kProxyUser) + ":" + kProxyPassword;
}

}  // namespace

int MockServer::start() {
  auto& im = *impl_;
  const auto& o = im.options;
  Api& api = *im.api;
  auto serve = [&api](const httplib::Request& req, httplib::Response& res) {
    api.handle(req, res);
  };
  auto trace = [&api](const httplib::Request& req, httplib::Response& res) { api.trace(req, res); };

  if (o.tls) {
    im.tls = o.tls_cert_file.empty() ? generate_tls_identity()
                                     : read_tls_identity(o.tls_cert_file, o.tls_key_file);
    BIO* cert_bio =
        BIO_new_mem_buf(im.tls.cert_pem.data(), static_cast<int>(im.tls.cert_pem.size()));
    BIO* key_bio = BIO_new_mem_buf(im.tls.key_pem.data(), static_cast<int>(im.tls.key_pem.size()));
    X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(cert_bio);
    BIO_free(key_bio);
    if (cert && key) im.main.server = std::make_unique<httplib::SSLServer>(cert, key);
    X509_free(cert);  // the SSL_CTX holds its own references
    EVP_PKEY_free(key);
    if (!im.main.server || !im.main.server->is_valid())
      throw std::runtime_error("the TLS certificate and key cannot be used");
  } else {
    im.main.server = std::make_unique<httplib::Server>();
  }
  // HSTS on every https response (RFC 6797 §7.1), never on cleartext ones (§7.2).
  const bool hsts = o.tls && !o.defects.has(Defect::kHstsMissing);
  route_everything(
      *im.main.server,
      [serve, hsts](const httplib::Request& req, httplib::Response& res) {
        serve(req, res);
        if (hsts) res.set_header("Strict-Transport-Security", "max-age=31536000");
      },
      trace);
  im.main.start(o.bind, o.port, o.threads);

  if (o.tls) {
    // The cleartext port of an https site: a permanent redirect for everything (RFC 6797 §7.2),
    // unless a defect serves the API there too.
    im.cleartext.server = std::make_unique<httplib::Server>();
    const std::string https =
        "https://" + host_for_url(o.bind) + ":" + std::to_string(im.main.port);
    const bool serves_api = o.defects.has(Defect::kBasicOverCleartext);
    route_everything(
        *im.cleartext.server,
        [serve, https, serves_api](const httplib::Request& req, httplib::Response& res) {
          if (serves_api) return serve(req, res);
          res.status = 308;
          res.set_header("Location", https + req.target);
          res.set_header("Cache-Control", "no-store");
        },
        trace);
    im.cleartext.start(o.bind, 0, 4);
  }

  // A forward proxy in front of the API (RFC 9110 §11.7): it wants its own credentials in
  // Proxy-Authorization (407 and Proxy-Authenticate), then forwards the rest untouched.
  im.proxy.server = std::make_unique<httplib::Server>();
  const Defects& d = o.defects;
  route_everything(
      *im.proxy.server,
      [serve, &d](const httplib::Request& req, httplib::Response& res) {
        if (!proxy_credentials_ok(req)) {
          res.set_header("Cache-Control", "no-store");
          res.set_content("{\"error\":\"proxy_authentication_required\"}\n", "application/json");
          const std::string challenge = std::string("Basic realm=\"") + kProxyRealm + "\"";
          if (d.has(Defect::kProxy401)) {
            res.status = 401;
            res.set_header("WWW-Authenticate", challenge);
          } else {
            res.status = 407;
            if (!d.has(Defect::kProxy407NoChallenge))
              res.set_header("Proxy-Authenticate", challenge);
            if (d.has(Defect::kProxyOffersDpop))
              res.headers.emplace("Proxy-Authenticate", "DPoP algs=\"ES256 RS256\"");
          }
          return;
        }
        // absolute-form (RFC 9112 §3.2.2): the origin's path is what follows the authority.
        httplib::Request forwarded = req;
        static const std::regex absolute("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*(/.*)?$");
        std::smatch m;
        if (std::regex_match(req.path, m, absolute))
          forwarded.path = m[1].length() ? std::string(m[1]) : "/";
        forwarded.headers.erase("Proxy-Authorization");
        serve(forwarded, res);
        if (!d.has(Defect::kProxyRewritesChallenge)) return;
        std::vector<std::string> rewritten;
        for (auto it = res.headers.lower_bound("WWW-Authenticate");
             it != res.headers.upper_bound("WWW-Authenticate"); ++it)
          rewritten.push_back(
              std::regex_replace(it->second, std::regex("realm=\"[^\"]*\""), "realm=\"gateway\""));
        res.headers.erase("WWW-Authenticate");
        for (const auto& c : rewritten) res.headers.emplace("WWW-Authenticate", c);
      },
      trace);
  im.proxy.start(o.bind, 0, 4);
  return im.main.port;
}

void MockServer::stop() {
  if (!impl_) return;
  impl_->proxy.stop();
  impl_->cleartext.stop();
  impl_->main.stop();
}

int MockServer::port() const {
  return impl_->main.port;
}

std::string MockServer::url() const {
  return std::string(impl_->options.tls ? "https://" : "http://") +
         host_for_url(impl_->options.bind) + ":" + std::to_string(impl_->main.port);
}

std::string MockServer::cleartext_url() const {
  if (!impl_->options.tls) return "";
  return "http://" + host_for_url(impl_->options.bind) + ":" +
         std::to_string(impl_->cleartext.port);
}

std::string MockServer::proxy_url() const {
  return "http://" + host_for_url(impl_->options.bind) + ":" + std::to_string(impl_->proxy.port);
}

std::string MockServer::ca_pem() const {
  return impl_->tls.cert_pem;
}

}  // namespace authspec::mock
