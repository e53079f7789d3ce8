// The mock's world: its routes and users (fixtures/mock.ini describes the same; MockWorld tests
// that they agree).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace authspec::mock {

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
      false;                  // at most kConcurrencyLimit requests in flight, each held a while
  bool editors_only = false;  // the editor role: Basic editors and admins, Bearer scope "review"
};

// path -> route; GET routes also answer HEAD (cpp-httplib serves HEAD from GET handlers).
const std::map<std::string, Route>& routes();

struct User {
  std::string password;
  bool admin;
  bool editor = false;  // the middle role of the role matrix (/api/reviews)
};

// The service token of the custom "Token" scheme (Authorization: Token <value>), and its user.
constexpr const char* kServiceToken = "mock-svc-token-8e3b5a90";
constexpr const char* kServiceUser = "svc";
const std::map<std::string, User>& users();

}  // namespace authspec::mock
