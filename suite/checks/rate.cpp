// RATE: rate limiting and brute-force throttling (RFC 6585 §4, RFC 9110 §10.2.3, ASVS V2.2).
// Bursts are bounded (budget + 3, at most 48; attempts at most 100) and run only when allowed.
#include <algorithm>
#include <regex>

#include "suite/base64.h"
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

std::string burst_skip(const Profile& p, bool login) {
  if (!p.rate || (login ? !p.rate->login_resource : !p.rate->resource))
    return login ? "the profile names no [rate] login_resource"
                 : "the profile names no [rate] resource";
  if (!p.allow_bursts)
    return "bursts are opt-in against real targets (--allow-bursts): they can lock accounts";
  return "";
}

Request login_attempt(const Context& ctx, const std::string& user, const std::string& password,
                      int repeat, const std::string& label) {
  Context at{ctx.profile, &*ctx.profile.rate->login_resource, ctx.controls};
  Request r = at.with_authorization("Basic " + base64_encode(user + ":" + password), label, true);
  r.repeat = repeat;
  return r;
}

std::vector<Request> login_burst(const Context& ctx, const std::string& user,
                                 const std::string& who) {
  std::vector<Request> out;
  for (int i = 0; i < ctx.profile.rate->attempts; ++i)
    out.push_back(login_attempt(ctx, user, "authspec-wrong-password", i,
                                "basic:" + who + ", wrong password " + std::to_string(i + 1))
                      .as(who + " burst"));
  return out;
}

std::string unknown_user() {
  return "authspec-nobody-7e21";
}

bool throttled(int status) {
  return status == 429 || status == 423 || status == 503;
}
int count_throttled(const std::vector<const Exchange*>& exchanges) {
  int n = 0;
  for (const Exchange* ex : exchanges) n += ex->ok() && throttled(ex->response.status);
  return n;
}

Plan rate_plan(const Context& ctx) {
  const std::string skip = burst_skip(ctx.profile, false);
  return skip.empty() ? Plan{probes::rate_burst(ctx), ""} : skip_because(skip);
}

// limit + 4 identical requests at once to the concurrency-limited resource.
std::vector<Request> concurrency_burst(const Context& ctx) {
  std::vector<Request> out;
  // Only testable when more requests than the limit can be in flight at once.
  if (!ctx.profile.rate || !ctx.profile.rate->concurrency_resource ||
      ctx.profile.in_flight <= ctx.profile.rate->concurrency_limit)
    return out;
  return probes::identical_burst(ctx, *ctx.profile.rate->concurrency_resource,
                                 ctx.profile.rate->concurrency_limit + 4, "concurrent");
}

// After the burst: the sacrificial account's right password, then another wrong one. A lockout
// that refuses even the right password is throttling too, however it answers (often a plain 401).
std::vector<Request> after_burst(const Context& ctx) {
  const Password& acct = *ctx.profile.rate->lockout;
  return {login_attempt(ctx, acct.user, acct.password, 0, "basic:lockout account, right password")
              .as("right password"),
          login_attempt(ctx, acct.user, "authspec-another-wrong-one", 0,
                        "basic:lockout account, another wrong password")
              .as("another wrong password")};
}

// Was the sacrificial account throttled: a throttling status in the burst, or its right
// password refused after it (evidence: the burst, then after_burst()'s two requests)?
bool locked_out(const Evidence& ev) {
  if (count_throttled(ev.steps_named("lockout account burst")) > 0) return true;
  const Exchange* right = ev.find_step("right password");
  return right && right->ok() && !is_success(right->response.status);
}

Plan login_plan(const Context& ctx) {
  const std::string skip = burst_skip(ctx.profile, true);
  return skip.empty()
             ? Plan{login_burst(ctx, ctx.profile.rate->lockout->user, "lockout account"), ""}
             : skip_because(skip);
}

// The longest numeric Retry-After among the 429s of a burst, and when the first and the last of
// them arrived: a Retry-After counts from its response.
struct RetryAfter {
  int seconds = -1;  // none
  std::chrono::system_clock::time_point first = std::chrono::system_clock::time_point::max(),
                                        answered{};
};
RetryAfter longest_retry_after(const std::vector<const Exchange*>& burst) {
  RetryAfter out;
  for (const Exchange* ex : burst) {
    const std::string v = ex->ok() ? ex->response.first("Retry-After") : "";
    if (ex->response.status != 429 || v.empty() || v.size() >= 6 ||
        v.find_first_not_of("0123456789") != std::string::npos)
      continue;
    out.seconds = std::max(out.seconds, std::stoi(v));
    out.first = std::min(out.first, ex->answered());
    out.answered = std::max(out.answered, ex->answered());
  }
  return out;
}

