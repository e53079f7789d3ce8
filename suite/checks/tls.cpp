// TLS: credentials over cleartext (RFC 9110 §17.16.1, §4.2.2; RFC 7617 §4; RFC 6750 §5.3;
// RFC 6797). A password sent once over http is readable by everyone on the path.
#include "suite/base64.h"
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

bool over_https(const Exchange& ex) {
  return ex.url.rfind("https://", 0) == 0;
}

// The cleartext origin to probe: the target itself when it is http, else [tls] http_url.
std::optional<std::string> cleartext_origin(const Profile& p) {
  if (p.origin.rfind("http://", 0) == 0) return std::string();  // "": the target's own origin
  if (!p.tls.http_origin.empty()) return p.tls.http_origin;
  return std::nullopt;
}

const char* kNoCleartext = "the target is https and the profile names no [tls] http_url";

// A connection refused or reset on the cleartext port: nothing is served there, which is best.
bool nothing_listens(const Exchange& ex) {
  // (A malformed answer is something listening that says nothing usable: undecided, not a pass.)
  return ex.failure == FailureKind::kConnect;
}

// `req` sent to the cleartext origin.
Plan over_cleartext(const std::string& origin, Request req) {
  req.origin = origin;
  req.credential += ", over http";
  Plan p;
  p.requests.push_back(req);
  return p;
}

// A failed cleartext probe: nothing listening there is the best answer; anything else (a
// timeout, a TLS error) decides nothing.
Verdict cleartext_failure(const Exchange& ex) {
  Verdict v;
  if (nothing_listens(ex)) {
    v.message = "nothing is served over cleartext (" + ex.error + ")";
  } else {
    v.outcome = Outcome::kError;
    v.message = "not decided: " + describe_request(ex) + ": " + ex.error;
    v.shown = {&ex};
  }
  return v;
}

// "" for a permanent redirect to https.
std::string redirected_to_https(const Exchange& ex) {
  const Response& r = ex.response;
  const std::string location = r.first("Location");
  if (r.status == 301 || r.status == 308) {
    if (location.rfind("https://", 0) == 0) return "";
    return describe_status(ex) + " to " + (location.empty() ? "nowhere" : location) +
           ", not to https";
  }
  if (r.status == 302 || r.status == 303 || r.status == 307)
    return describe_status(ex) + ": a temporary redirect (use 301 or 308)";
  return "";
}

// TLS-003 and TLS-004: every anonymous request, over https and, when known, over plain http.
Plan hsts_plan(const Context& ctx) {
  Plan p;
  p.requests = probes::anonymous_everywhere(ctx);
  if (const auto origin = cleartext_origin(ctx.profile); origin && !origin->empty())
    for (auto& req : probes::anonymous_everywhere(ctx)) {
      if (req.method == "HEAD") continue;
      req.origin = *origin;
      req.credential = "none, over http";
      p.requests.push_back(req);
    }
  return p;
}

// Undecided when not one response came back: no verdict rests on a missing answer.
std::optional<Verdict> nothing_came_back(const Evidence& ev) {
  for (const Exchange* step : ev.mine)
    if (step->ok()) return std::nullopt;
  return Verdict{Outcome::kError,
                 "not decided: no response came back (" +
                     (ev.mine.empty() ? "" : ev.mine.front()->error) + ")",
                 {}};
}

}  // namespace

