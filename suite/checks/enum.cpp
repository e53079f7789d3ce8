// ENUM: username enumeration (WSTG-IDNT-04). A known user with a wrong password and an unknown
// user must look the same: status, headers, body and time.
#include <cmath>
#include <cstdio>
#include <regex>
#include <set>

#include "suite/base64.h"
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/stats.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

constexpr int kPairs = 3;                 // ENUM-001/002: pairs compared
constexpr int kTimingRepeatBase = 100;    // ENUM-003's samples, apart from the pairs above
constexpr double kTimingFloorMs = 25;     // a difference below this is never reported
constexpr double kTimingNoiseFactor = 3;  // ...nor below this many pooled MADs
constexpr double kTimingAlpha = 0.01;

const Resource* enum_resource(const Profile& p) {
  if (p.enumeration.resource) return &*p.enumeration.resource;
  for (const auto& r : p.protected_resources)
    if (r.accepts("basic") && !r.head_twin) return &r;
  return nullptr;
}

Plan needs_basic(const Context& ctx) {
  if (!ctx.profile.basic) return skip_because("the profile has no [basic] user to compare");
  if (!enum_resource(ctx.profile)) return skip_because("no protected resource accepts basic");
  return {};
}

// `known` with a wrong password, then an unknown user, `pairs` times, from repeat `base`.
std::vector<Request> pairs_of(const Context& ctx, const std::string& known, int pairs, int base) {
  Context at{ctx.profile, enum_resource(ctx.profile), ctx.controls};
  const std::string unknown = ctx.profile.enumeration.unknown_user;
  std::vector<Request> out;
  for (int i = 0; i < pairs; ++i)
    for (const auto& [user, label] : {std::pair{known, "basic:wrong-password (" + known + ")"},
                                      std::pair{unknown, std::string("basic:unknown-user")}}) {
      Request r =
          at.with_authorization("Basic " + base64_encode(user + ":authspec-wrong-password"), label);
      r.step = user == known ? "known user" : "unknown user";
      r.repeat = base + i;
      if (i) r.credential += " #" + std::to_string(i + 1);
      out.push_back(r);
    }
  return out;
}

// Dynamic values (ids, counters, timestamps) replaced, so only the wording is compared.
std::string masked_body(const std::string& body) {
  static const std::regex hex("[0-9a-fA-F]{8,}"), digits("[0-9]+");
  return std::regex_replace(std::regex_replace(body, hex, "#"), digits, "#");
}

// What ENUM-001 compares: status, the challenges without their per-response parameters, whether
// a cookie is set, Location and Content-Length.
std::map<std::string, std::string> signature(const Exchange& ex) {
  std::map<std::string, std::string> s;
  s["status"] = std::to_string(ex.response.status);
  std::string challenges;
  for (const auto& c : challenges_of(ex).challenges) {
    challenges += c.scheme;
    for (const auto& p : c.params) {
      const std::string name = to_lower(p.name);
      if (name != "nonce" && name != "opaque" && name != "stale")
        challenges += " " + name + "=" + p.value;
    }
    challenges += "; ";
  }
  s["WWW-Authenticate"] = challenges;
  s["Set-Cookie"] = ex.response.has("Set-Cookie") ? "set" : "none";
  s["Location"] = ex.response.first("Location");
  s["Content-Length"] = ex.response.first("Content-Length");
  return s;
}

// Differences that hold consistently: every known-user response says one thing and every
// unknown-user response another (varying noise on either side is not a tell).
void compare_sides(const Evidence& ev,
                   const std::function<std::map<std::string, std::string>(const Exchange&)>& facts,
                   Findings& f) {
  std::map<std::string, std::set<std::string>> known, unknown;
  for (const Exchange* ex : ev.steps_named("known user"))
    for (const auto& [k, v] : facts(*ex)) known[k].insert(v);
  for (const Exchange* ex : ev.steps_named("unknown user"))
    for (const auto& [k, v] : facts(*ex)) unknown[k].insert(v);
  for (const auto& [k, values] : known) {
    const auto& other = unknown[k];
    if (values.size() == 1 && other.size() == 1 && *values.begin() != *other.begin())
      f.expect(ev.step("unknown user"), k + " tells them apart: known user \"" + *values.begin() +
                                            "\", unknown user \"" + *other.begin() + "\"");
  }
}

std::string ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f ms", v);
  return buf;
}

}  // namespace

