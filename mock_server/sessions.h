// The mock's cookie sessions: random ids, anonymous (pre-login) and authenticated sessions, idle
// expiry and server-side logout.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace authspec::mock {

inline constexpr const char* kSessionCookie = "__Host-sid";

class SessionStore {
 public:
  explicit SessionStore(int idle_ms) : idle_(idle_ms) {}
  // A new session ("" user: anonymous, pre-login); returns its id (128 random bits, hex).
  std::string create(const std::string& user);
  // The user of a live, authenticated session, refreshing its idle clock; nullopt when the id
  // is unknown, anonymous, logged out or idle too long (`never_expire`: idle time ignored).
  std::optional<std::string> user_of(const std::string& id, bool never_expire);
  // Whether the id names a live session at all (anonymous ones included).
  bool exists(const std::string& id);
  // Marks an existing session authenticated as `user` (what a fixation-prone login does).
  void authenticate(const std::string& id, const std::string& user);
  void invalidate(const std::string& id);

 private:
  struct Session {
    std::string user;
    std::chrono::steady_clock::time_point last_used;
  };
  const std::chrono::milliseconds idle_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;
};

}  // namespace authspec::mock
