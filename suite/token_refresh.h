// The run's fetched [oauth] token, kept fresh while the run lasts. A run longer than the token's
// lifetime (RFC 6749 §5.1 expires_in) must not turn into a run of 401s: each request that carries
// the token goes with the newest one, fetched anew shortly before the current one expires, or
// once after the target refused with invalid_token (RFC 6750 §3.1) a token it had accepted.
// Planned requests keep the token of the plan (their key and evidence); only the wire differs.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "suite/http.h"

namespace authspec {

class TokenRefresher {
 public:
  // Sends the token request: the refresh_token grant with `refresh_token` when the endpoint has
  // issued one (RFC 6749 §6), else the profile's own grant. The refresher reads the answer.
  using Fetch = std::function<Exchange(const std::string& refresh_token)>;
  using Clock = std::chrono::steady_clock;

  // `token` was fetched at `fetched_at` and lives `lifetime` (zero: not said, so it is renewed
  // only after the target refuses it).
  TokenRefresher(std::string token, std::chrono::seconds lifetime, Clock::time_point fetched_at,
                 Fetch fetch, std::string refresh_token = "");

  // `wire` (a planned request) with the current token wherever it carries the planned one,
  // fetching a new token first when the current one is about to expire.
  void prepare(Request& wire);
  // After `wire` (prepared) was answered with `ex`: true when it should be prepared and sent
  // again, because the target refused with invalid_token a token it had accepted before and a new
  // token came (once per token). A 2xx answer records the token as accepted.
  bool retry_after(const Request& wire, const Exchange& ex);

  // The token requests sent since the last call (for the run's evidence; the tokens they carry
  // are masked like every issued token).
  std::vector<Exchange> take_fetches();
  // One line for the reports when the token was renewed or could not be ("" when neither).
  std::string summary() const;

  // Renewal starts this long before expiry: a quarter of the lifetime, at most a minute.
  static std::chrono::milliseconds margin(std::chrono::seconds lifetime);
  // Every run stops renewing after this many fetches (a target that refuses each new token).
  static constexpr int kMaxFetches = 50;

 private:
  // Fetches a new token (the lock held); false when none came.
  bool renew(const char* why);

  mutable std::mutex mutex_;
  const std::string planned_;  // the token the plan's requests carry
  std::string current_;
  std::chrono::seconds lifetime_;
  Clock::time_point fetched_at_;
  Fetch fetch_;
  std::string refresh_token_;       // the newest the endpoint issued ("" : none, or it was refused)
  std::set<std::string> accepted_;  // tokens the target answered 2xx to
  std::set<std::string> renewed_after_;  // tokens already renewed after a refusal
  std::vector<Exchange> fetches_;
  int before_expiry_ = 0, after_refusal_ = 0, failed_ = 0, sent_ = 0;
  std::string last_error_;
};

}  // namespace authspec
