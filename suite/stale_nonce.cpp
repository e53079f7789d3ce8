#include "suite/stale_nonce.h"

#include <string>
#include <vector>

#include "suite/challenge.h"
#include "suite/verifiers.h"

namespace authspec {

// Credentials and challenges share the auth-param grammar (RFC 9110 §11.4), so the challenge
// parser reads it.
std::string nonce_answered(const Request& request) {
  for (const auto& [name, value] : request.headers) {
    if (!iequals(name, "Authorization")) continue;
    for (const auto& c : parse_challenges({value}).challenges)
      if (c.is("Digest") && c.param("nonce")) return c.param("nonce")->value;
  }
  return "";
}

namespace {

bool issued(const Exchange& ex, const std::string& nonce) {
  for (const auto& c : challenges_of(ex).challenges)
    if (c.is("Digest") && c.param("nonce") && c.param("nonce")->value == nonce) return true;
  return false;
}

}  // namespace

bool refused_as_stale(const Exchange& ex) {
  if (!ex.ok() || ex.response.status != 401 || ex.request.waits() ||
      nonce_answered(ex.request).empty())
    return false;
  for (const auto& c : challenges_of(ex).challenges)
    if (c.is("Digest") && c.param("stale") && iequals(c.param("stale")->value, "true")) return true;
  return false;
}

std::optional<Evidence> with_fresh_nonce(const Evidence& first_steps, const Exchange& stale) {
  const std::string nonce = nonce_answered(stale.request);
  Evidence ev = first_steps;
  for (auto& ex : ev.mine)
    if (issued(*ex, nonce)) {
      ex = &stale;
      return ev;
    }
  return std::nullopt;
}

}  // namespace authspec