bool valid_retry_after(const std::string& v) {
  static const std::regex seconds("^[0-9]+$");
  static const std::regex date(
      "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
      "[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$");
  return std::regex_match(v, seconds) || std::regex_match(v, date);
}

}  // namespace

void register_rate(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "RATE-001",
      .level = Level::kBestPractice,
      .spec = "RFC 6585 §4, §7.2",
      .title = "Over the limit: 429",
      .requirement = "A client over the request-rate limit gets 429, not 401, 403, 503 or 200.",
      .remediation = "Answer per-client limits with 429 Too Many Requests (and Retry-After); 401 "
                     "and 403 claim a credential or permission problem, 503 an outage.",
      .scope = Scope::kRun,
      .judges_failures = true,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = rate_plan(ctx);
    if (p.skip.empty())
      for (auto& r : concurrency_burst(ctx)) p.requests.push_back(r);
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    int limited = 0, dropped = 0;
    const auto burst = ev.steps_named("burst"), concurrent = ev.steps_named("concurrent");
    // The concurrency burst: some request over the limit gets 429 or 503 with Retry-After.
    if (!concurrent.empty()) {
      int refused = 0;
      for (const Exchange* ex : concurrent)
        refused += ex->ok() && (ex->response.status == 429 || ex->response.status == 503) &&
                   ex->response.has("Retry-After");
      if (!refused)
        f.fail(concurrent.back(), std::to_string(concurrent.size()) + " requests at once (limit " +
                                      std::to_string(ctx.profile.rate->concurrency_limit) +
                                      ") all served: no 429 or 503 with Retry-After");
    }
    // A burst refused as a whole (no answer 2xx, every one 401 or 403) met the request's own
    // refusal, not a limit: the resource wants credentials the burst did not carry, or these are
    // not valid. Undecided, never "throttled with 401".
    const bool answered_any =
        std::any_of(burst.begin(), burst.end(), [](const Exchange* ex) { return ex->ok(); });
    const bool refused_whole =
        answered_any && std::all_of(burst.begin(), burst.end(), [](auto* ex) {
          return !ex->ok() || ex->response.status == 401 || ex->response.status == 403;
        });
    const Context at{ctx.profile, &*ctx.profile.rate->resource, ctx.controls};
    const bool anonymous = at.testable_schemes().empty();
    if (refused_whole) {
      // The concurrency burst's finding still stands; the rate burst's is undecided.
      if (!f.empty()) return f.verdict("");
      return Verdict{
          Outcome::kError,
          "undecided: every request of the burst got " + describe_status(*burst.front()) +
              ", within the budget too: that refuses the request itself, not its rate" +
              (ctx.profile.rate->resource->schemes.empty()
                   ? " (give [rate] resource the SCHEMES it takes, so the burst carries valid "
                     "credentials)"
                   : ""),
          {burst.front()}};
    }
    for (const Exchange* ex : burst) {
      if (!ex->ok()) {
        ++dropped;
        continue;
      }
      const int s = ex->response.status;
      limited += s == 429;
      // An anonymous burst (a resource without SCHEMES) meets 401 as the request's own refusal.
      if (s == 401 && anonymous) continue;
      if (s == 401 || s == 403 || s == 503 || is_server_error(s))
        f.expect(*ex, "throttled with " + describe_status(*ex) + " instead of 429");
    }
    if (limited == 0) {
      if (dropped)
        return Verdict{
            Outcome::kFail,
            "no 429; the server dropped " + std::to_string(dropped) + " connections instead",
            {}};
      f.fail(burst.back(),
             "no 429 after " + std::to_string(burst.size()) + " requests (over the budget)");
    }
    return f.verdict(std::to_string(limited) + " of " + std::to_string(burst.size()) +
                     " burst requests got 429");
  };

  out.push_back(Check{
      .id = "RATE-002",
      .level = Level::kMust,
      .spec = "RFC 9110 §10.2.3; RFC 6585 §4",
      .title = "Retry-After is present and well-formed",
      .requirement = "Where a 429 (or 503) carries Retry-After, its value is delay-seconds or an "
                     "HTTP-date (the field itself is optional and only noted when absent).",
      .remediation = "Send Retry-After: <seconds> with every 429.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = rate_plan(ctx);
    Plan l = login_plan(ctx);
    if (!p.skip.empty()) return l;
    for (auto& r : l.requests) p.requests.push_back(r);
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    int seen = 0, missing = 0;
    for (const auto* ex : ev.all) {
      if (!ex->ok() || (ex->response.status != 429 && ex->response.status != 503)) continue;
      ++seen;
      if (!ex->response.has("Retry-After"))
        ++missing;
      else if (!valid_retry_after(ex->response.first("Retry-After")))
        f.expect(*ex, "Retry-After \"" + ex->response.first("Retry-After") +
                          "\" is neither delay-seconds nor an HTTP-date");
    }
    if (!seen) return Verdict{Outcome::kSkip, "no 429 or 503 was observed", {}};
    Verdict v = f.verdict("Retry-After on every 429, well-formed");
    // Retry-After is optional (RFC 6585 §4: "MAY include"): its absence is noted, not judged.
    if (v.outcome == Outcome::kPass && missing)
      v.message = "well-formed wherever present; " + std::to_string(missing) + " of " +
                  std::to_string(seen) + " 429/503 responses carry none (it is optional)";
    return v;
  };

  out.push_back(Check{
      .id = "RATE-003",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §10.2.3",
      .title = "Retry-After is sent and truthful",
      .requirement = "A 429 carries Retry-After (optional in RFC 6585, so advice); before it "
                     "elapses the client is still limited, and just after it the client is "
                     "admitted again (checked when the value is within the profile's wait cap).",
      .remediation = "Send Retry-After with every 429, computed from the limiter's real window.",
      .scope = Scope::kRun,
  });
  out.back().plan = rate_plan;
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    std::vector<Request> extra;
    const RetryAfter retry = longest_retry_after(ev.steps_named("burst"));
    const int wait = retry.seconds;
    if (wait < 0 || wait > ctx.profile.rate->wait_cap) return extra;
    Request before = ev.step("burst").request.as("before Retry-After"),
            after = ev.step("burst").request.as("after Retry-After");
    before.repeat = 3000;
    before.credential =
        before.credential.substr(0, before.credential.find(", burst")) + ", before Retry-After";
    after.repeat = 3001;
    after.not_before = probes::after_clock(retry.answered, wait * 1000);
    after.credential = before.credential.substr(0, before.credential.find(", before")) +
                       ", just after Retry-After (" + std::to_string(wait) + " s)";
    extra.push_back(before);
    extra.push_back(after);
    return extra;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    const auto burst = ev.steps_named("burst");
    if (count_throttled(burst) == 0)
      return Verdict{Outcome::kSkip, "the burst was not throttled (RATE-001 reports it)", {}};
    const Exchange* without = nullptr;
    bool with = false;
    for (const Exchange* ex : burst) {
      if (!ex->ok() || ex->response.status != 429) continue;
      if (ex->response.has("Retry-After"))
        with = true;
      else if (!without)
        without = ex;
    }
    if (without && !with)
      return Verdict{Outcome::kFail,
                     "429 without Retry-After: clients cannot tell when to try again",
                     {without}};
    if (!ev.find_step("before Retry-After") || !ev.find_step("after Retry-After"))
      return Verdict{Outcome::kSkip,
                     "no numeric Retry-After within the wait cap (" +
                         std::to_string(ctx.profile.rate->wait_cap) + " s, rate.wait_cap)",
                     {}};
    const Exchange &before = ev.step("before Retry-After"), &after = ev.step("after Retry-After");
    // "Before" means before the earliest time a 429 allowed: if the follow-up went out later (a
    // slow round), an admitted request is what Retry-After promised, not a lie.
    const RetryAfter retry = longest_retry_after(burst);
    // Judged only when sent before the earliest 429's Retry-After ran out.
    const bool before_in_time =
        retry.seconds >= 0 && before.started < retry.first + std::chrono::seconds(retry.seconds);
    Findings f;
    if (before_in_time && !throttled(before.response.status))
      f.expect(before, "admitted before Retry-After elapsed: " + describe_status(before));
    if (!is_success(after.response.status))
      f.expect(after, "still refused after Retry-After elapsed: " + describe_status(after));
    return f.verdict(before_in_time ? "limited before Retry-After, admitted after it"
                                    : "admitted after Retry-After (the probe meant to come before "
                                      "it was sent too late to tell)");
  };

  out.push_back(Check{
      .id = "RATE-004",
      .level = Level::kShould,
      .spec = "RFC 6585 §4",
      .title = "A 429 explains itself",
      .requirement =
          "The 429 body explains the condition (whether it may be stored is CACHE-004's advice).",
      .remediation = "Return a short explanation with the 429 and Cache-Control: no-store.",
      .scope = Scope::kRun,
  });
  out.back().plan = rate_plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    std::vector<const Exchange*> cacheable;
    int seen = 0;
    for (const Exchange* step : ev.mine) {
      if (!step->ok() || step->response.status != 429) continue;
      ++seen;
      if (step->response.body_size == 0) f.expect(*step, "429 with an empty body");
      const std::string cc = to_lower(step->response.first("Cache-Control"));
      if (cc.find("no-store") == std::string::npos &&
          (cc.find("public") != std::string::npos || cc.find("max-age") != std::string::npos))
        cacheable.push_back(step);
    }
    if (!seen) return Verdict{Outcome::kSkip, "no 429 to inspect (RATE-001 reports it)", {}};
    Verdict v = f.verdict("every 429 explains itself and is not stored");
    // Storing a 429 is forbidden to caches (RFC 6585 §4), not to the server: CACHE-004 gives that
    // advice; here it is only noted.
    if (v.outcome == Outcome::kPass && !cacheable.empty())
      v.message += "; note: a 429 is cacheable (Cache-Control: " +
                   cacheable[0]->response.first("Cache-Control") + "), see CACHE-004";
    return v;
  };

  out.push_back(Check{
      .id = "RATE-005",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V2.2.1; WSTG-ATHN-03",
      .owasp = "V2.2.1",
      .title = "Failed logins are throttled",
      .requirement = "Repeated wrong passwords for one (sacrificial) account are throttled or "
                     "locked (429, a lockout) within the bounded number of attempts.",
      .remediation =
          "Throttle or lock an account after a few failed logins (ASVS: at most 100 per hour).",
      .scope = Scope::kRun,
  });
  out.back().plan = login_plan;
  out.back().follow_up = [](const Context& ctx, const Evidence&) { return after_burst(ctx); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const auto burst = ev.steps_named("lockout account burst");
    const Exchange* right = ev.find_step("right password");
    if (!right || burst.empty())
      return Verdict{Outcome::kError, "not decided: the right password was not tried", {}};
    const int n = count_throttled(burst);
    if (n > 0)
      return Verdict{Outcome::kPass,
                     "throttled after wrong passwords (" + std::to_string(n) + " of " +
                         std::to_string(burst.size()) + ")",
                     {}};
    if (locked_out(ev))
      return Verdict{Outcome::kPass,
                     "locked: after " + std::to_string(burst.size()) +
                         " wrong passwords the right one is refused too (" +
                         describe_status(*right) + ")",
                     {}};
    return Verdict{Outcome::kFail,
                   "no throttle after " + std::to_string(burst.size()) +
                       " wrong passwords: the right password still logs in",
                   {burst.back(), right}};
  };

  out.push_back(Check{
      .id = "RATE-006",
      .level = Level::kBestPractice,
      .spec = "WSTG-ATHN-03",
      .owasp = "WSTG-ATHN-03",
      .title = "A lockout does not reveal the right password",
      .requirement = "While throttled, the correct password gets the same answer as a wrong one.",
      .remediation = "Answer every login of a locked account the same way, whatever the password.",
      .scope = Scope::kRun,
  });
  out.back().plan = login_plan;
  out.back().follow_up = [](const Context& ctx, const Evidence&) { return after_burst(ctx); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    if (!ev.find_step("right password") || !ev.find_step("another wrong password"))
      return Verdict{Outcome::kError, "not decided: the right password was not tried", {}};
    if (!locked_out(ev))
      return Verdict{Outcome::kSkip, "the account was not throttled (RATE-005 reports it)", {}};
    const Exchange &right = ev.step("right password"), &wrong = ev.step("another wrong password");
    Findings f;
    if (is_success(right.response.status))
      f.expect(right, "the right password still logs in during the lockout");
    else if (right.response.status != wrong.response.status ||
             right.response.body != wrong.response.body)
      f.expect(right, "the right password gets " + describe_status(right) + ", a wrong one " +
                          describe_status(wrong));
    return f.verdict("the locked account answers the same whatever the password");
  };

  out.push_back(Check{
      .id = "RATE-007",
      .level = Level::kBestPractice,
      .spec = "RFC 7239 §8.1; WSTG-ATHN-03; ASVS 4.0.3 V14.5.4",
      .owasp = "V14.5.4",
      .title = "Forwarding headers do not reset the budget",
      .requirement = "Once throttled, varying X-Forwarded-For, Forwarded or X-Real-IP does not "
                     "lift the throttle.",
      .remediation = "Key limits on the connection's address (or a trusted proxy's view) and on "
                     "the account, never on headers the client sends.",
      .scope = Scope::kRun,
  });
  out.back().plan = rate_plan;
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    std::vector<Request> extra;
    if (count_throttled(ev.steps_named("burst")) == 0) return extra;
    Request base = ev.step("burst").request.as("spoofed");
    // A control without a spoofed header, sent alongside: it tells whether the window still holds.
    Request control = base.as("control");
    control.repeat = 999;
    control.credential = base.credential.substr(0, base.credential.find(", burst")) +
                         ", control (no spoofed header)";
    extra.push_back(control);
    int i = 0;
    for (const auto& [h, v] :
         {std::pair<std::string, std::string>{"X-Forwarded-For", "203.0.113.7"},
          {"Forwarded", "for=198.51.100.23"},
          {"X-Real-IP", "192.0.2.44"}}) {
      Request r = base;
      r.headers.emplace_back(h, v);
      r.repeat = 1000 + i++;
      r.credential =
          base.credential.substr(0, base.credential.find(", burst")) + ", " + h + ": " + v;
      extra.push_back(r);
    }
    (void)ctx;
    return extra;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    if (count_throttled(ev.steps_named("burst")) == 0)
      return Verdict{Outcome::kSkip, "the burst was not throttled (RATE-001 reports it)", {}};
    const Exchange* control = ev.find_step("control");
    if (!control) return Verdict{Outcome::kSkip, "no follow-up was sent", {}};
    if (!throttled(control->response.status))
      return Verdict{Outcome::kSkip,
                     "the limiter's window ended before the follow-up (the control was admitted)",
                     {control}};
    Findings f;
    for (const Exchange* spoofed : ev.steps_named("spoofed"))
      if (is_success(spoofed->response.status))
        f.expect(*spoofed, "a spoofed forwarding header lifted the throttle");
    return f.verdict("still throttled with spoofed forwarding headers");
  };

  out.push_back(Check{
      .id = "RATE-008",
      .level = Level::kBestPractice,
      .spec = "WSTG-IDNT-04, WSTG-ATHN-03",
      .owasp = "WSTG-IDNT-04",
      .title = "Unknown users are throttled like real ones",
      .requirement =
          "Throttling and lockout behave the same for an unknown user name as for a real one.",
      .remediation = "Count failed logins per submitted user name, existing or not.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = login_plan(ctx);
    if (!p.skip.empty()) return p;
    for (auto& r : login_burst(ctx, unknown_user(), "unknown user")) p.requests.push_back(r);
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const auto real_burst = ev.steps_named("lockout account burst"),
               unknown_burst = ev.steps_named("unknown user burst");
    const bool known = count_throttled(real_burst) > 0,
               unknown = count_throttled(unknown_burst) > 0;
    if (known == unknown)
      return Verdict{
          Outcome::kPass, known ? "both throttled" : "neither throttled (RATE-005 reports it)", {}};
    return Verdict{Outcome::kFail,
                   std::string("the ") + (known ? "real" : "unknown") +
                       " user was throttled and the " + (known ? "unknown" : "real") +
                       " one was not: the lockout tells which users exist",
                   {real_burst.back(), unknown_burst.back()}};
  };
}

}  // namespace authspec
