// BEARER: OAuth 2.0 bearer tokens (RFC 6750).
#include <regex>
#include <set>

#include "suite/checks/probes.h"
#include "suite/checks/token_forge.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

bool takes_bearer(const Resource& r) {
  return r.accepts("bearer") && r.method != "HEAD";
}

const std::set<std::string> kRegisteredErrors = {
    "invalid_request",    "invalid_token", "insufficient_scope", "insufficient_user_authentication",
    "invalid_dpop_proof", "use_dpop_nonce"};

std::vector<Challenge> bearer_challenges(const Exchange& ex) {
  return challenges_of(ex).with_scheme("Bearer");
}

// Every distinct Bearer challenge of the run, with the exchange it came in.
std::vector<std::pair<const Exchange*, Challenge>> all_bearer_challenges(const Evidence& ev) {
  std::vector<std::pair<const Exchange*, Challenge>> out;
  std::set<std::string> seen;
  for (const auto* ex : ev.all) {
    if (!ex->ok()) continue;
    const auto lines = ex->response.values("WWW-Authenticate");
    std::string key = std::to_string(ex->response.status);
    for (const auto& l : lines) key += "\n" + l;
    if (lines.empty() || !seen.insert(key).second) continue;
    for (auto& c : bearer_challenges(*ex)) out.emplace_back(ex, std::move(c));
  }
  return out;
}

Verdict judge_bearer_challenges(
    const Evidence& ev, const std::string& pass_message,
    const std::function<void(Findings&, const Exchange&, const Challenge&)>& inspect) {
  const auto seen = all_bearer_challenges(ev);
  if (seen.empty()) return {Outcome::kSkip, "no Bearer challenge was observed", {}};
  Findings f;
  for (const auto& [ex, c] : seen) inspect(f, *ex, c);
  return f.verdict(pass_message);
}

std::string error_of(const Challenge& c) {
  const auto* e = c.param("error");
  return e ? e->value : "";
}

// 401 with a Bearer challenge carrying error="invalid_token" (RFC 6750 §3.1).
std::string invalid_token_answer(const Context& ctx, const Exchange& ex) {
  if (ex.response.status != 401)
    return "expected 401 with error=\"invalid_token\", got " + describe_status(ex);
  const std::string problem = challenge401(ctx, ex);
  if (!problem.empty()) return problem;
  for (const auto& c : bearer_challenges(ex))
    if (error_of(c) == "invalid_token") return "";
  return "401 without a Bearer challenge carrying error=\"invalid_token\"";
}

bool allowed_error_chars(const std::string& v) {
  for (unsigned char c : v)
    if (!(c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E)))
      return false;
  return true;
}

bool allowed_scope(const std::string& v) {
  static const std::regex scope(
      "^[\\x21\\x23-\\x5B\\x5D-\\x7E]+( [\\x21\\x23-\\x5B\\x5D-\\x7E]+)*$");
  return std::regex_match(v, scope);
}

bool allowed_uri(const std::string& v) {
  for (unsigned char c : v)
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '\\' || c == '<' || c == '>') return false;
  return !v.empty();
}

// BEARER-006 and BEARER-013 judge the same request: the low-scope token on its resource.
Plan low_scope_plan(const Context& ctx) {
  if (!ctx.profile.low || !ctx.profile.low->token)
    return skip_because("the profile has no [low] token without the needed scope");
  Context at{ctx.profile, &ctx.profile.low->resource, ctx.controls};
  return Plan{{at.with_bearer(*ctx.profile.low->token, "bearer:low-scope")}, ""};
}

std::string cache_private(const Exchange& ex) {
  const std::string cc = to_lower(ex.response.first("Cache-Control"));
  return cc.find("private") != std::string::npos || cc.find("no-store") != std::string::npos ? ""
                                                                                             : cc;
}

}  // namespace

