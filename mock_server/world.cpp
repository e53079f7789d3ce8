#include "mock_server/world.h"

namespace authspec::mock {

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
      {"/api/reviews",
       [] {
         Route r{"GET", {"Basic", "Bearer"}};
         r.editors_only = true;
         return r;
       }()},
      {"/api/token/feed", {"GET", {"Token"}}},
      {"/api/slow",
       {"GET", {"Basic", "Bearer"}, false, false, false, Route::Deny::kNone, false, false, true}},
  };
  return r;
}

const std::map<std::string, User>& users() {
  static const std::map<std::string, User> u = {
      {"alice", {"wonderland-2026", true}},
      {"carol", {"pa:ss:word", true}},
      {"test", {"123\xC2\xA3", true}},  // the RFC 7617 §2.1 example: 123£ in UTF-8
      {"bob", {"builder-2026", false}},
      {"dave", {"editor-2026", false, true}},
      {"mallory", {"sacrificial-2026", false}},        // the lockout test account
      {"cleartext-probe", {"throwaway-2026", false}},  // may be exposed: sent over http (TLS-001)
  };
  return u;
}

}  // namespace authspec::mock
