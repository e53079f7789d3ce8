#include "mock_server/limits.h"

namespace authspec::mock {
namespace {
using Clock = std::chrono::steady_clock;
int seconds_until(Clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return ms <= 0 ? 0 : static_cast<int>((ms + 999) / 1000);
}
}  // namespace

bool RateLimiter::admit(const std::string& key, int& retry_after) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (windows_.size() > 10000) windows_.clear();  // bounded memory
  Window& w = windows_[key];
  const auto now = Clock::now();
  if (w.count == 0 || now - w.start >= window_) w = {now, 0};
  if (++w.count <= kRateBudget) return true;
  // Retry-After is whole seconds (RFC 9110 §10.2.3): the window's rest, rounded up.
  retry_after = std::max(1, seconds_until(w.start + window_));
  return false;
}

int LoginThrottle::locked_for(const std::string& user) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = users_.find(user);
  return it == users_.end() ? 0 : seconds_until(it->second.locked_until);
}

void LoginThrottle::failed(const std::string& user) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (users_.size() > 10000) users_.clear();
  State& s = users_[user];
  const auto now = Clock::now();
  if (s.failures == 0 || now - s.first_failure > lock_) s = {now, {}, 0};
  if (++s.failures >= kLoginFailures) s.locked_until = now + lock_;
}

}  // namespace authspec::mock
