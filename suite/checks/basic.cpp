// BASIC: the "Basic" scheme (RFC 7617).
#include <optional>
#include <set>

#include "suite/base64.h"
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

bool takes_basic(const Resource& r) {
  return r.accepts("basic") && r.method != "HEAD";
}

std::vector<Request> anonymous_basic(const Context& ctx) {
  std::vector<Request> out;
  for (const auto& r : ctx.profile.protected_resources)
    if (takes_basic(r)) out.push_back(ctx.anonymous_to(r));
  return out;
}

// Basic challenges seen anywhere in the run, one entry per distinct response.
struct SeenBasic {
  const Exchange* ex;
  Challenge challenge;
};
std::vector<SeenBasic> basic_challenges(const Evidence& ev) {
  std::vector<SeenBasic> out;
  std::set<std::vector<std::string>> seen;
  for (const auto* ex : ev.all) {
    if (!ex->ok()) continue;
    const auto lines = ex->response.values("WWW-Authenticate");
    if (lines.empty() || !seen.insert(lines).second) continue;
    for (const auto& c : challenges_of(*ex).with_scheme("Basic")) out.push_back({ex, c});
  }
  return out;
}

std::string realm_of(const Exchange& ex) {
  for (const auto& c : challenges_of(ex).with_scheme("Basic"))
    if (const auto* realm = c.param("realm")) return realm->value;
  return "";
}

// A second Basic user's answer of 403: the server knew who asked (RFC 9110 §15.5.4: the
// credentials are "insufficient to grant access") but that user may not use this resource, so
// whether the password was read right cannot be told. Not a failure: nothing to judge here.
std::optional<Verdict> refused_permission(const Exchange& ex) {
  if (ex.response.status != 403) return std::nullopt;
  return nothing_to_judge(ex.request.summary() + " answered 403 to " + ex.request.credential +
                          ": that user may not use it, so whether the password was understood "
                          "cannot be told (list a resource this user may read)");
}

}  // namespace