void register_enum(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "ENUM-001",
      .level = Level::kBestPractice,
      .spec = "WSTG-IDNT-04",
      .owasp = "WSTG-IDNT-04",
      .title = "Unknown users get the same status and headers",
      .requirement = "A wrong password for an existing user and an unknown user get the same "
                     "status, challenge, cookies, Location and Content-Length.",
      .remediation = "Answer every failed login the same way, whichever part was wrong.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = needs_basic(ctx);
    if (p.skip.empty()) p.requests = pairs_of(ctx, ctx.profile.basic->user, kPairs, 0);
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    compare_sides(ev, signature, f);
    for (const Exchange* step : ev.mine) f.expect_no_leak(ctx, *step);
    return f.verdict("the same status and headers");
  };

  out.push_back(Check{
      .id = "ENUM-002",
      .level = Level::kBestPractice,
      .spec = "WSTG-IDNT-04",
      .owasp = "WSTG-IDNT-04",
      .title = "Unknown users get the same body",
      .requirement = "The bodies for a wrong password and an unknown user match, once dynamic "
                     "values (ids, numbers) are masked.",
      .remediation = "Use one message for every failed login (\"wrong user name or password\").",
      .scope = Scope::kRun,
  });
  out.back().plan = out[out.size() - 2].plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    compare_sides(
        ev,
        [](const Exchange& ex) {
          return std::map<std::string, std::string>{{"the body", masked_body(*ex.response.body.text())}};
        },
        f);
    return f.verdict("the same body");
  };

  out.push_back(Check{
      .id = "ENUM-003",
      .level = Level::kBestPractice,
      .spec = "WSTG-IDNT-04 (analyzing response times)",
      .owasp = "WSTG-IDNT-04",
      .title = "Response time does not reveal users",
      .requirement =
          "Wrong passwords for an existing user are not answered measurably slower (or faster) "
          "than unknown users: interleaved samples, a Mann-Whitney U test, and a difference of "
          "medians above both 25 ms and 3 pooled median absolute deviations. Advice only.",
      .remediation = "Do the same work for unknown users (hash against a dummy hash) so every "
                     "failure takes as long.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = needs_basic(ctx);
    if (!p.skip.empty()) return p;
    if (!ctx.profile.allow_bursts)
      return skip_because("timing samples send many wrong passwords: only with --allow-bursts");
    // Dozens of wrong passwords would lock a real account: the samples use the sacrificial one.
    if (!ctx.profile.rate || !ctx.profile.rate->lockout)
      return skip_because(
          "timing samples send many wrong passwords: they need a sacrificial account ([rate] "
          "lockout_user), never the profile's real user");
    p.requests = pairs_of(ctx, ctx.profile.rate->lockout->user, ctx.profile.enumeration.samples,
                          kTimingRepeatBase);
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    std::vector<double> known, unknown;
    auto millis = [](const Exchange* ex) {
      return std::chrono::duration<double, std::milli>(ex->elapsed).count();
    };
    for (const Exchange* ex : ev.steps_named("known user")) known.push_back(millis(ex));
    for (const Exchange* ex : ev.steps_named("unknown user")) unknown.push_back(millis(ex));
    std::vector<double> pooled_dev;
    const double mk = stats::median(known), mu = stats::median(unknown);
    for (double x : known) pooled_dev.push_back(x - mk);
    for (double x : unknown) pooled_dev.push_back(x - mu);
    const double noise = stats::mad(pooled_dev);
    const auto test = stats::mann_whitney(known, unknown);
    const double diff = mk - mu;
    char numbers[200];
    std::snprintf(numbers, sizeof numbers,
                  "%zu samples each: median %s (known user) vs %s (unknown user), difference "
                  "%s, pooled MAD %s, Mann-Whitney p=%.4f, effect size r=%.2f",
                  known.size(), ms(mk).c_str(), ms(mu).c_str(), ms(diff).c_str(), ms(noise).c_str(),
                  test.p, test.effect);
    Verdict v;
    v.message = numbers;
    if (test.p < kTimingAlpha && std::fabs(diff) > kTimingFloorMs &&
        std::fabs(diff) > kTimingNoiseFactor * noise) {
      v.outcome = Outcome::kFail;
      v.message = "response time tells users apart: " + v.message;
      v.shown = {&ev.step("known user"), &ev.step("unknown user")};
    }
    return v;
  };

  out.push_back(Check{
      .id = "ENUM-004",
      .level = Level::kBestPractice,
      .spec = "WSTG-IDNT-04 (recovery facility)",
      .owasp = "WSTG-IDNT-04",
      .title = "Password reset does not reveal users",
      .requirement = "The password-reset request answers an existing and an unknown account with "
                     "the same status and (masked) body.",
      .remediation =
          "Answer every reset request with the same message (\"if the account exists, ...\").",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    const auto& e = ctx.profile.enumeration;
    if (!e.reset) return skip_because("the profile names no enum.reset request");
    if (!ctx.profile.basic) return skip_because("the profile has no [basic] user to compare");
    Plan p;
    for (int i = 0; i < 2; ++i)
      for (const std::string& user : {ctx.profile.basic->user, e.unknown_user}) {
        Request r = ctx.anonymous_to(*e.reset);
        r.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        r.body = e.reset_field + "=" + user;
        r.repeat = i;
        r.credential =
            "reset for " + std::string(user == e.unknown_user ? "an unknown" : "a known") + " user";
        r.step = user == e.unknown_user ? "unknown user" : "known user";
        p.requests.push_back(r);
      }
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    compare_sides(
        ev,
        [](const Exchange& ex) {
          return std::map<std::string, std::string>{
              {"the status", std::to_string(ex.response.status)},
              {"the body", masked_body(*ex.response.body.text())}};
        },
        f);
    return f.verdict("the same answer");
  };
}

}  // namespace authspec
