// The mock's rate limiter (a fixed window per client) and failed-login throttle (per user name).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "mock_server/clocks.h"

namespace authspec::mock {

inline constexpr int kRateBudget = 5;             // requests per window on /api/limited
inline constexpr int kLoginFailures = 5;          // failed logins before a user is locked
inline constexpr int kConcurrencyLimit = 2;       // requests in flight on /api/slow
inline constexpr int kSlowMillis = 150;           // how long /api/slow holds each request
inline constexpr int kKnownUserDelayMillis = 80;  // the enum-timing defect's password hash

class RateLimiter {
 public:
  explicit RateLimiter(int window_ms) : window_(window_ms) {}
  // True when the request is within the budget; otherwise `retry_after` is the seconds left.
  bool admit(const std::string& key, int& retry_after);

 private:
  struct Window {
    std::chrono::steady_clock::time_point start;
    int count = 0;
  };
  const std::chrono::milliseconds window_;
  std::mutex mutex_;
  std::map<std::string, Window> windows_;
};

class LoginThrottle {
 public:
  explicit LoginThrottle(int lock_ms) : lock_(lock_ms) {}
  // Seconds the user stays locked (0: not locked).
  int locked_for(const std::string& user);
  void failed(const std::string& user);

 private:
  struct State {
    std::chrono::steady_clock::time_point first_failure, locked_until;
    int failures = 0;
  };
  const std::chrono::milliseconds lock_;
  std::mutex mutex_;
  std::map<std::string, State> users_;
};

}  // namespace authspec::mock
