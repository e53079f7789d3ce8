// One request through the layers, in the order a reader follows: front door, guards (deny lists,
// rate and concurrency limits, lockout), authentication, authorisation, refusals, resources.
#include <atomic>
#include <optional>
#include <thread>

#include "mock_server/api.h"

namespace authspec::mock {

void Api::serve(const httplib::Request& req, httplib::Response& res) {
  std::string path = req.path;
  const bool bypass = bypassed(req, path);
  const bool deceived = d_.has(Defect::kCacheDeception) && static_suffix_stripped(path);
  if (path.rfind("/api/objects/", 0) == 0 || path.rfind("/api/admin/objects/", 0) == 0)
    return object(req, res, path);
  if (path == "/login" || path == "/logout" || path.rfind("/api/session/me", 0) == 0)
    return session(req, res, path);
  if (path == "/password-reset") return password_reset(req, res);
  if (path == "/api/digest") return digest_route(req, res);
  if (path.rfind("/api/keyed/", 0) == 0) return keyed_route(req, res, path);
  if (path == "/oauth/token") return token_endpoint(req, res);
  if (path == "/.well-known/openid-configuration") return discovery(req, res);
  if (path == "/public/health") {
    // The description (fixtures/mock.openapi.yaml) says security: [], the server disagrees.
    if (d_.has(Defect::kPublicRouteProtected) && !req.has_header("Authorization")) {
      static const Route kGuarded{"GET", {"Basic"}};
      return unauthorized(res, kGuarded, Auth{});
    }
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
  if (auth.state == AuthState::kOk && d_.has(Defect::kConnectionAuthCache) && !auth.scheme.empty())
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
      if (d_.has(Defect::kOrigin407) && path == "/api/bearer/reports") return proxy_challenge(res);
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
  if (route.editors_only && auth.user != "anonymous" && !editor(auth))
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

}  // namespace authspec::mock
