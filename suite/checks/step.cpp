// STEP: step-up authentication challenges (RFC 9470).
#include <regex>

#include "suite/checks/token_forge.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoStep = "the profile has no [step] resource";

Context at_step(const Context& ctx) {
  return Context{ctx.profile, &ctx.profile.step->resource, ctx.controls};
}

// [strong control (when it can be minted)], weak token.
Plan step_plan(const Context& ctx) {
  if (!ctx.profile.step) return skip_because(kNoStep);
  const Context at = at_step(ctx);
  const Profile& p = ctx.profile;
  Plan plan;
  if (forge::can_mint(p) && !p.step->strong_acr.empty()) {
    auto claims = forge::valid_claims(p);
    claims["acr"] = p.step->strong_acr;
    claims["auth_time"] = forge::run_now();
    plan.requests.push_back(at.with_bearer(forge::mint(p, forge::valid_header(p), claims),
                                           "bearer:strong and recent (minted)")
                                .as("strong"));
  }
  plan.requests.push_back(
      at.with_bearer(p.step->weak_token, "bearer:weak authentication").as("weak"));
  return plan;
}

std::optional<Challenge> step_challenge(const Exchange& ex) {
  for (auto& c : challenges_of(ex).with_scheme("Bearer"))
    if (c.param("error") && c.param("error")->value == "insufficient_user_authentication") return c;
  return std::nullopt;
}

}  // namespace

void register_step(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "STEP-001",
      .level = Level::kBestPractice,
      .spec = "RFC 9470 §3",
      .title = "Too-weak authentication: 401 insufficient_user_authentication",
      .requirement =
          "A valid token whose authentication is too weak or too old gets 401 (not 403) with "
          "error=\"insufficient_user_authentication\" and acr_values and/or max_age.",
      .remediation =
          "Answer 401 with Bearer error=\"insufficient_user_authentication\", acr_values=\"...\", "
          "max_age=N so the client can start a stronger authentication.",
      .scope = Scope::kRun,
  });
  out.back().plan = step_plan;
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    const Context at = at_step(ctx);
    if (const Exchange* strong = ev.find_step("strong"); strong && !accepted(at, *strong).empty())
      return Verdict{Outcome::kError,
                     "profile error: a strong, recent token was refused on the step-up resource (" +
                         accepted(at, *strong) + "); check step.strong_acr",
                     {strong}};
    const Exchange& weak = ev.step("weak");
    Findings f;
    const auto c = step_challenge(weak);
    if (weak.response.status != 401)
      f.expect(weak, "expected 401, got " + describe_status(weak));
    else if (!c)
      f.expect(weak, "401 without error=\"insufficient_user_authentication\"");
    else if (!c->param("acr_values") && !c->param("max_age"))
      f.expect(weak, "the challenge names neither acr_values nor max_age");
    f.expect_no_leak(at, weak);
    return f.verdict("401 insufficient_user_authentication with what is needed");
  };

  out.push_back(Check{
      .id = "STEP-002",
      .level = Level::kBestPractice,
      .spec = "RFC 9470 §3",
      .title = "max_age and acr_values are well-formed",
      .requirement = "max_age is a non-negative integer and acr_values a space-separated list.",
      .remediation = "Send max_age=300 (seconds, digits only) and acr_values=\"urn:a urn:b\" "
                     "(spaces, not commas).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = step_plan(ctx);
    if (p.skip.empty()) p.requests.push_back(at_step(ctx).anonymous());
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    static const std::regex digits("^[0-9]+$"), list("^[^\\s,]+( [^\\s,]+)*$");
    Findings f;
    bool seen = false;
    for (const auto* ex : ev.all)
      for (const auto& c : challenges_of(*ex).with_scheme("Bearer")) {
        if (const auto* m = c.param("max_age")) {
          seen = true;
          if (!std::regex_match(m->value, digits))
            f.expect(*ex, "max_age \"" + m->value + "\" is not a non-negative integer");
        }
        if (const auto* a = c.param("acr_values")) {
          seen = true;
          if (!std::regex_match(a->value, list))
            f.expect(*ex, "acr_values \"" + a->value + "\" is not a space-separated list");
        }
      }
    if (!seen) return Verdict{Outcome::kSkip, "no max_age or acr_values was observed", {}};
    return f.verdict("max_age and acr_values are well-formed");
  };

  out.push_back(Check{
      .id = "STEP-003",
      .level = Level::kBestPractice,
      .spec = "RFC 9470 §9",
      .title = "Step-up requirements are not told to strangers",
      .requirement = "An anonymous request to the step-up resource gets a plain challenge, without "
                     "acr_values or max_age.",
      .remediation = "Add acr_values and max_age only for callers that presented a valid token.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.step) return skip_because(kNoStep);
    return Plan{{at_step(ctx).anonymous()}, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& anonymous = ev.only();
    for (const auto& c : challenges_of(anonymous).challenges)
      for (const char* p : {"acr_values", "max_age"})
        if (c.param(p)) f.expect(anonymous, std::string(p) + " disclosed to an anonymous request");
    return f.verdict("no step-up requirements without a token");
  };
}

}  // namespace authspec
