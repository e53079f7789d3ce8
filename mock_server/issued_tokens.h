// Opaque access tokens the token endpoint issues to its short-lived client, looked up on every
// request as an introspecting resource server would. Each lives MockClocks::brief_token_ms, so a
// run can see one expire (OAUTH-004) and a client refresh it (the runner's token refresh).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace authspec::mock {

class IssuedTokens {
 public:
  explicit IssuedTokens(int lifetime_ms) : lifetime_(lifetime_ms) {}

  struct Entry {
    std::string user, scopes;
    std::chrono::steady_clock::time_point expires;
  };
  // A new token for `user` with `scopes`, valid for the lifetime from now.
  std::string issue(const std::string& user, const std::string& scopes);
  // The token's entry, expired or not; nullopt for a token never issued (or long forgotten).
  std::optional<Entry> find(const std::string& token) const;
  // The lifetime the token response states (expires_in, whole seconds, at least 1).
  long lifetime_seconds() const;
  static bool looks_issued(const std::string& token);  // the prefix this store's tokens carry

 private:
  std::chrono::milliseconds lifetime_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> tokens_;
  unsigned long serial_ = 0;
};

}  // namespace authspec::mock