void register_basic(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "BASIC-001",
      .level = Level::kMust,
      .spec = "RFC 7617 §2",
      .title = "Basic challenges carry a realm",
      .requirement = "The realm parameter of a Basic challenge is REQUIRED.",
      .remediation =
          "Send WWW-Authenticate: Basic realm=\"<protection space>\", charset=\"UTF-8\".",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    auto reqs = anonymous_basic(ctx);
    return reqs.empty() ? skip_because("no protected resource of the profile accepts basic")
                        : Plan{reqs, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const auto seen = basic_challenges(ev);
    if (seen.empty()) return Verdict{Outcome::kSkip, "no Basic challenge was observed", {}};
    Findings f;
    for (const auto& s : seen)
      if (!s.challenge.param("realm")) f.expect(*s.ex, "Basic challenge without realm");
    return f.verdict("every Basic challenge has a realm");
  };

  out.push_back(Check{
      .id = "BASIC-002",
      .level = Level::kBestPractice,
      .spec = "RFC 7617 §2.1",
      .title = "Basic charset, if sent, is UTF-8",
      .requirement =
          "The only allowed value of the Basic charset parameter is UTF-8 (case-insensitive).",
      .remediation =
          "Send charset=\"UTF-8\" or no charset at all, and decode credentials as UTF-8.",
      .scope = Scope::kRun,
  });
  out.back().plan = out[out.size() - 2].plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    const auto seen = basic_challenges(ev);
    if (seen.empty()) return Verdict{Outcome::kSkip, "no Basic challenge was observed", {}};
    Findings f;
    for (const auto& s : seen)
      if (const auto* cs = s.challenge.param("charset"); cs && !iequals(cs->value, "UTF-8"))
        f.expect(*s.ex, "Basic charset=\"" + cs->value + "\"; only UTF-8 is allowed");
    return f.verdict("no charset other than UTF-8");
  };

  out.push_back(Check{
      .id = "BASIC-003",
      .level = Level::kBestPractice,
      .spec = "RFC 7617 §2",
      .title = "user-pass is split at the first colon",
      .requirement = "The decoded user-pass is split at the first colon; further colons belong to "
                     "the password.",
      .remediation = "Split with find(':') once (not split(':') or the last colon) and keep the "
                     "rest as the password.",
      .needs = {.working = {"basic"}},
  });
  out.back().applies = takes_basic;
  out.back().plan = [](const Context& ctx) {
    const auto& p = ctx.profile;
    const Password* pw = p.basic_colon ? &*p.basic_colon
                         : p.basic && p.basic->password.find(':') != std::string::npos ? &*p.basic
                                                                                       : nullptr;
    if (!pw)
      return skip_because(
          "the profile has no Basic user whose password contains ':' (basic.colon_user)");
    return Plan{{ctx.with_basic(*pw, "basic:colon-password (" + pw->user + ")").as("colon")}, ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (const auto unclear = refused_permission(ev.step("colon"))) return *unclear;
    Findings f;
    f.expect(ev.step("colon"), accepted(ctx, ev.step("colon")));
    return f.verdict("a password with colons is accepted");
  };

  out.push_back(Check{
      .id = "BASIC-004",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4; RFC 7617 §2",
      .title = "Incomplete user-pass is rejected cleanly",
      .requirement = "A decoded value with no colon, an empty user id or an empty password is an "
                     "invalid credential: 401 with a challenge (or 400), never 2xx or 5xx.",
      .remediation = "Reject user-pass values without a colon or with an empty part before looking "
                     "anything up.",
  });
  out.back().applies = takes_basic;
  out.back().plan = [](const Context& ctx) {
    const std::string user = ctx.profile.basic ? ctx.profile.basic->user : "authspec-user";
    auto basic = [&](const std::string& userpass, const std::string& label) {
      return ctx.with_authorization("Basic " + base64_encode(userpass), label);
    };
    return Plan{
        {basic(user, "basic:no colon"), basic(":authspec-wrong-password", "basic:empty user"),
         basic(user + ":", "basic:empty password"),
         ctx.with_authorization("Basic " + base64_encode(":"), "basic:only a colon")},
        ""};
  };
  out.back().judge =
      each_without_credentials(challenge401_or_400, "401 with a challenge (or 400) for each");

  out.push_back(Check{
      .id = "BASIC-005",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.2; RFC 4648 §4",
      .title = "Malformed base64 does not authenticate",
      .requirement = "Valid credentials in broken base64 (trailing junk, missing padding, '=' "
                     "inside, base64url alphabet, embedded spaces) get 401 with a challenge (or "
                     "400), never 2xx or 5xx.",
      .remediation = "Decode strictly: only the base64 alphabet, length a multiple of four, "
                     "padding only at the end; treat any failure as invalid credentials.",
      .needs = {.working = {"basic"}},
  });
  out.back().applies = takes_basic;
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.basic) return skip_because("the profile has no Basic credentials");
    const std::string b64 =
        base64_encode(ctx.profile.basic->user + ":" + ctx.profile.basic->password);
    Plan p;
    auto add = [&](const std::string& value, const std::string& label) {
      p.requests.push_back(ctx.with_authorization("Basic " + value, "basic:valid, " + label, true));
    };
    add(b64 + "!!", "trailing junk");
    std::string unpadded = b64;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
    if (unpadded != b64) add(unpadded, "padding removed");
    add(b64.substr(0, 4) + "=" + b64.substr(4), "'=' in the middle");
    if (b64.find_first_of("+/") != std::string::npos) {
      std::string url = b64;
      for (auto& c : url) c = c == '+' ? '-' : c == '/' ? '_' : c;
      add(url, "base64url alphabet");
    }
    add(b64.substr(0, 4) + " " + b64.substr(4), "embedded space");
    p.requests.push_back(ctx.with_authorization("Basic ====", "basic:only padding"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const auto* ex : ev.mine) f.expect(*ex, challenge401_or_400(ctx, *ex));
    return f.verdict("every malformed encoding rejected");
  };

  out.push_back(Check{
      .id = "BASIC-006",
      .level = Level::kBestPractice,
      .spec = "RFC 7617 §2",
      .owasp = "WSTG-ATHN-04",
      .title = "Control characters never authenticate",
      .requirement = "A user id or password containing control characters (NUL, LF) is not "
                     "accepted; a NUL byte never truncates the comparison.",
      .remediation = "Compare user ids and passwords as full byte strings (never C strings) and "
                     "reject control characters (RFC 7617 §2: no CTLs).",
  });
  out.back().applies = takes_basic;
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.basic) return skip_because("the profile has no Basic credentials");
    const auto& b = *ctx.profile.basic;
    return Plan{
        {probes::basic_secret(ctx, b.user + std::string(1, '\0') + "junk:" + b.password,
                              "basic:NUL in user id"),
         probes::basic_secret(ctx, b.user + ":" + b.password + std::string(1, '\0') + "junk",
                              "basic:NUL in password"),
         probes::basic_secret(ctx, b.user + "\n:" + b.password, "basic:LF in user id")},
        ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const auto* ex : ev.mine) {
      if (is_success(ex->response.status)) f.expect(*ex, "authenticated: " + describe_status(*ex));
      f.expect_no_leak(ctx, *ex);
    }
    return f.verdict("control characters rejected");
  };

  out.push_back(Check{
      .id = "BASIC-007",
      .level = Level::kBestPractice,
      .spec = "RFC 7617 §2.1, §3",
      .title = "UTF-8 credentials work where UTF-8 is advertised",
      .requirement = "A server that advertises charset=\"UTF-8\" accepts UTF-8 encoded non-ASCII "
                     "user ids and passwords.",
      .remediation =
          "Decode the user-pass as UTF-8 (not ISO-8859-1) and compare NFC-normalised strings.",
      .needs = {.working = {"basic"}},
  });
  out.back().applies = takes_basic;
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.basic_utf8)
      return skip_because("the profile has no non-ASCII Basic user (basic.utf8_user)");
    const auto& u = *ctx.profile.basic_utf8;
    return Plan{{ctx.anonymous().as("anonymous"),
                 ctx.with_basic(u, "basic:utf-8 password (" + u.user + ")").as("utf-8")},
                ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    bool advertised = false;
    for (const auto& c : challenges_of(ev.step("anonymous")).with_scheme("Basic"))
      if (const auto* cs = c.param("charset"); cs && iequals(cs->value, "UTF-8")) advertised = true;
    if (!advertised)
      return Verdict{Outcome::kSkip, "the server does not advertise charset=\"UTF-8\"", {}};
    if (const auto unclear = refused_permission(ev.step("utf-8"))) return *unclear;
    Findings f;
    f.expect(ev.step("utf-8"), accepted(ctx, ev.step("utf-8")));
    return f.verdict("UTF-8 credentials accepted");
  };

  out.push_back(Check{
      .id = "BASIC-008",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.5; RFC 7617 §2.2",
      .title = "The realm is stable",
      .requirement = "The realm of a resource is the same on every response, and resources that "
                     "take the same credentials share it.",
      .remediation =
          "Use a fixed realm per protection space; never put timestamps or request ids in it.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    auto reqs = anonymous_basic(ctx);
    if (reqs.empty()) return skip_because("no protected resource of the profile accepts basic");
    Request again = reqs[0];
    again.repeat = 1;
    reqs.push_back(again);
    return Plan{reqs, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    std::string first;
    const Exchange* first_ex = nullptr;
    for (const auto* ex : ev.mine) {
      const std::string realm = realm_of(*ex);
      if (realm.empty()) continue;
      if (!first_ex) {
        first = realm;
        first_ex = ex;
      } else if (realm != first) {
        f.expect(*ex, "realm \"" + realm + "\" differs from \"" + first + "\" of " +
                          describe_request(*first_ex));
      }
    }
    if (!first_ex) return Verdict{Outcome::kSkip, "no Basic realm was observed", {}};
    return f.verdict("one stable realm \"" + first + "\"");
  };
}

}  // namespace authspec