void register_bearer(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "BEARER-001",
      .level = Level::kMust,
      .spec = "RFC 6750 §2.1",
      .title = "Tokens are accepted in the Authorization header",
      .requirement = "A resource server supports tokens sent as Authorization: Bearer <token>.",
      .remediation = "Read the token from the Authorization header (the one method every client "
                     "supports), not only from a custom header or the query string.",
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.bearer) return skip_because("the profile has no Bearer token");
    return Plan{{*ctx.valid("bearer")}, ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    f.expect(ev.only(), accepted(ctx, ev.only()));
    return f.verdict("the header token is accepted");
  };

  out.push_back(Check{
      .id = "BEARER-002",
      .level = Level::kShould,
      .spec = "RFC 6750 §3.1",
      .title = "No error details without a token",
      .requirement = "When the request carried no token (or an unsupported scheme), the Bearer "
                     "challenge carries no error, error_description or error_uri.",
      .remediation = "Add error attributes only when a Bearer token was presented; a request "
                     "without one gets a plain Bearer realm=\"...\" challenge.",
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    return Plan{{ctx.anonymous(), ctx.with_authorization("Foo x", "foo:unknown-scheme")}, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    bool any = false;
    for (const Exchange* step : ev.mine)
      for (const auto& c : bearer_challenges(*step)) {
        any = true;
        for (const char* attr : {"error", "error_description", "error_uri"})
          if (const auto* p = c.param(attr))
            f.expect(*step, std::string(attr) + "=\"" + p->value + "\" although no token was sent");
      }
    if (!any)
      return Verdict{Outcome::kSkip, "no Bearer challenge to inspect (CHAL-002 reports it)", {}};
    return f.verdict("no error attributes without a token");
  };

  out.push_back(Check{
      .id = "BEARER-003",
      .level = Level::kMust,
      .spec = "RFC 6750 §3",
      .title = "The Bearer challenge has at least one parameter",
      .requirement = "The Bearer scheme in a challenge is followed by at least one auth-param, "
                     "such as realm or scope.",
      .remediation =
          "Send Bearer realm=\"<api>\" at the least. (RFC 9110's grammar and RFC 9449's examples "
          "allow a bare Bearer; RFC 6750 §3 requires a parameter, and clients rely on it.)",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return Plan{probes::bearer_error_responses(ctx), ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_bearer_challenges(ev, "every Bearer challenge has a parameter",
                                   [](Findings& f, const Exchange& ex, const Challenge& c) {
                                     if (c.params.empty()) f.expect(ex, "a bare Bearer challenge");
                                   });
  };

  out.push_back(Check{
      .id = "BEARER-004",
      .level = Level::kShould,
      .spec = "RFC 6750 §3, §3.1",
      .title = "Invalid tokens: 401 with error=\"invalid_token\"",
      .requirement = "An unknown, truncated, expired or revoked token gets a 401 whose Bearer "
                     "challenge carries error=\"invalid_token\".",
      .remediation =
          "Answer every token that fails validation with 401 and WWW-Authenticate: Bearer "
          "realm=\"...\", error=\"invalid_token\", so clients know to fetch a new token.",
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    Plan p{{probes::one_invalid(ctx, "bearer")}, ""};
    if (ctx.profile.bearer) {
      const std::string& t = *ctx.profile.bearer;
      p.requests.push_back(ctx.with_authorization("Bearer " + t.substr(0, t.size() / 2),
                                                  "bearer:truncated valid", true));
    }
    const Profile& pr = ctx.profile;
    if (pr.bearer_expired)
      p.requests.push_back(ctx.with_bearer(*pr.bearer_expired, "bearer:expired (profile)"));
    else if (forge::can_mint(pr)) {
      auto claims = forge::valid_claims(pr);
      claims["iat"] = forge::run_now() - 7200;
      claims["exp"] = forge::run_now() - 3600;
      p.requests.push_back(ctx.with_bearer(forge::mint(pr, forge::valid_header(pr), claims),
                                           "bearer:expired (minted)"));
    }
    if (pr.bearer_revoked)
      p.requests.push_back(ctx.with_bearer(*pr.bearer_revoked, "bearer:revoked (profile)"));
    else if (forge::can_mint(pr) && !pr.jwt->revoked_jti.empty()) {
      auto claims = forge::valid_claims(pr);
      claims["jti"] = pr.jwt->revoked_jti;
      p.requests.push_back(ctx.with_bearer(forge::mint(pr, forge::valid_header(pr), claims),
                                           "bearer:revoked (minted)"));
    }
    return p;
  };
  out.back().judge =
      each_without_credentials(invalid_token_answer, "401 with error=\"invalid_token\" for each");

  out.push_back(Check{
      .id = "BEARER-005",
      .level = Level::kShould,
      .spec = "RFC 6750 §3.1, §2",
      .title = "Malformed Bearer requests get 400 invalid_request",
      .requirement = "A malformed request (Bearer without a token, a value that is not a b64token, "
                     "a token sent by more than one method: header and query, header and form "
                     "body, two Authorization fields) gets 400 with error=\"invalid_request\" (a "
                     "401 with a Bearer challenge is noted, not failed); never 2xx or 5xx.",
      .remediation = "Reject requests that carry the token in more than one place with 400 and "
                     "Bearer error=\"invalid_request\"; never pick one of them.",
      .needs = {.working = {"bearer"}},
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    // Malformed whatever the token: Bearer without a token, and a value that is not a b64token.
    Plan p{{ctx.with_authorization("Bearer", "bearer:no token"),
            ctx.with_authorization("Bearer a b", "bearer:'a b'")},
           ""};
    if (!ctx.profile.bearer) return p;
    const std::string& t = *ctx.profile.bearer;
    const Request header = *ctx.valid("bearer");
    Request query = probes::with_query_token(ctx, t, "bearer:header + query");
    query.headers = header.headers;
    p.requests.push_back(query);
    Request twice = header;
    twice.headers.push_back(header.headers[0]);
    twice.credential = "bearer:two Authorization fields";
    p.requests.push_back(twice);
    if (ctx.resource->method == "POST" || ctx.resource->method == "PUT" ||
        ctx.resource->method == "PATCH") {
      Request form = header;
      form.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      form.body = "access_token=" + t;
      form.credential = "bearer:header + form body";
      p.requests.push_back(form);
    }
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    std::vector<std::string> tolerated;
    for (const Exchange* step : ev.mine) {
      const Exchange& ex = *step;
      const int s = ex.response.status;
      bool invalid_request = false;
      for (const auto& c : bearer_challenges(ex))
        invalid_request = invalid_request || error_of(c) == "invalid_request";
      if (s == 400 && invalid_request) continue;
      if ((s == 400 || s == 401) && challenge401_or_400(ctx, ex).empty()) {
        tolerated.push_back(describe_request(ex) + ": " + describe_status(ex) +
                            " without error=\"invalid_request\"");
        continue;
      }
      f.expect(ex, "expected 400 with error=\"invalid_request\", got " + describe_status(ex));
    }
    Verdict v = f.verdict("400 with error=\"invalid_request\" for each");
    if (v.outcome == Outcome::kPass && !tolerated.empty()) {
      // A 401 with a Bearer challenge is a sound answer too (the token enables nothing): noted.
      v.message =
          "refused with a challenge; note, not the 400 RFC 6750 suggests: " + tolerated[0] +
          (tolerated.size() > 1 ? "; and " + std::to_string(tolerated.size() - 1) + " more" : "");
    }
    return v;
  };

  out.push_back(Check{
      .id = "BEARER-006",
      .level = Level::kShould,
      .spec = "RFC 6750 §3.1",
      .title = "Missing scope: 403 with error=\"insufficient_scope\"",
      .requirement =
          "A valid token that lacks the required scope gets 403 with a Bearer challenge carrying "
          "error=\"insufficient_scope\" (and ideally the scope it needs), never 401.",
      .remediation = "Answer 403 and WWW-Authenticate: Bearer error=\"insufficient_scope\", "
                     "scope=\"<needed>\"; a 401 makes clients refresh or re-login in a loop.",
      .scope = Scope::kRun,
  });
  out.back().plan = low_scope_plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& ex = ev.only();
    if (ex.response.status != 403) {
      f.expect(ex, "expected 403, got " + describe_status(ex));
    } else {
      bool scoped = false;
      for (const auto& c : bearer_challenges(ex))
        scoped = scoped || error_of(c) == "insufficient_scope";
      if (!scoped)
        f.expect(ex, "403 without a Bearer challenge carrying error=\"insufficient_scope\"");
    }
    return f.verdict("403 with error=\"insufficient_scope\"");
  };

  out.push_back(Check{
      .id = "BEARER-007",
      .level = Level::kMust,
      .spec = "RFC 6750 §3",
      .title = "Bearer attributes appear once",
      .requirement = "Each of realm, scope, error, error_description and error_uri appears at most "
                     "once in a Bearer challenge.",
      .remediation =
          "Let one layer own the Bearer challenge; do not let two middlewares each add attributes.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return Plan{probes::bearer_error_responses(ctx), ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_bearer_challenges(
        ev, "no attribute repeated", [](Findings& f, const Exchange& ex, const Challenge& c) {
          for (const char* attr : {"realm", "scope", "error", "error_description", "error_uri"}) {
            int n = 0;
            for (const auto& p : c.params) n += iequals(p.name, attr);
            if (n > 1) f.expect(ex, std::string(attr) + " appears " + std::to_string(n) + " times");
          }
        });
  };

  out.push_back(Check{
      .id = "BEARER-008",
      .level = Level::kMust,
      .spec = "RFC 6750 §3",
      .title = "Bearer attribute values use the allowed characters",
      .requirement =
          "error and error_description use only %x20-21 / %x23-5B / %x5D-7E, scope is "
          "space-separated %x21 / %x23-5B / %x5D-7E words, and error_uri is a URI reference.",
      .remediation = "Keep error_description to printable ASCII without quotes or backslashes; "
                     "never put exception messages or translated text there.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return Plan{probes::bearer_error_responses(ctx), ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_bearer_challenges(
        ev, "every value uses the allowed characters",
        [](Findings& f, const Exchange& ex, const Challenge& c) {
          for (const auto& p : c.params) {
            const std::string n = to_lower(p.name);
            const bool ok = n == "scope"       ? allowed_scope(p.value)
                            : n == "error_uri" ? allowed_uri(p.value)
                            : n == "error" || n == "error_description"
                                ? allowed_error_chars(p.value)
                                : true;
            if (!ok)
              f.expect(ex,
                       p.name + " has characters RFC 6750 §3 does not allow: \"" + p.value + "\"");
          }
        });
  };

  out.push_back(Check{
      .id = "BEARER-009",
      .level = Level::kBestPractice,
      .spec = "RFC 6750 §3.1; RFC 9470 §3; RFC 9449 §7.1",
      .title = "Only registered error codes",
      .requirement = "The error attribute is a registered value: invalid_request, invalid_token, "
                     "insufficient_scope, insufficient_user_authentication, invalid_dpop_proof, "
                     "use_dpop_nonce.",
      .remediation = "Use the registered codes and put details in error_description.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return Plan{probes::bearer_error_responses(ctx), ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_bearer_challenges(ev, "every error code is registered",
                                   [](Findings& f, const Exchange& ex, const Challenge& c) {
                                     const std::string e = error_of(c);
                                     if (!e.empty() && !kRegisteredErrors.count(e))
                                       f.expect(ex, "unregistered error=\"" + e + "\"");
                                   });
  };

  out.push_back(Check{
      .id = "BEARER-010",
      .level = Level::kShould,
      .spec = "RFC 6750 §3.1",
      .title = "Status code and error code agree",
      .requirement = "400 goes with invalid_request, 401 with invalid_token (and "
                     "insufficient_user_authentication), 403 with insufficient_scope.",
      .remediation = "Derive the status from the error code: invalid_request 400, invalid_token "
                     "401, insufficient_scope 403.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return Plan{probes::bearer_error_responses(ctx), ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    static const std::map<std::string, int> status_of = {{"invalid_request", 400},
                                                         {"invalid_token", 401},
                                                         {"insufficient_scope", 403},
                                                         {"insufficient_user_authentication", 401}};
    return judge_bearer_challenges(
        ev, "status and error agree", [](Findings& f, const Exchange& ex, const Challenge& c) {
          const auto it = status_of.find(error_of(c));
          if (it != status_of.end() && it->second != ex.response.status)
            f.expect(ex, "error=\"" + it->first + "\" with status " +
                             std::to_string(ex.response.status) + " (expected " +
                             std::to_string(it->second) + ")");
        });
  };

  out.push_back(Check{
      .id = "BEARER-011",
      .level = Level::kShould,
      .spec = "RFC 6750 §2.3, §5.3; ASVS 4.0.3 V3.1.1",
      .owasp = "V3.1.1",
      .title = "Query-string tokens are refused, or at least not cached",
      .requirement = "A token in the URI query SHOULD NOT be used; if the server accepts one, the "
                     "response carries Cache-Control: private (or no-store).",
      .remediation =
          "Refuse access_token in the query (tokens end up in logs, Referer headers and caches); "
          "if you must accept it, mark the responses Cache-Control: private, no-store.",
      .needs = {.working = {"bearer"}},
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.bearer) return skip_because("the profile has no Bearer token");
    return Plan{{probes::with_query_token(ctx, *ctx.profile.bearer, "bearer:query access_token")},
                ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const Exchange& ex = ev.only();
    if (!is_success(ex.response.status))
      return Verdict{Outcome::kPass, "query tokens are refused (" + describe_status(ex) + ")", {}};
    const std::string cc = cache_private(ex);
    if (!cc.empty() || !ex.response.has("Cache-Control"))
      return Verdict{
          Outcome::kFail,
          "the query token is accepted and the response is not private (Cache-Control: " +
              (cc.empty() ? "absent" : cc) + ")",
          {&ex}};
    // Accepting query tokens is allowed (RFC 6750 §2.3: MAY); the SHOULD is the private answer.
    return Verdict{Outcome::kPass,
                   "the query token is accepted (advice: refuse it); the response is private",
                   {&ex}};
  };

  out.push_back(Check{
      .id = "BEARER-012",
      .level = Level::kBestPractice,
      .spec = "RFC 6750 §2.2",
      .title = "Tokens are not taken from arbitrary bodies",
      .requirement =
          "A form-body token is honoured only on a method with body semantics, with Content-Type "
          "application/x-www-form-urlencoded; never from a GET body or a JSON body.",
      .remediation = "Read tokens from the Authorization header (and, if you support it, only from "
                     "form-encoded POST bodies); do not merge parameters from every source.",
      .needs = {.working = {"bearer"}},
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.bearer) return skip_because("the profile has no Bearer token");
    const std::string& t = *ctx.profile.bearer;
    Plan p;
    Request form = ctx.anonymous();
    form.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    form.body = "access_token=" + t;
    form.credential = "bearer:token in a " + ctx.resource->method + " form body";
    form.carries_secret = true;
    if (ctx.resource->method == "GET") p.requests.push_back(form);
    Request json = ctx.anonymous();
    json.headers.emplace_back("Content-Type", "application/json");
    json.body = "{\"access_token\":\"" + t + "\"}";
    json.credential = "bearer:token in a JSON body";
    json.carries_secret = true;
    if (ctx.resource->writes_ok) p.requests.push_back(json);
    if (p.requests.empty()) p.skip = "no GET or writes-ok resource to send a body to";
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine)
      if (is_success(step->response.status))
        f.expect(*step, "the body token is accepted: " + describe_status(*step));
    return f.verdict("body tokens are refused");
  };

  out.push_back(Check{
      .id = "BEARER-013",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.6.1; RFC 6750 §3",
      .title = "The insufficient-scope 403 carries a challenge",
      .requirement = "A 403 insufficient_scope carries the Bearer challenge, so clients learn the "
                     "scope they need.",
      .remediation =
          "Add WWW-Authenticate: Bearer error=\"insufficient_scope\", scope=\"...\" to the 403.",
      .scope = Scope::kRun,
  });
  out.back().plan = low_scope_plan;
  out.back().judge = [](const Context&, const Evidence& ev) {
    const Exchange& ex = ev.only();
    if (ex.response.status != 403)
      return Verdict{Outcome::kSkip, "no 403 to inspect (BEARER-006 reports the status)", {}};
    Findings f;
    if (bearer_challenges(ex).empty()) f.expect(ex, "403 without a Bearer challenge");
    return f.verdict("the 403 carries a Bearer challenge");
  };

  // RFC 6750 §3 makes the challenge a MUST for every request without a token that enables
  // access: a malformed Bearer field is one, whatever the status (400 or 401) the server picks.
  out.push_back(Check{
      .id = "BEARER-014",
      .level = Level::kMust,
      .spec = "RFC 6750 §3",
      .title = "Malformed Bearer requests are refused with a Bearer challenge",
      .requirement = "A request whose Bearer credentials are malformed (no token, two tokens, "
                     "characters outside b64token) is refused with a WWW-Authenticate field "
                     "carrying a Bearer challenge, whether the status is 400 or 401 (on a "
                     "resource that also takes other schemes, a challenge for those is noted).",
      .remediation =
          "Add WWW-Authenticate: Bearer error=\"invalid_request\" to the 400 (or the plain Bearer "
          "challenge to the 401) that answers a malformed Authorization field.",
  });
  out.back().applies = takes_bearer;
  out.back().plan = [](const Context& ctx) {
    return Plan{{ctx.with_authorization("Bearer", "bearer:no token"),
                 ctx.with_authorization("Bearer a b", "bearer:'a b'"),
                 ctx.with_authorization("Bearer t@k{n}", "bearer:'t@k{n}'")},
                ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    std::string others_only;
    for (const Exchange* step : ev.mine) {
      const Exchange& ex = *step;
      f.expect_no_leak(ctx, ex);
      if (is_success(ex.response.status)) {
        f.expect(ex, "malformed Bearer credentials accepted (" + describe_status(ex) + ")");
        continue;
      }
      // The MUST is the field (RFC 6750 §3); a resource that also takes other schemes may
      // challenge with those only (noted, not failed: the field is there).
      if (bearer_challenges(ex).empty()) {
        if (ex.response.values("WWW-Authenticate").empty() || ctx.resource->schemes.size() < 2)
          f.expect(ex, describe_status(ex) + " without a WWW-Authenticate: Bearer challenge");
        else
          others_only = describe_request(ex);
      }
    }
    Verdict v = f.verdict("each refused with a Bearer challenge");
    if (v.outcome == Outcome::kPass && !others_only.empty())
      v.message = "each refused with a WWW-Authenticate field; note, " + others_only +
                  " was challenged for the resource's other schemes only, not Bearer";
    return v;
  };
}

}  // namespace authspec