void register_tls(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "TLS-001",
      .level = Level::kShould,
      .spec = "RFC 9110 §17.16.1, §4.2.2; RFC 7617 §4; RFC 6750 §5.3",
      .owasp = "WSTG-CRYP-03",
      .title = "Credentials over cleartext are not honoured",
      .requirement = "A request with credentials over http:// is not answered with the protected "
                     "content: the answer is a permanent redirect to https, or a refusal.",
      .remediation = "Serve the API on https only; on the http port, answer everything with "
                     "301/308 to https (or do not listen at all).",
  });
  out.back().applies = [](const Resource& r) { return r.accepts("basic") && !r.head_twin; };
  out.back().judges_failures = true;
  out.back().plan = [](const Context& ctx) {
    const auto origin = cleartext_origin(ctx.profile);
    if (!origin) return skip_because(kNoCleartext);
    if (!ctx.profile.tls.throwaway)
      return skip_because(
          "the profile names no [tls] throwaway_user (a credential that may be exposed)");
    return over_cleartext(
        *origin, ctx.with_basic(*ctx.profile.tls.throwaway,
                                "basic:throw-away (" + ctx.profile.tls.throwaway->user + ")"));
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& ex = ev.only();
    if (!ex.ok()) return cleartext_failure(ex);
    if (is_success(ex.response.status))
      f.expect(ex, "the credentials were honoured over cleartext (" + describe_status(ex) + ")" +
                       (accepted(ctx, ex).empty() ? " with the protected content" : ""));
    return f.verdict(ex.response.status == 301 || ex.response.status == 308
                         ? "redirected to https"
                         : "refused over cleartext (" + describe_status(ex) + ")");
  };

  out.push_back(Check{
      .id = "TLS-002",
      .level = Level::kBestPractice,
      .spec = "RFC 7617 §4; RFC 6797 §7.2; RFC 9110 §17.16.1",
      .owasp = "WSTG-CRYP-03",
      .title = "Cleartext requests are redirected, not challenged",
      .requirement =
          "A request for a protected resource over http:// is redirected permanently (301/308) to "
          "https, not answered with a challenge that invites a password in cleartext.",
      .remediation = "Redirect every http request to https before authentication runs; send "
                     "challenges only over https.",
  });
  out.back().applies = not_head_twin;
  out.back().judges_failures = true;
  out.back().plan = [](const Context& ctx) {
    const auto origin = cleartext_origin(ctx.profile);
    if (!origin) return skip_because(kNoCleartext);
    return over_cleartext(*origin, ctx.anonymous());
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& ex = ev.only();
    if (!ex.ok()) return cleartext_failure(ex);
    f.expect_no_leak(ctx, ex);
    const int s = ex.response.status;
    if (s == 401) {
      std::string schemes;
      for (const auto& c : challenges_of(ex).challenges)
        schemes += (schemes.empty() ? "" : ", ") + c.scheme;
      f.expect(ex, "401 over cleartext" +
                       (schemes.empty() ? std::string() : " challenging for " + schemes) +
                       ": the client is invited to send credentials unprotected");
    } else if (is_success(s)) {
      f.expect(ex, describe_status(ex) + " over cleartext instead of a redirect to https");
    } else if (s == 301 || s == 302 || s == 303 || s == 307 || s == 308) {
      f.expect(ex, redirected_to_https(ex));
    } else {
      f.expect(ex, describe_status(ex) + " over cleartext, not a redirect to https");
    }
    return f.verdict("permanent redirect to https");
  };

  out.push_back(Check{
      .id = "TLS-003",
      .level = Level::kMust,
      .spec = "RFC 6797 §7.2",
      .title = "No HSTS over plain http",
      .requirement = "Plain-http responses never carry Strict-Transport-Security.",
      .remediation = "Send Strict-Transport-Security on https responses only.",
      .scope = Scope::kRun,
  });
  out.back().judges_failures = true;
  out.back().plan = hsts_plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    if (auto v = nothing_came_back(ev)) return *v;
    Findings f;
    for (const Exchange* step : ev.mine)
      if (step->ok() && !over_https(*step) && step->response.has("Strict-Transport-Security"))
        f.expect(*step, "Strict-Transport-Security over plain http");
    return f.verdict("no HSTS over plain http");
  };

  // Being an HSTS Host is a choice RFC 6797 states no keyword for: advice.
  out.push_back(Check{
      .id = "TLS-004",
      .level = Level::kBestPractice,
      .spec = "RFC 6797 §6.1, §7.1",
      .title = "HSTS on https",
      .requirement = "https responses carry Strict-Transport-Security with max-age > 0.",
      .remediation = "Send Strict-Transport-Security: max-age=31536000 on https responses.",
      .scope = Scope::kRun,
  });
  out.back().judges_failures = true;
  out.back().plan = hsts_plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    if (auto v = nothing_came_back(ev)) return *v;
    Findings f;
    bool any_https = false;
    for (const Exchange* step : ev.mine) {
      const Exchange& ex = *step;
      if (!ex.ok() || !over_https(ex)) continue;
      any_https = true;
      const std::string hsts = ex.response.first("Strict-Transport-Security");
      // Directives are separated by ';' (RFC 6797 §6.1), unlike most list fields.
      const std::string lower = to_lower(hsts);
      const auto at = lower.find("max-age=");
      const long max_age =
          at == std::string::npos ? 0 : std::atol(lower.c_str() + at + 8 + (lower[at + 8] == '"'));
      if (hsts.empty() || max_age <= 0)
        f.expect(ex, hsts.empty() ? "no Strict-Transport-Security on https"
                                  : "Strict-Transport-Security without max-age > 0");
    }
    if (!any_https) return nothing_to_judge("the target is not served over https");
    return f.verdict("HSTS on https");
  };
}

}  // namespace authspec
