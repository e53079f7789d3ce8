// The mock's Digest authentication (RFC 7616): challenges for SHA-256 and MD5 with qop="auth",
// opaque and userhash, nonces that expire (MockClocks::nonce_ms), nonce-count replay detection, and
// Authentication-Info on success. Free of httplib: it sees the method, the request-target and
// the Authorization value.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mock_server/defects.h"

namespace authspec::mock {

struct DigestOutcome {
  int status = 401;    // 200, 400 (malformed) or 401
  bool stale = false;  // the nonce was the only problem
  std::string user, why, authentication_info;
};

class DigestAuth {
 public:
  DigestAuth(const Defects& d, int nonce_ms) : d_(d), nonce_lifetime_(nonce_ms) {}

  // The WWW-Authenticate values of a 401 for `realm` (a fresh nonce each).
  std::vector<std::string> challenges(const std::string& realm, bool stale);
  // `passwords` maps a user name to its password (nullopt: no such user).
  DigestOutcome verify(
      const std::string& method, const std::string& target, const std::string& authorization,
      const std::string& realm,
      const std::function<std::optional<std::string>(const std::string&)>& passwords,
      const std::vector<std::string>& user_names);

 private:
  struct Nonce {
    std::chrono::steady_clock::time_point issued;
    std::set<std::string> counts;  // nc values seen with it
  };
  std::string new_nonce();

  const Defects& d_;
  const std::chrono::milliseconds nonce_lifetime_;
  std::mutex mutex_;
  std::map<std::string, Nonce> nonces_;
  std::string opaque_ = "d2e4b4c1a7f0";
};

}  // namespace authspec::mock
