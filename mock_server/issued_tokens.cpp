#include "mock_server/issued_tokens.h"

#include <algorithm>
#include <random>

namespace authspec::mock {
namespace {
constexpr const char* kPrefix = "mock-brief-";
// The store stays bounded however long the mock runs: past this, the oldest entries go.
constexpr std::size_t kMaxTokens = 4096;
}  // namespace

std::string IssuedTokens::issue(const std::string& user, const std::string& scopes) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(random()));
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string token = kPrefix + std::to_string(++serial_) + "-" + hex;
  if (tokens_.size() >= kMaxTokens) {
    const auto oldest = std::min_element(tokens_.begin(), tokens_.end(), [](auto& a, auto& b) {
      return a.second.expires < b.second.expires;
    });
    tokens_.erase(oldest);
  }
  tokens_[token] = Entry{user, scopes, now + lifetime_};
  return token;
}

std::optional<IssuedTokens::Entry> IssuedTokens::find(const std::string& token) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  return it->second;
}

long IssuedTokens::lifetime_seconds() const {
  return std::max<long>(1, static_cast<long>(lifetime_.count() / 1000));
}

bool IssuedTokens::looks_issued(const std::string& token) {
  return token.rfind(kPrefix, 0) == 0;
}

}  // namespace authspec::mock
