// PROXY: proxy authentication (RFC 9110 §11.7, §15.5.8). 407 and Proxy-Authenticate belong to a
// proxy; an origin that uses them makes clients (and browsers) ask for the wrong credentials.
#include <optional>

#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

// The resource probed through the proxy: proxy.resource, else the first protected one.
const Resource& proxied_resource(const Profile& p) {
  return p.proxy->resource ? *p.proxy->resource : p.protected_resources.front();
}

const char* kNoProxy = "the profile names no [proxy] (a forward proxy in front of the target)";

// `req` sent through the profile's forward proxy: absolute-form target (RFC 9112 §3.2.2), with
// the proxy credentials `as` (its own by default; none when `proxy_credentials` is false).
Request via_proxy(const Context& ctx, Request req, bool proxy_credentials,
                  const std::optional<Password>& as = std::nullopt, const std::string& who = "") {
  const ProxySettings& px = *ctx.profile.proxy;
  req.origin = px.origin;
  req.target = ctx.profile.origin + req.target;
  if (proxy_credentials) {
    const Password& pw = as ? *as : px.credentials;
    req.headers.emplace_back("Proxy-Authorization", pw.basic_credentials());
    req.carries_secret = true;
    req.credential += ", via the proxy as " + (who.empty() ? pw.user : who);
  } else {
    req.credential += ", via the proxy without its credentials";
  }
  return req;
}

// Through the proxy with proxy credentials it must refuse, and the origin's valid credentials
// (so a request the proxy let through would come back 2xx with the content).
Request refused_by_proxy(const Context& ctx, const Password& as, const std::string& who) {
  Context at{ctx.profile, &proxied_resource(ctx.profile), ctx.controls};
  const auto schemes = at.testable_schemes();
  Request base = schemes.empty() ? at.anonymous() : *at.valid(schemes.front());
  return via_proxy(ctx, base, true, as, who);
}

// What is wrong when the proxy did not refuse it itself: it let the request through (a breach:
// the origin answered with the content), or a 401 came (the origin's, or the proxy asking as an
// origin would).
void expect_refused_by_proxy(const Context& ctx, const Exchange& ex, Findings& f) {
  Context at{ctx.profile, &proxied_resource(ctx.profile), ctx.controls};
  if (is_success(ex.response.status) || !no_leak(at, ex).empty())
    f.breach(ex, "the proxy let the request through (" + describe_status(ex) + ")");
  else if (ex.response.status == 401)
    f.expect(ex,
             "401: the origin answered (the proxy forwarded it), or the proxy asked as an "
             "origin would");
}

// "name=value" pairs of a challenge, names lower-cased, for comparing two challenges.
std::map<std::string, std::string> params_of(const Challenge& c) {
  std::map<std::string, std::string> out;
  for (const auto& p : c.params) out[to_lower(p.name)] = p.value;
  if (c.token68) out["(token68)"] = *c.token68;
  return out;
}

}  // namespace

