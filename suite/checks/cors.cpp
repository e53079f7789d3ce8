// CORS: the Fetch standard's CORS protocol around authentication (Fetch §3.3, §4.8, §4.10).
// A server can send perfect 401s and still break every browser client: the preflight carries no
// credentials, and a 401 without CORS headers reaches the script as an opaque network error.
#include <algorithm>
#include <functional>
#include <set>

#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoCors = "the profile names no [cors] allowed_origin";
const char* kAllowOrigin = "Access-Control-Allow-Origin";
const char* kAllowCredentials = "Access-Control-Allow-Credentials";

Request from_origin(Request req, const std::string& origin) {
  req.headers.emplace_back("Origin", origin);
  req.credential += ", Origin: " + origin;
  return req;
}

// The preflight a browser sends before a credentialed request: no credentials at all.
Request preflight(const Context& ctx, const std::string& origin) {
  Request req;
  req.method = "OPTIONS";
  req.target = ctx.profile.target(*ctx.resource);
  req.headers = {{"Origin", origin},
                 {"Access-Control-Request-Method", ctx.resource->method},
                 {"Access-Control-Request-Headers", "authorization"}};
  req.credential = "none, preflight from " + origin;
  return req;
}

std::string origin_of(const Exchange& ex) {
  for (const auto& [name, value] : ex.request.headers)
    if (iequals(name, "Origin")) return value;
  return "";
}

// Origins the target must not allow, made from an allowed one the way sloppy matchers fail:
// another site, the allowed host as a subdomain or a suffix, the other scheme, a subdomain.
std::vector<std::string> lookalike_origins(const CorsSettings& cors) {
  const std::string allowed = cors.allowed_origins.front();
  const auto sep = allowed.find("://");
  const std::string scheme = allowed.substr(0, sep), host = allowed.substr(sep + 3);
  std::vector<std::string> out = {cors.disallowed_origin, scheme + "://" + host + ".evil.example",
                                  scheme + "://evil" + host, scheme + "://evil." + host,
                                  (scheme == "https" ? "http://" : "https://") + host};
  std::vector<std::string> kept;
  for (const auto& o : out)
    if (std::find(cors.allowed_origins.begin(), cors.allowed_origins.end(), o) ==
            cors.allowed_origins.end() &&
        std::find(kept.begin(), kept.end(), o) == kept.end())
      kept.push_back(o);
  return kept;
}

// Would a browser let a script read this response to `origin`? "" when it would (Fetch §4.10).
std::string readable_by(const Context& ctx, const Exchange& ex, const std::string& origin) {
  const auto acao = ex.response.values(kAllowOrigin);
  const bool credentials = ctx.profile.cors->credentials;
  if (acao.empty()) return describe_status(ex) + " without " + kAllowOrigin;
  if (acao.size() > 1) return describe_status(ex) + " with several " + kAllowOrigin + " lines";
  if (acao[0] == "*" && credentials)
    return describe_status(ex) + ": " + kAllowOrigin + ": * does not admit credentialed requests";
  if (acao[0] != "*" && acao[0] != origin)
    return describe_status(ex) + ": " + kAllowOrigin + ": " + acao[0] + " is not " + origin;
  if (credentials && ex.response.first(kAllowCredentials) != "true")
    return describe_status(ex) + " without " + kAllowCredentials + ": true";
  return "";
}

// The cross-origin requests whose refusals a script must be able to read, from each allowed
// origin: anonymous and wrong credentials on each resource, the [low] identity's 403, the deny
// list's 403; and the rate limit's 429 (the burst carries the first origin whenever the profile
// has [cors]).
std::vector<Request> refusals_from_allowed_origin(const Context& ctx) {
  std::vector<Request> out;
  for (const auto& origin : ctx.profile.cors->allowed_origins) {
    for (const auto& r : ctx.profile.protected_resources) {
      if (r.head_twin) continue;
      Context at{ctx.profile, &r, ctx.controls};
      out.push_back(from_origin(at.anonymous(), origin));
      if (!r.schemes.empty())
        out.push_back(from_origin(probes::one_invalid(at, r.schemes[0]), origin));
    }
    if (const auto& low = ctx.profile.low) {
      Context at{ctx.profile, &low->resource, ctx.controls};
      if (low->basic) out.push_back(from_origin(at.with_basic(*low->basic, "basic:low"), origin));
      if (low->token) out.push_back(from_origin(at.with_bearer(*low->token, "bearer:low"), origin));
    }
    for (const auto& r : ctx.profile.deny_resources)
      out.push_back(from_origin(ctx.anonymous_to(r), origin));
  }
  // One burst only (a second would spend the same budget): it carries the first origin.
  if (ctx.profile.rate && ctx.profile.rate->resource && ctx.profile.allow_bursts)
    for (auto& req : probes::rate_burst(ctx)) out.push_back(req);
  return out;
}

