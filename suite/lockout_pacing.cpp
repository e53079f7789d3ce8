#include "suite/lockout_pacing.h"

#include <map>

#include "suite/base64.h"

namespace authspec {
namespace {

// The Basic user and password a request carries, when it carries Basic credentials.
bool basic_of(const Request& r, std::string& user, std::string& password) {
  for (const auto& [name, value] : r.headers) {
    if (!iequals(name, "Authorization") || value.size() < 6 ||
        !iequals(value.substr(0, 6), "Basic "))
      continue;
    const auto decoded = base64_decode_strict(trim(value.substr(6)));
    if (!decoded) return false;
    const auto colon = decoded->find(':');
    if (colon == std::string::npos) return false;
    user = decoded->substr(0, colon);
    password = decoded->substr(colon + 1);
    return true;
  }
  return false;
}

}  // namespace

std::vector<bool> held_back_for_lockout(const Profile& profile,
                                        const std::vector<Request>& requests,
                                        std::vector<std::string>& notes) {
  std::vector<bool> held(requests.size(), false);
  if (!profile.rate || profile.rate->lockout_attempts <= 0) return held;
  // The accounts the run tests with, and their valid passwords.
  std::map<std::string, std::string> known;
  for (const auto* pw : {&profile.basic, &profile.basic_colon, &profile.basic_utf8})
    if (*pw) known.emplace((*pw)->user, (*pw)->password);
  if (profile.low && profile.low->basic)
    known.emplace(profile.low->basic->user, profile.low->basic->password);
  for (const auto& id : profile.identities)
    if (id.basic) known.emplace(id.basic->user, id.basic->password);
  if (profile.rate->lockout) known.erase(profile.rate->lockout->user);  // to be locked

  const int allowed = profile.rate->lockout_attempts - 1;  // stay one below the limit
  std::map<std::string, int> sent, withheld;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    std::string user, password;
    if (!basic_of(requests[i], user, password)) continue;
    const auto it = known.find(user);
    if (it == known.end() || it->second == password) continue;
    if (sent[user] < allowed) {
      ++sent[user];
    } else {
      held[i] = true;
      ++withheld[user];
    }
  }
  for (const auto& [user, count] : withheld)
    notes.push_back("the lockout policy (" + std::to_string(profile.rate->lockout_attempts) +
                    " wrong passwords lock an account) held back " + std::to_string(count) +
                    " of the run's wrong-password requests for " + user +
                    ": the checks that needed them are undecided");
  return held;
}

}  // namespace authspec
