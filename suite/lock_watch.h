// Notices a credential of the profile that worked and then stopped working during a run: an
// account locked (by this run's requests or by someone else's) or a token that expired. Answers
// given after that moment say nothing about the target's conformance, so the runner stops
// sending the credential and leaves the results that rest on those answers undecided, instead of
// blaming the profile or failing checks on 401s that only the lock explains. (A key revoked or a
// session ended mid-run reads the same way.)
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "suite/http.h"
#include "suite/profile.h"

namespace authspec {

class LockWatch {
 public:
  explicit LockWatch(const Profile& profile);

  // Reads the exchanges of the run sent so far (in any order) and notes the credentials that
  // stopped working: a 2xx, then later a 401 to the same credential on a resource that accepts
  // it, and no 2xx after that. Called again with the same run grown, it reads only the exchanges
  // added since (a run observes after each of up to 64 batches); it reads the whole run again
  // only when one of those started before the latest it had read.
  void observe(const std::deque<Exchange>& exchanges);

  // Does the request carry a credential that has stopped working (do not send it)?
  bool carries_stopped(const Request& request) const;
  // Why this exchange's answer cannot be judged ("" when it can): it carries a credential that
  // had stopped working when it went out.
  std::string spoiled(const Exchange& ex) const;
  // One line per credential that stopped working, for the console and the exit message.
  std::vector<std::string> notices() const;
  // What showed it, for the reports' evidence: for each credential that stopped working, the
  // index into the run of its last 2xx, then of the 401s that counted (a recheck among them).
  std::vector<std::size_t> proof() const;

  // The plain questions to ask again now that every request sent so far is answered: one per
  // credential that worked and has since got a 401 that is not a plain question (a HEAD, a
  // variant spelling, another user's object), once per such doubt. Such a 401 may be the
  // target's real answer to the variant, or the account locked after the plain questions were
  // answered; a refusal of the plain question asked again tells which, whatever order the
  // requests reached the server in. Asked after the batch that raised the doubt, it finds a lock
  // there, before the rest of the run is sent with the locked credential.
  std::vector<Request> rechecks();
  static constexpr const char* kRecheckStep = "lock recheck";

 private:
  // Where the reading of one credential's answers, in the order they were sent, has got to.
  struct Reading {
    std::chrono::system_clock::time_point worked{}, last_success_sent{};
    bool any_success = false;
    // The refusals of the plain question since it last worked (indices into the run), and how
    // many they count for (a recheck counts twice); the last 2xx (SIZE_MAX: none).
    std::vector<std::size_t> counted;
    int refusals = 0;
    std::size_t last_success = SIZE_MAX;
  };
  struct Identity {
    std::string label;
    std::string scheme;  // lower case ("" for an API key or a cookie)
    // Where the credential travels, as the profile's own requests send it: a header field (the
    // Authorization field, an API key's, Cookie) and its value; or, with `field` empty, the
    // "name=value" query parameter an API key read from the query is sent as.
    std::string field, spelling;
    std::string why;  // what probably happened when it stopped working
    // Where it may go, as "METHOD target" and as target; where it must not.
    std::unordered_set<std::string> allowed, allowed_targets, forbidden;
    // It is known to open only `allowed`: a role's own credential, an API key. (The [basic],
    // [bearer] and [low] credentials may use every protected resource that takes their scheme,
    // the [low] resource aside.)
    bool only_allowed = false;
    bool stopped = false;
    // The last request that still worked went out at `worked`; the first refusal at `refused`.
    // The lock fell between: an answer that came back after `worked` is suspect.
    std::chrono::system_clock::time_point worked{}, refused{};
    std::string where;               // the request that first got the 401
    std::vector<std::size_t> proof;  // Reading's last_success and counted, when it stopped
    // It worked, and a later answer to it was a 401: one past the last such exchange's index
    // into the run (0: none).
    std::size_t doubted_before = 0;
    std::optional<Request> plain_success;  // a plain question it answered with 2xx
    Reading reading;
  };
  // "METHOD target": where a request for the resource goes.
  std::string place(const Resource& r) const;
  // A credential watched (and how it is spelled), added under its label unless it already is.
  Identity& add(const std::string& field, const std::string& value, const std::string& label,
                const std::string& why, bool only_allowed = false);
  // The one watched credential the request carries (null with none, with two, or with two
  // Authorization fields).
  const Identity* identity_of(const Request& request) const;
  Identity* identity_of(const Request& request);
  // Reads one answer (the run's `index`-th exchange) after every answer sent before it.
  void read(const std::deque<Exchange>& run, std::size_t index);

  const Profile& profile_;
  // The field (lower case; "?" for a query parameter) and the value, normalised -> identity.
  std::map<std::string, Identity> by_credential_;
  bool query_watched_ = false;  // some credential travels in the query
  // The protected resources by request target, in profile order: observe() reads every exchange
  // after each batch of a run, and a whole API has thousands of resources.
  std::unordered_map<std::string, std::vector<const Resource*>> resources_at_;
  std::unordered_set<std::string> throttled_;  // the rate-limited resources, as "METHOD target"
  std::size_t read_ = 0;                       // the run's exchanges read so far
  // Doubts raised by the run's exchanges before this index have had their recheck.
  std::size_t rechecked_before_ = 0;
  std::chrono::system_clock::time_point latest_read_{};  // the latest start among them
};

}  // namespace authspec