bool is_refusal(int status) {
  return status == 401 || status == 403 || status == 429;
}

// Every CORS request of the run, for the run-wide syntax checks.
std::vector<Request> every_cors_probe(const Context& ctx) {
  std::vector<Request> out = refusals_from_allowed_origin(ctx);
  for (const auto& r : ctx.profile.protected_resources) {
    if (r.head_twin) continue;
    Context at{ctx.profile, &r, ctx.controls};
    for (const auto& o : ctx.profile.cors->allowed_origins) out.push_back(preflight(at, o));
  }
  return out;
}

Plan cors_plan(const Context& ctx, const std::function<void(std::vector<Request>&)>& build) {
  if (!ctx.profile.cors) return skip_because(kNoCors);
  Plan p;
  build(p.requests);
  return p;
}

Verdict judged_or_skipped(const Findings& f, bool judged, const std::string& pass,
                          const std::string& nothing) {
  return judged ? f.verdict(pass) : nothing_to_judge(nothing);
}

}  // namespace

void register_cors(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "CORS-001",
      .level = Level::kBestPractice,
      .spec = "Fetch §4.8, §3.3.3, §3.3.5",
      .title = "The preflight succeeds without credentials",
      .requirement = "A CORS preflight from an allowed origin (no credentials, as browsers send "
                     "it) gets a 2xx status: no 401, 403 or redirect, and no challenge.",
      .remediation = "Answer OPTIONS preflights in the CORS layer before the authentication filter "
                     "runs; browsers never send credentials with a preflight.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& reqs) {
      for (const auto& o : ctx.profile.cors->allowed_origins) reqs.push_back(preflight(ctx, o));
    });
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) {
      const Exchange& ex = *step;
      if (!is_success(ex.response.status))
        f.expect(ex, "the preflight got " + describe_status(ex) + " (a browser needs 2xx)");
      else if (ex.response.has("WWW-Authenticate"))
        f.expect(ex, "the preflight's answer carries a challenge");
      f.expect_no_leak(ctx, ex);
    }
    return f.verdict("2xx without credentials");
  };

  out.push_back(Check{
      .id = "CORS-002",
      .level = Level::kBestPractice,
      .spec = "Fetch §4.8, §2.2.2",
      .title = "The preflight allows the request and names Authorization",
      .requirement = "The preflight's answer allows the origin, the method, and the Authorization "
                     "header by name (a * in Access-Control-Allow-Headers never covers it), with "
                     "credentials allowed when the client sends them.",
      .remediation = "List authorization explicitly in Access-Control-Allow-Headers, add the "
                     "method to Access-Control-Allow-Methods, and echo the allowed origin.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = out[out.size() - 2].plan;
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const bool credentials = ctx.profile.cors->credentials;
    for (const Exchange* step : ev.mine) {
      const Exchange& ex = *step;
      f.expect(ex, readable_by(ctx, ex, origin_of(ex)));
      const std::string method = ctx.resource->method;
      const bool safelisted = method == "GET" || method == "HEAD" || method == "POST";
      const auto methods = list_members(ex.response, "Access-Control-Allow-Methods");
      const bool method_ok =
          safelisted || std::find(methods.begin(), methods.end(), method) != methods.end() ||
          (!credentials && std::find(methods.begin(), methods.end(), "*") != methods.end());
      if (!method_ok) f.expect(ex, "Access-Control-Allow-Methods does not list " + method);
      if (!lists(ex.response, "Access-Control-Allow-Headers", "authorization"))
        f.expect(ex, lists(ex.response, "Access-Control-Allow-Headers", "*")
                         ? "Access-Control-Allow-Headers: * does not cover Authorization"
                         : "Access-Control-Allow-Headers does not list authorization");
    }
    return f.verdict("origin, method and authorization allowed");
  };

  out.push_back(Check{
      .id = "CORS-003",
      .level = Level::kBestPractice,
      .spec = "Fetch §3.3.5, §4.10",
      .title = "No wildcard origin with credentials",
      .requirement = "Access-Control-Allow-Origin: * is never combined with "
                     "Access-Control-Allow-Credentials: true; browsers reject such responses.",
      .remediation =
          "Echo the one allowed origin (and send Vary: Origin) when credentials are allowed.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& r) { r = every_cors_probe(ctx); });
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* ex : ev.all)
      if (ex->ok() && ex->response.first(kAllowOrigin) == "*" &&
          ex->response.first(kAllowCredentials) == "true")
        f.expect(*ex, "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true");
    return f.verdict("no wildcard origin with credentials");
  };

  out.push_back(Check{
      .id = "CORS-004",
      .level = Level::kBestPractice,
      .spec = "Fetch §3.3.4, §3.3.5",
      .title = "CORS response headers are well-formed",
      .requirement =
          "Access-Control-Allow-Credentials is exactly \"true\"; Access-Control-Allow-Origin is "
          "one serialized origin (no path, no trailing slash, never a list), null or *.",
      .remediation = "Send the origin exactly as the request's Origin carried it, once, and "
                     "credentials as lower-case true.",
      .scope = Scope::kRun,
  });
  out.back().plan = out[out.size() - 2].plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* ex : ev.all) {
      if (!ex->ok()) continue;
      for (const auto& v : ex->response.values(kAllowCredentials))
        if (v != "true")
          f.expect(*ex, "Access-Control-Allow-Credentials: " + v + " (only \"true\" counts)");
      const auto acao = ex->response.values(kAllowOrigin);
      if (acao.size() > 1) f.expect(*ex, "more than one Access-Control-Allow-Origin line");
      for (const auto& v : acao) {
        if (v == "*" || v == "null") continue;
        const auto sep = v.find("://");
        const bool origin = sep != std::string::npos && sep > 0 &&
                            v.find_first_of("/, ", sep + 3) == std::string::npos &&
                            sep + 3 < v.size();
        if (!origin) f.expect(*ex, "Access-Control-Allow-Origin: " + v + " is not an origin");
      }
    }
    return f.verdict("well-formed");
  };

  out.push_back(Check{
      .id = "CORS-005",
      .level = Level::kBestPractice,
      .spec = "Fetch §3.3.3, §4.4, §4.10",
      .title = "Refusals are readable by the script",
      .requirement = "401, 403 and 429 responses to an allowed origin carry "
                     "Access-Control-Allow-Origin (and -Allow-Credentials when credentials are "
                     "used), so the script can react instead of seeing a network error.",
      .remediation = "Add the CORS headers to every response to an allowed origin, errors included "
                     "(run the CORS layer before, or around, authentication and rate limiting).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& r) { r = refusals_from_allowed_origin(ctx); });
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    bool judged = false;
    for (const Exchange* step : ev.mine) {
      if (!is_refusal(step->response.status)) continue;
      judged = true;
      f.expect(*step, readable_by(ctx, *step, origin_of(*step)));
    }
    return judged_or_skipped(f, judged, "401/403/429 readable cross-origin",
                             "no 401, 403 or 429 came back to judge");
  };

  out.push_back(Check{
      .id = "CORS-006",
      .level = Level::kBestPractice,
      .spec = "Fetch §2.2.2, §3.3.3; RFC 9449 §7.1",
      .title = "Scripts can read WWW-Authenticate and Retry-After",
      .requirement = "Cross-origin refusals list WWW-Authenticate (401/403), Retry-After (429) and "
                     "DPoP-Nonce in Access-Control-Expose-Headers; none is CORS-safelisted.",
      .remediation =
          "Send Access-Control-Expose-Headers: WWW-Authenticate, Retry-After (and DPoP-Nonce).",
      .scope = Scope::kRun,
  });
  out.back().plan = out[out.size() - 2].plan;
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    bool judged = false;
    const bool credentials = ctx.profile.cors->credentials;
    for (const Exchange* step : ev.mine) {
      const Response& r = step->response;
      // Only responses the script can read at all (CORS-005 judges the others).
      if (!is_refusal(r.status) || !r.has(kAllowOrigin)) continue;
      judged = true;
      const bool star = !credentials && lists(r, "Access-Control-Expose-Headers", "*");
      for (const char* h : {"WWW-Authenticate", "Retry-After", "DPoP-Nonce"})
        if (r.has(h) && !star && !lists(r, "Access-Control-Expose-Headers", h))
          f.expect(*step, std::string(h) + " is not in Access-Control-Expose-Headers");
    }
    return judged_or_skipped(f, judged, "the headers a script needs are exposed",
                             "no cross-origin refusal carried CORS headers to judge");
  };

  out.push_back(Check{
      .id = "CORS-007",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V14.5.3; Fetch §3.3.5",
      .owasp = "WSTG-CLNT-07",
      .title = "Arbitrary origins are not reflected",
      .requirement = "Only allow-listed origins get Access-Control-Allow-Origin: not another site, "
                     "the allowed host as a subdomain or suffix of another, nor the allowed host "
                     "over the other scheme.",
      .remediation = "Compare the Origin with an exact allow-list (no unanchored regex or suffix "
                     "match) before echoing it.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& reqs) {
      for (const auto& o : lookalike_origins(*ctx.profile.cors)) {
        reqs.push_back(preflight(ctx, o));
        reqs.push_back(from_origin(ctx.anonymous(), o));
      }
    });
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine)
      if (step->response.first(kAllowOrigin) == origin_of(*step))
        f.expect(*step, "the origin " + origin_of(*step) + " is reflected");
    return f.verdict("no look-alike origin reflected");
  };

  out.push_back(Check{
      .id = "CORS-008",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V14.5.3",
      .title = "The null origin is not allowed",
      .requirement =
          "Origin: null (sandboxed frames, file: pages) gets no Access-Control-Allow-Origin: null.",
      .remediation = "Remove null from the allow-list; any page can sandbox itself to send it.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& reqs) {
      reqs.push_back(preflight(ctx, "null"));
      reqs.push_back(from_origin(ctx.anonymous(), "null"));
    });
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine)
      if (step->response.first(kAllowOrigin) == "null")
        f.expect(*step, "Access-Control-Allow-Origin: null");
    return f.verdict("null not allowed");
  };

  out.push_back(Check{
      .id = "CORS-009",
      .level = Level::kBestPractice,
      .spec = "Fetch §3.3.3; RFC 9110 §15.5.2",
      .title = "A disallowed origin is refused without a 401",
      .requirement =
          "A disallowed origin's preflight and requests get no CORS allow headers and a 2xx, a "
          "403, or the status the same request gets without Origin: never a 401 the origin caused.",
      .remediation = "Refuse disallowed origins by omitting the CORS headers (or with 403); the "
                     "origin is not a credential, so never answer it with 401.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& reqs) {
      const std::string bad = ctx.profile.cors->disallowed_origin;
      reqs.push_back(preflight(ctx, bad).as("disallowed preflight"));
      std::vector<Request> twins = {ctx.anonymous()};
      const auto schemes = ctx.testable_schemes();
      if (!schemes.empty()) twins.push_back(*ctx.valid(schemes[0]));
      for (std::size_t k = 0; k < twins.size(); ++k) {  // each with the origin, then without it
        reqs.push_back(from_origin(twins[k], bad).as("disallowed origin " + std::to_string(k)));
        reqs.push_back(twins[k].as("no origin " + std::to_string(k)));
      }
    });
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    // A 401 to the disallowed origin's preflight is the origin's doing only if the allowed
    // origin's preflight gets another answer (the same 401 is CORS-001's finding instead).
    if (ev.step("disallowed preflight").response.status != 401) return std::vector<Request>{};
    return std::vector<Request>{
        preflight(ctx, ctx.profile.cors->allowed_origins.front()).as("allowed preflight")};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& pre = ev.step("disallowed preflight");
    const Exchange* allowed = ev.find_step("allowed preflight");
    if (pre.response.status == 401 && allowed && allowed->response.status != 401)
      f.expect(pre, "401 to a preflight from a disallowed origin, " + describe_status(*allowed) +
                        " to the allowed origin's: the origin caused it (no credentials can fix "
                        "it)");
    // The Fetch standard's CORS check: a response admits the origin only with *, the origin
    // itself echoed (null included) and, for credentials, Allow-Credentials: true. A fixed other
    // origin in Access-Control-Allow-Origin refuses it, as omitting the header does.
    for (const Exchange* ex : ev.mine)
      if (ex != allowed && !origin_of(*ex).empty() && readable_by(ctx, *ex, origin_of(*ex)).empty())
        f.expect(*ex, "the disallowed origin is admitted: " + std::string(kAllowOrigin) + ": " +
                          ex->response.first(kAllowOrigin));
    for (std::size_t k = 0; ev.find_step("disallowed origin " + std::to_string(k)); ++k) {
      const Exchange &with = ev.step("disallowed origin " + std::to_string(k)),
                     &without = ev.step("no origin " + std::to_string(k));
      const int s = with.response.status;
      if (s == without.response.status || is_success(s) || s == 403) continue;
      f.expect(with, describe_status(with) + " from the disallowed origin, " +
                         describe_status(without) + " without Origin: the origin changed it");
    }
    for (const Exchange* step : ev.mine)
      if (step->request.credential.find(":valid") == std::string::npos)
        f.expect_no_leak(ctx, *step);
    return f.verdict("refused by omission, without a 401");
  };

  out.push_back(Check{
      .id = "CORS-010",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V14.5.2; Fetch §3.3",
      .title = "Origin is not an authentication factor",
      .requirement =
          "A request from an allowed origin without credentials still gets 401 with a challenge.",
      .remediation = "Authenticate every request by its credentials; Origin can be forged by any "
                     "non-browser client.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    return cors_plan(ctx, [&](std::vector<Request>& reqs) {
      for (const auto& o : ctx.profile.cors->allowed_origins)
        reqs.push_back(from_origin(ctx.anonymous(), o));
    });
  };
  out.back().judge = each_without_credentials(challenge401, "401 with a challenge");

  out.push_back(Check{
      .id = "CORS-011",
      .level = Level::kBestPractice,
      .spec = "Fetch \"CORS protocol and HTTP caches\"",
      .title = "Vary: Origin where the allowed origin varies",
      .requirement = "When Access-Control-Allow-Origin depends on the request's Origin, the "
                     "responses to CORS requests carry Vary: Origin.",
      .remediation = "Send Vary: Origin on every response whose CORS headers depend on the Origin, "
                     "so a cache never serves one origin's answer to another.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    // Per resource (this one, and the public ones, whose answers caches do store): from the
    // allowed origin, from the disallowed one, and without Origin.
    return cors_plan(ctx, [&](std::vector<Request>& reqs) {
      std::vector<Request> bases = {ctx.anonymous()};
      for (const auto& pub : ctx.profile.public_resources)
        if (pub.method == "GET") bases.push_back(ctx.anonymous_to(pub));
      for (std::size_t k = 0; k < bases.size(); ++k) {
        const std::string n = " " + std::to_string(k);
        const auto& cors = *ctx.profile.cors;
        reqs.push_back(
            from_origin(bases[k], cors.allowed_origins.front()).as("allowed origin" + n));
        reqs.push_back(from_origin(bases[k], cors.disallowed_origin).as("disallowed origin" + n));
        reqs.push_back(bases[k].as("no origin" + n));
      }
    });
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    bool varies = false;
    for (std::size_t k = 0; ev.find_step("allowed origin " + std::to_string(k)); ++k) {
      const std::string n = " " + std::to_string(k);
      const std::vector<const Exchange*> from_origins = {&ev.step("allowed origin" + n),
                                                         &ev.step("disallowed origin" + n)};
      std::set<std::string> seen;
      for (const Exchange* ex : {from_origins[0], from_origins[1], &ev.step("no origin" + n)}) {
        const auto v = ex->response.values(kAllowOrigin);
        seen.insert(v.empty() ? "(none)" : v[0]);
      }
      if (seen.size() < 2) continue;
      varies = true;
      // Vary matters only where a cache may store the response (RFC 9111 §3): a 401 or 403
      // without explicit freshness is never stored, so its Vary is nobody's concern. (The answer
      // without Origin, the reference, is not judged.)
      for (const Exchange* ex : from_origins)
        if (cache_may_store(ex->response) && !lists(ex->response, "Vary", "Origin") &&
            !lists(ex->response, "Vary", "*"))
          f.expect(*ex, "Access-Control-Allow-Origin varies with Origin, but this storable " +
                            describe_status(*ex) + " has no Vary: Origin");
    }
    if (!varies) return f.verdict("Access-Control-Allow-Origin does not vary");
    return f.verdict("Vary: Origin wherever a cache may store the answer");
  };

  out.push_back(Check{
      .id = "CORS-012",
      .level = Level::kBestPractice,
      .spec = "Fetch \"Basic safe CORS protocol setup\"",
      .title = "No wildcard CORS on network-protected resources",
      .requirement = "Resources protected by a deny list or network position do not send "
                     "Access-Control-Allow-Origin: *, which lets any website read them through a "
                     "visitor's browser.",
      .remediation =
          "Drop the wildcard on internal resources; allow-list the origins that need them.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.cors) return skip_because(kNoCors);
    Plan p;
    for (const auto* list : {&ctx.profile.deny_resources, &ctx.profile.internal_resources})
      for (const auto& r : *list)
        p.requests.push_back(
            from_origin(ctx.anonymous_to(r), ctx.profile.cors->allowed_origins.front()));
    if (p.requests.empty()) p.skip = "the profile names no [deny] resource";
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine)
      if (step->response.first(kAllowOrigin) == "*")
        f.expect(*step, "Access-Control-Allow-Origin: * on a network-protected resource");
    return f.verdict("no wildcard");
  };
}

}  // namespace authspec
