#include "mock_server/sessions.h"

#include "suite/base64.h"

namespace authspec::mock {

std::string SessionStore::create(const std::string& user) {
  const std::string id = random_hex(16);
  std::lock_guard<std::mutex> lock(mutex_);
  if (sessions_.size() > 100000) sessions_.clear();  // bounded: the mock is for tests
  sessions_[id] = {user, std::chrono::steady_clock::now()};
  return id;
}

std::optional<std::string> SessionStore::user_of(const std::string& id, bool never_expire) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = sessions_.find(id);
  if (it == sessions_.end() || it->second.user.empty()) return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  if (!never_expire && now - it->second.last_used > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.user;
}

bool SessionStore::exists(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return sessions_.count(id) > 0;
}

void SessionStore::authenticate(const std::string& id, const std::string& user) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_[id] = {user, std::chrono::steady_clock::now()};
}

void SessionStore::invalidate(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  sessions_.erase(id);
}

}  // namespace authspec::mock
