#include "suite/token_refresh.h"

#include <algorithm>

#include "suite/oauth_fetch.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

// Every place a planned request can carry a Bearer token: a header (Authorization, or a proxy's
// forwarded copy), the query (access_token=) or a form body (RFC 6750 §2.2, §2.3).
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

bool carries(const Request& r, const std::string& token) {
  for (const auto& [name, value] : r.headers)
    if (value.find(token) != std::string::npos) return true;
  return r.target.find(token) != std::string::npos || r.body.find(token) != std::string::npos;
}

// RFC 6750 §3.1: the target says the token itself is no good (expired, revoked...).
bool refused_as_invalid_token(const Exchange& ex) {
  if (!ex.ok() || ex.response.status != 401) return false;
  for (const auto& c : challenges_of(ex).with_scheme("Bearer"))
    if (const auto* e = c.param("error"); e && e->value == "invalid_token") return true;
  return false;
}

}  // namespace

TokenRefresher::TokenRefresher(std::string token, std::chrono::seconds lifetime,
                               Clock::time_point fetched_at, Fetch fetch, std::string refresh_token)
    : planned_(token),
      current_(std::move(token)),
      lifetime_(lifetime),
      fetched_at_(fetched_at),
      fetch_(std::move(fetch)),
      refresh_token_(std::move(refresh_token)) {}

std::chrono::milliseconds TokenRefresher::margin(std::chrono::seconds lifetime) {
  return std::min<std::chrono::milliseconds>(std::chrono::minutes(1),
                                             std::chrono::milliseconds(lifetime) / 4);
}

bool TokenRefresher::renew(const char* why) {
  if (sent_ >= kMaxFetches) return false;
  ++sent_;
  const auto started = Clock::now();
  Exchange ex = fetch_(refresh_token_);
  ex.request.step = std::string("token refresh (") + why + ")";
  const TokenAnswer t = read_token_answer(ex);
  fetches_.push_back(std::move(ex));
  if (t.access_token.empty()) {
    ++failed_;
    last_error_ = t.error;
    // A refresh token the endpoint refused (expired, rotated away) is dropped: the next renewal
    // asks with the profile's own grant.
    refresh_token_.clear();
    // Not asked again before the next stretch of the lifetime: a failing endpoint is not hammered.
    fetched_at_ = started - lifetime_ + margin(lifetime_) + std::chrono::seconds(1);
    return false;
  }
  current_ = t.access_token;
  if (!t.refresh_token.empty()) refresh_token_ = t.refresh_token;  // rotated (RFC 6749 §6)
  lifetime_ = std::chrono::seconds(t.expires_in);
  fetched_at_ = started;  // the lifetime counts from the answer; starting early is the safe side
  return true;
}

void TokenRefresher::prepare(Request& wire) {
  if (planned_.empty() || !carries(wire, planned_)) return;
  std::string token;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (lifetime_.count() > 0 && Clock::now() >= fetched_at_ + lifetime_ - margin(lifetime_) &&
        renew("before expiry"))
      ++before_expiry_;
    token = current_;
  }
  if (token == planned_) return;
  for (auto& [name, value] : wire.headers) replace_all(value, planned_, token);
  replace_all(wire.target, planned_, token);
  replace_all(wire.body, planned_, token);
}

bool TokenRefresher::retry_after(const Request& wire, const Exchange& ex) {
  if (planned_.empty()) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  // The token the wire carried: the current one, else the plan's, else an earlier renewal's.
  std::string used = carries(wire, current_) ? current_ : carries(wire, planned_) ? planned_ : "";
  for (const auto& t : accepted_)
    if (used.empty() && carries(wire, t)) used = t;
  if (used.empty()) return false;
  if (ex.ok() && is_success(ex.response.status)) {
    accepted_.insert(used);
    return false;
  }
  if (!accepted_.count(used) || !refused_as_invalid_token(ex)) return false;
  // Renewed meanwhile (this request was in flight as its token expired): ask again with the new
  // one, whatever variant of the credential it is.
  if (used != current_) return true;
  // Only the plain valid credential tells the token went bad: a variant (a lower-case scheme, the
  // token in a body) may be refused for what it is.
  if (wire.credential != "bearer:valid") return false;
  if (!renewed_after_.insert(used).second) return false;
  if (!renew("after invalid_token")) return false;
  ++after_refusal_;
  return true;
}

std::vector<Exchange> TokenRefresher::take_fetches() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Exchange> out;
  out.swap(fetches_);
  return out;
}

std::string TokenRefresher::summary() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!before_expiry_ && !after_refusal_ && !failed_) return "";
  std::string line = "the [oauth] token was fetched again " +
                     std::to_string(before_expiry_ + after_refusal_) + " times during the run (" +
                     std::to_string(before_expiry_) + " before it expired, " +
                     std::to_string(after_refusal_) + " after the target refused it)";
  if (failed_)
    line += "; " + std::to_string(failed_) + " fetches brought no token (" + last_error_ +
            "), so later requests carried an older one";
  if (sent_ >= kMaxFetches) line += "; renewal stopped at " + std::to_string(kMaxFetches);
  return line;
}

}  // namespace authspec