void register_proxy(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "PROXY-001",
      .level = Level::kMust,
      .spec = "RFC 9110 §15.5.8, §11.7.1",
      .title = "A proxy asks with 407 and Proxy-Authenticate",
      .requirement = "A proxy that needs credentials answers 407 with at least one parsable "
                     "Proxy-Authenticate challenge, never 401 (which the client takes for the "
                     "origin's challenge).",
      .remediation = "Answer requests without Proxy-Authorization with 407 and Proxy-Authenticate: "
                     "<scheme> realm=\"...\".",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.proxy) return skip_because(kNoProxy);
    const Resource& r = proxied_resource(ctx.profile);
    Plan p;
    p.requests.push_back(via_proxy(ctx, ctx.anonymous_to(r), false));
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& ex = ev.only();
    if (ex.response.status == 401)
      f.expect(ex, "the proxy answered 401: clients take it for the origin's challenge");
    else if (ex.response.status != 407)
      f.expect(ex, "expected 407 from the proxy, got " + describe_status(ex));
    else if (challenges_of(ex, "Proxy-Authenticate").challenges.empty())
      f.expect(ex, ex.response.has("Proxy-Authenticate")
                       ? "407 whose Proxy-Authenticate holds no parsable challenge"
                       : "407 without a Proxy-Authenticate challenge");
    return f.verdict("407 with a Proxy-Authenticate challenge");
  };

  out.push_back(Check{
      .id = "PROXY-002",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.3, §15.5.8",
      .title = "An origin never answers 407",
      .requirement =
          "The target, an origin server, challenges with 401 and WWW-Authenticate, never with 407 "
          "or Proxy-Authenticate (which make browsers ask for proxy credentials).",
      .remediation = "Answer missing credentials (API keys included) with 401 and a "
                     "WWW-Authenticate challenge.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    p.requests = probes::anonymous_everywhere(ctx);
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* ex : ev.all) {
      if (!ex->ok() || !ex->request.origin.empty()) continue;  // the proxy's and http port's own
      if (ex->response.status == 407)
        f.expect(*ex, "407 from the origin server");
      else if (ex->response.has("Proxy-Authenticate"))
        f.expect(*ex, "Proxy-Authenticate from the origin server");
    }
    return f.verdict("no 407 and no Proxy-Authenticate from the origin");
  };

  out.push_back(Check{
      .id = "PROXY-003",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.7.2",
      .title = "Proxy-Authorization is not origin credentials",
      .requirement = "Valid credentials sent in Proxy-Authorization, with no Authorization, get "
                     "401 with a challenge: that field is for the next proxy only.",
      .remediation =
          "Read credentials from Authorization only; never fall back to Proxy-Authorization.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& s : ctx.testable_schemes()) {
      Request req = *ctx.valid(s);
      for (auto& [name, value] : req.headers)
        if (name == "Authorization") name = "Proxy-Authorization";
      req.credential += " in Proxy-Authorization";
      p.requests.push_back(req);
    }
    if (p.requests.empty()) p.skip = "no valid credentials for this resource";
    return p;
  };
  // Not a breach when it fails: the credentials are valid, only sent in the wrong field.
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) f.expect(*step, challenge401(ctx, *step));
    return f.verdict("401: Proxy-Authorization is not used");
  };

  out.push_back(Check{
      .id = "PROXY-004",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.6.1, §11.6.2, §11.6.3",
      .title = "An intermediary forwards authentication fields unchanged",
      .requirement = "Through the proxy, the origin's challenge arrives exactly as the origin "
                     "sends it straight to the client, and valid Authorization reaches the origin.",
      .remediation = "Forward WWW-Authenticate, Authorization and Authentication-Info untouched; "
                     "do not rewrite realms or strip error parameters.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.proxy) return skip_because(kNoProxy);
    Context at{ctx.profile, &proxied_resource(ctx.profile), ctx.controls};
    Plan p;
    // The same request through the proxy and straight to the origin, then valid credentials.
    p.requests.push_back(via_proxy(ctx, at.anonymous(), true).as("through the proxy"));
    p.requests.push_back(at.anonymous().as("straight"));
    for (const auto& s : at.testable_schemes())
      p.requests.push_back(via_proxy(ctx, *at.valid(s), true).as("valid through the proxy"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange &anon = ev.step("through the proxy"), &direct = ev.step("straight");
    const auto expected = challenges_of(direct).challenges;
    const auto got = challenges_of(anon).challenges;
    if (anon.response.status != direct.response.status) {
      f.expect(anon, "through the proxy " + describe_status(anon) + ", straight to the origin " +
                         describe_status(direct));
    } else {
      for (const auto& want : expected) {
        const Challenge* match = nullptr;
        for (const auto& c : got)
          if (iequals(c.scheme, want.scheme)) match = &c;
        if (!match) {
          f.expect(anon, "the origin's " + want.scheme + " challenge did not arrive");
          continue;
        }
        const auto a = params_of(want), b = params_of(*match);
        for (const auto& [name, value] : a) {
          const auto it = b.find(name);
          if (it == b.end())
            f.expect(anon, want.scheme + " " + name + " was removed");
          else if (it->second != value)
            f.expect(anon, want.scheme + " " + name + "=\"" + value + "\" arrived as \"" +
                               it->second + "\"");
        }
        for (const auto& [name, value] : b)
          if (!a.count(name)) f.expect(anon, want.scheme + " " + name + " was added");
      }
    }
    for (const auto& c : got) {
      bool sent = false;
      for (const auto& want : expected) sent = sent || iequals(c.scheme, want.scheme);
      if (!sent) f.expect(anon, "a " + c.scheme + " challenge the origin did not send was added");
    }
    Context at{ctx.profile, &proxied_resource(ctx.profile), ctx.controls};
    for (const Exchange* valid : ev.steps_named("valid through the proxy"))
      if (const std::string problem = accepted(at, *valid); !problem.empty())
        f.expect(*valid, "valid credentials through the proxy: " + problem);
    return f.verdict("the challenge and credentials pass through unchanged");
  };

  out.push_back(Check{
      .id = "PROXY-005",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.7.1, §15.5.8",
      .title = "Wrong proxy credentials are refused by the proxy",
      .requirement = "Through the proxy with a wrong proxy password (and valid origin "
                     "credentials), the proxy answers 407 with a challenge (or 403): it never "
                     "forwards the request.",
      .remediation = "Check Proxy-Authorization before forwarding, and answer wrong credentials "
                     "with 407 and Proxy-Authenticate.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.proxy) return skip_because(kNoProxy);
    Password wrong = ctx.profile.proxy->credentials;
    wrong.password = "authspec-wrong-proxy-password";
    Plan p;
    p.requests.push_back(refused_by_proxy(ctx, wrong, wrong.user + " with a wrong password"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& ex = ev.only();
    expect_refused_by_proxy(ctx, ex, f);
    if (!f.empty()) return f.verdict("");
    if (ex.response.status == 407 && challenges_of(ex, "Proxy-Authenticate").challenges.empty())
      f.expect(ex, "407 without a Proxy-Authenticate challenge");
    else if (ex.response.status != 407 && ex.response.status != 403)
      f.expect(ex, "expected 407 (or 403) from the proxy, got " + describe_status(ex));
    return f.verdict("the proxy refused wrong credentials (" + describe_status(ex) + ")");
  };

  out.push_back(Check{
      .id = "PROXY-006",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.4, §15.5.4",
      .title = "A proxy user without permission gets 403",
      .requirement = "Valid proxy credentials the proxy does not permit get 403, not 407 (which "
                     "asks for credentials again) and never a forwarded request.",
      .remediation = "Answer authenticated proxy users who may not use the proxy with 403.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.proxy) return skip_because(kNoProxy);
    if (!ctx.profile.proxy->forbidden)
      return skip_because("the profile names no [proxy] forbidden_user");
    const Password& pw = *ctx.profile.proxy->forbidden;
    Plan p;
    p.requests.push_back(refused_by_proxy(ctx, pw, pw.user + " (not permitted)"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& ex = ev.only();
    expect_refused_by_proxy(ctx, ex, f);
    if (f.empty() && ex.response.status != 403)
      f.expect(ex, "expected 403 for a proxy user without permission, got " + describe_status(ex));
    return f.verdict("403 for a proxy user without permission");
  };
}

}  // namespace authspec
