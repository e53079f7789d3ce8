// Shared verifiers (requirements.md "Common verifiers") and the Findings collector that turns
// their answers into a verdict. Checks are built from these, h2spec-style.
#pragma once

#include <string>
#include <vector>

#include "suite/challenge.h"
#include "suite/check.h"

namespace authspec {

bool is_success(int status);
bool is_server_error(int status);
bool is_redirect(int status);

// "401 Unauthorized" / "timeout: ..." — the response in a few words, for messages.
std::string describe_status(const Exchange& ex);
// "GET /p (basic:wrong-password)" — which request, without secrets.
std::string describe_request(const Exchange& ex);

// The comma-separated members of every `name` field line, trimmed, in order (Vary,
// Cache-Control, Access-Control-Allow-Headers ...); empty members dropped.
std::vector<std::string> list_members(const Response& r, const std::string& name);
// Does a list field name `member` (case-insensitive; "max-age" also finds "max-age=600")?
bool lists(const Response& r, const std::string& name, const std::string& member);

// May a cache store this response at all (RFC 9111 §3)? Not with no-store; otherwise only with
// explicit freshness or caching directives (public, max-age, s-maxage, Expires) or a status
// that is heuristically cacheable (RFC 9110 §15.1): a bare 401 or 403 is never stored.
bool cache_may_store(const Response& r);

// WWW-Authenticate lines of a response, parsed.
ChallengeParse challenges_of(const Exchange& ex, const std::string& field = "WWW-Authenticate");

// Each returns "" when the response is right, or what is wrong in one phrase.
// 401 with at least one parsable challenge naming a scheme the resource accepts (or, where the
// profile's policy says so, a redirect to a login page).
std::string challenge401(const Context& ctx, const Exchange& ex);
// Rejected as a client error that a client can act on: 401 with a challenge, or 400. Never
// 2xx, never 5xx.
std::string challenge401_or_400(const Context& ctx, const Exchange& ex);
// Not 2xx and not 5xx (any other refusal).
std::string refused_without_error(const Exchange& ex);
inline std::string refused(const Context&, const Exchange& ex) {
  return refused_without_error(ex);
}
// 403, or 404 where the profile's policy hides what exists (RFC 9110 §15.5.4).
std::string forbidden(const Context& ctx, const Exchange& ex);
// The canary is nowhere in the body.
std::string no_leak(const Context& ctx, const Exchange& ex);
// 2xx and the body holds the canary (HEAD: 2xx and no body).
std::string accepted(const Context& ctx, const Exchange& ex);

using Verifier = std::string (*)(const Context&, const Exchange&);

// The judge of a check whose requests carry no valid credentials: `verifier` must hold for every
// response, and protected content in any of them is a security breach.
std::function<Verdict(const Context&, const Evidence&)> each_without_credentials(
    Verifier verifier, std::string pass_message);

// The same for access control that must never give way (a deny list, an admin function, a
// privilege escalation): any failure at all is a security breach.
std::function<Verdict(const Context&, const Evidence&)> each_kept_out(Verifier verifier,
                                                                      std::string pass_message);

// A verdict of "skip" decided while judging: the responses held nothing this check is about.
Verdict nothing_to_judge(std::string why);

// Collects problems found in exchanges and makes the verdict.
class Findings {
 public:
  // Records `problem` (if non-empty) against the exchange.
  void expect(const Exchange& ex, const std::string& problem);
  // For requests without valid credentials: a canary in the response is a security breach.
  void expect_no_leak(const Context& ctx, const Exchange& ex);
  // Records a problem that is a security breach (protected content or a 2xx where refused).
  void breach(const Exchange& ex, const std::string& problem);
  void fail(const Exchange* ex, const std::string& problem);
  bool empty() const { return problems_.empty(); }
  Verdict verdict(const std::string& pass_message) const;

 private:
  std::vector<std::string> problems_;
  std::vector<const Exchange*> shown_;
  bool breach_ = false;
};

}  // namespace authspec
