// CHAL: the HTTP authentication framework and 401 (RFC 9110 §11, §15.5.2, §9.3.2).
#include <algorithm>
#include <set>

#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

bool is_get(const Resource& r) {
  return r.method == "GET";
}
bool not_head(const Resource& r) {
  return r.method != "HEAD";
}

// Valid credentials of every testable scheme respelled: `gap` between scheme and token68, `tail`
// after it (CHAL-010 and CHAL-018 share the single-space requests, which are sent once).
struct Token68Variant {
  std::string gap, tail, label;
};
Plan token68_variants(const Context& ctx, const std::vector<Token68Variant>& variants) {
  Plan p;
  for (const auto& s : ctx.testable_schemes()) {
    const std::string value = ctx.valid(s)->headers.back().second;
    const std::string name = scheme_display_name(s), cred = value.substr(name.size() + 1);
    for (const auto& v : variants)
      p.requests.push_back(
          ctx.with_authorization(name + v.gap + cred + v.tail, s + ":" + v.label, true));
  }
  if (p.requests.empty())
    p.skip = "the profile has no credentials for " + join(ctx.resource->schemes);
  return p;
}

// Every exchange of the run that carries a given response field, one per distinct set of lines.
std::vector<const Exchange*> distinct_with_field(const Evidence& ev, const std::string& field) {
  std::vector<const Exchange*> out;
  std::set<std::vector<std::string>> seen;
  for (const auto* ex : ev.all) {
    if (!ex->ok()) continue;
    auto lines = ex->response.values(field);
    if (!lines.empty() && seen.insert(lines).second) out.push_back(ex);
  }
  return out;
}

// A run-wide verdict over every challenge seen: `problems` gives what is wrong with one response.
Verdict judge_challenges(
    const Evidence& ev, const std::string& pass_message,
    const std::function<std::vector<std::string>(const ChallengeParse&)>& problems) {
  const auto exchanges = distinct_with_field(ev, "WWW-Authenticate");
  if (exchanges.empty()) return {Outcome::kSkip, "no WWW-Authenticate field was observed", {}};
  Findings f;
  for (const auto* ex : exchanges)
    for (const auto& p : problems(challenges_of(*ex))) f.expect(*ex, p);
  return f.verdict(pass_message + " (" + std::to_string(exchanges.size()) +
                   " distinct challenge sets)");
}

const std::vector<std::string> kSchemeSpellings = {"lower", "UPPER", "MiXeD"};
std::string spell(const std::string& scheme, const std::string& how) {
  std::string s = scheme;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (how == "lower")
      s[i] = static_cast<char>(std::tolower(c));
    else if (how == "UPPER")
      s[i] = static_cast<char>(std::toupper(c));
    else
      s[i] = static_cast<char>(i % 2 ? std::toupper(c) : std::tolower(c));
  }
  return s;
}

// Challenges compared for CHAL-014: scheme and parameters, nonce-like values left out.
std::string challenge_signature(const Exchange& ex) {
  std::vector<std::string> parts;
  for (const auto& c : challenges_of(ex).challenges) {
    std::string s = to_lower(c.scheme);
    for (const auto& p : c.params) {
      const std::string name = to_lower(p.name);
      s += " " + name + (name == "nonce" || name == "opaque" ? "=*" : "=" + p.value);
    }
    parts.push_back(s);
  }
  return join(parts, " | ");
}

}  // namespace

void register_chal(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "CHAL-000",
      .level = Level::kPrerequisite,
      .spec = "RFC 9110 §11.6.2; RFC 6750 §2.1",
      .title = "Valid credentials are accepted; public resources are public",
      .requirement = "Valid credentials of each configured scheme get a 2xx with the protected "
                     "content, and public resources answer without credentials: without this "
                     "positive control no negative check means anything.",
      .remediation = "Fix the profile (credentials, resource paths, canary), or the server if it "
                     "rejects valid credentials (realm, clock skew, audience).",
      .scope = Scope::kAllResources,
  });
  out.back().plan = [](const Context& ctx) {
    if (ctx.resource->is_public) return Plan{{ctx.anonymous()}, ""};
    Plan p;
    for (const auto& s : ctx.testable_schemes()) p.requests.push_back(*ctx.valid(s));
    if (p.requests.empty())
      p.skip = "the profile has no credentials for " + join(ctx.resource->schemes);
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    if (ctx.resource->is_public) {
      const Exchange& ex = ev.only();
      if (!is_success(ex.response.status))
        f.expect(ex,
                 "the public resource answered " + describe_status(ex) + " without credentials");
      if (!no_leak(ctx, ex).empty())
        f.expect(ex,
                 "the canary appears in a public response: choose a string only protected "
                 "responses contain");
      return f.verdict("public without credentials");
    }
    for (const Exchange* step : ev.mine) f.expect(*step, accepted(ctx, *step));
    Verdict v = f.verdict("valid credentials accepted (" + join(ctx.testable_schemes()) + ")");
    if (v.outcome == Outcome::kFail) {
      v.outcome = Outcome::kError;
      v.message = "profile error: " + v.message;
    }
    return v;
  };

  out.push_back(Check{
      .id = "CHAL-001",
      .level = Level::kMust,
      .spec = "RFC 9110 §15.5.2, §11.6.1",
      .title = "Every 401 carries a WWW-Authenticate challenge",
      .requirement = "A server generating a 401 response MUST send a WWW-Authenticate field "
                     "containing at least one challenge.",
      .remediation =
          "Add a WWW-Authenticate challenge (e.g. Basic realm=\"api\" or Bearer realm=\"api\") to "
          "every 401, including those from gateways, rate limiters and session layers.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::anonymous_everywhere(ctx), ""}; };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    int seen = 0;
    for (const auto* ex : ev.all) {
      if (!ex->ok() || ex->response.status != 401) continue;
      ++seen;
      if (!ex->response.has("WWW-Authenticate"))
        f.expect(*ex, "401 without a WWW-Authenticate field");
      else if (challenges_of(*ex).challenges.empty())
        f.expect(*ex, "401 with no parsable challenge");
    }
    if (!seen) return Verdict{Outcome::kSkip, "no 401 response was observed", {}};
    return f.verdict("all " + std::to_string(seen) + " 401 responses carry a challenge");
  };

  out.push_back(Check{
      .id = "CHAL-002",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4, §15.5.2",
      .owasp = "WSTG-ATHN-04",
      .title = "No credentials: 401 with a challenge",
      .requirement = "A request for a protected resource without credentials gets a 401 with a "
                     "challenge that applies to the resource.",
      .remediation =
          "Answer missing credentials with 401 and a WWW-Authenticate challenge naming the schemes "
          "the resource accepts, not 403, 400, 404, a redirect or a 200 error page.",
      .heads = true,
  });
  out.back().plan = [](const Context& ctx) { return Plan{{ctx.anonymous()}, ""}; };
  out.back().judge = each_without_credentials(challenge401, "401 with a challenge");

  out.push_back(Check{
      .id = "CHAL-003",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4, §15.5.2",
      .owasp = "WSTG-ATHN-04",
      .title = "Invalid credentials: 401 with a challenge",
      .requirement = "Invalid credentials (a wrong password, an unknown user or token) get a 401 "
                     "with a challenge.",
      .remediation =
          "Answer rejected credentials with 401 and a fresh challenge, so clients prompt again or "
          "refresh their token; 403 or 400 tell them retrying cannot help.",
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::invalid_credentials(ctx), ""}; };
  out.back().judge =
      each_without_credentials(challenge401, "every invalid credential got 401 with a challenge");

  out.push_back(Check{
      .id = "CHAL-004",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.3, §11.2, §5.6",
      .title = "Challenges follow the RFC 9110 grammar",
      .requirement = "Every challenge matches auth-scheme [ 1*SP ( token68 / #auth-param ) ], with "
                     "well-formed tokens and quoted strings.",
      .remediation =
          "Generate challenges as scheme, one space, then name=value pairs separated by commas; "
          "quote values containing spaces or separators and escape '\"' and '\\' inside them.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::anonymous_everywhere(ctx), ""}; };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_challenges(ev, "every challenge parses", [](const ChallengeParse& p) {
      return p.messages(ProblemKind::kGrammar);
    });
  };

  out.push_back(Check{
      .id = "CHAL-005",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.2",
      .title = "No parameter repeated in a challenge",
      .requirement =
          "Each auth-param name occurs only once per challenge, compared case-insensitively.",
      .remediation = "Emit each parameter once; when two layers add the same parameter, let one "
                     "own the header.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::anonymous_everywhere(ctx), ""}; };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_challenges(ev, "no repeated parameter", [](const ChallengeParse& p) {
      return p.messages(ProblemKind::kRepeatedParam);
    });
  };

  out.push_back(Check{
      .id = "CHAL-006",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.5",
      .title = "realm is a quoted string",
      .requirement = "A realm value is always sent in quoted-string syntax.",
      .remediation = "Send realm=\"name\" with quotes, even when the name is a single token.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::anonymous_everywhere(ctx), ""}; };
  out.back().judge = [](const Context&, const Evidence& ev) {
    return judge_challenges(ev, "every realm is quoted", [](const ChallengeParse& p) {
      return p.messages(ProblemKind::kRealmToken);
    });
  };

  out.push_back(Check{
      .id = "CHAL-007",
      .level = Level::kMust,
      .spec = "RFC 9110 §15.5.2, §11.3",
      .title = "The advertised schemes really work",
      .requirement = "The challenge names only schemes the resource accepts, and answering it with "
                     "valid credentials succeeds.",
      .remediation =
          "Advertise only the schemes the application honours; remove framework or front-end "
          "default challenges (Basic realm=\"Realm\", Negotiate) that nothing behind them accepts.",
  });
  out.back().plan = [](const Context& ctx) { return Plan{{ctx.anonymous().as("challenge")}, ""}; };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    std::vector<Request> retry;
    std::set<std::string> done;
    for (const auto& c : challenges_of(ev.step("challenge")).challenges) {
      const std::string s = to_lower(c.scheme);
      if (ctx.resource->accepts(s) && ctx.profile.has_credentials(s) && done.insert(s).second)
        retry.push_back(ctx.valid(s)->as("answer"));
    }
    return retry;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    const Exchange& challenge = ev.step("challenge");
    if (challenge.response.status != 401)
      return Verdict{Outcome::kSkip, "no 401 to take a challenge from (CHAL-002 reports it)", {}};
    Findings f;
    for (const auto& c : challenges_of(challenge).challenges)
      if (!ctx.resource->accepts(c.scheme))
        f.expect(challenge, "advertises " + c.scheme +
                                ", which the profile says this resource does not accept");
    const auto answers = ev.steps_named("answer");
    for (const Exchange* answer : answers) {
      const std::string problem = accepted(ctx, *answer);
      if (!problem.empty())
        return Verdict{Outcome::kError,
                       "profile error: answering the advertised challenge with the profile's valid "
                       "credentials failed: " +
                           problem,
                       {answer}};
    }
    if (answers.empty() && f.empty())
      return Verdict{
          Outcome::kSkip, "the profile has no credentials for the advertised schemes", {}};
    return f.verdict("every advertised scheme works with valid credentials");
  };

  out.push_back(Check{
      .id = "CHAL-008",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.1; RFC 7617 §2",
      .title = "Scheme names are case-insensitive",
      .requirement = "The authentication scheme name is matched case-insensitively: basic, BASIC "
                     "and bAsIc are the same scheme.",
      .remediation = "Compare the scheme with a case-insensitive comparison instead of a literal "
                     "prefix such as startsWith(\"Bearer \").",
      .needs = {.testable = Needs::Testable::kEvery},
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& s : ctx.testable_schemes())
      for (const auto& how : kSchemeSpellings)
        p.requests.push_back(*ctx.valid(s, spell(scheme_display_name(s), how)));
    if (p.requests.empty())
      p.skip = "the profile has no credentials for " + join(ctx.resource->schemes);
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) f.expect(*step, accepted(ctx, *step));
    return f.verdict("accepted in lower, upper and mixed case");
  };

  out.push_back(Check{
      .id = "CHAL-010",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.4, §11.2",
      .title = "token68 credentials after several spaces are accepted",
      .requirement = "Credentials after more than one space are accepted: the grammar is "
                     "auth-scheme 1*SP token68.",
      .remediation = "Skip all spaces after the scheme before reading the token68.",
      .needs = {.testable = Needs::Testable::kEvery},
  });
  out.back().plan = [](const Context& ctx) {
    return token68_variants(ctx, {{"  ", "", "valid after two spaces"}});
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) f.expect(*step, accepted(ctx, *step));
    return f.verdict("extra spaces accepted");
  };

  // The hardening half of token68 parsing: RFC 9110 §2.2 lets a recipient recover the credential
  // from an invalid construct, so refusing trailing junk is advice.
  out.push_back(Check{
      .id = "CHAL-018",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.4, §11.2, §2.2",
      .title = "Trailing junk after token68 does not authenticate",
      .requirement = "A valid token68 followed by characters outside token68 (' junk', ',junk', "
                     "'!') does not authenticate.",
      .remediation = "Require the credentials to be exactly one token68 after the scheme; reject "
                     "trailing junk instead of ignoring it.",
      .needs = {.testable = Needs::Testable::kEvery},
  });
  out.back().plan = [](const Context& ctx) {
    return token68_variants(ctx, {{" ", " junk", "valid + ' junk'"},
                                  {" ", ",junk", "valid + ',junk'"},
                                  {" ", "!", "valid + '!'"}});
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) f.expect(*step, refused_without_error(*step));
    return f.verdict("trailing junk rejected");
  };

  out.push_back(Check{
      .id = "CHAL-011",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4; RFC 6750 §3.1",
      .title = "Unsupported scheme: 401 with the supported challenge",
      .requirement =
          "A request using an unsupported or wrong scheme gets a 401 with a challenge for the "
          "schemes the resource supports; a Bearer challenge then carries no error code.",
      .remediation = "Treat an unknown scheme like missing credentials: 401 with the resource's "
                     "own challenge, no 400 or 500, and no Bearer error attribute.",
  });
  out.back().plan = [](const Context& ctx) {
    Plan p{{ctx.with_authorization("Foo abc", "foo:unknown-scheme").as("unknown scheme"),
            ctx.with_authorization("Negotiate YII=", "negotiate:unsupported").as("unknown scheme")},
           ""};
    for (const std::string s : {"basic", "bearer"})
      if (!ctx.resource->accepts(s) && ctx.profile.has_credentials(s))
        p.requests.push_back(ctx.valid(s)->as("valid, wrong scheme"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (std::size_t i = 0; i < ev.mine.size(); ++i) {
      const Exchange& ex = *ev.mine[i];
      f.expect(ex, challenge401(ctx, ex));
      for (const auto& c : challenges_of(ex).with_scheme("Bearer"))
        if (c.param("error"))
          f.expect(ex, "Bearer challenge carries error=\"" + c.param("error")->value +
                           "\" although no Bearer token was sent (RFC 6750 §3.1)");
      // Valid credentials of another scheme may be a real user's: their content is a breach.
      if (ev.steps[i] == "valid, wrong scheme")
        f.expect(ex, no_leak(ctx, ex));
      else
        f.expect_no_leak(ctx, ex);
    }
    return f.verdict("401 with the supported challenge for every unsupported scheme");
  };

  out.push_back(Check{
      .id = "CHAL-012",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4, §15.5.1",
      .title = "Empty or scheme-only Authorization is rejected cleanly",
      .requirement = "An empty Authorization field, or one holding only a scheme name, gets a 401 "
                     "with a challenge or a 400, never 2xx or 5xx.",
      .remediation = "Treat an empty or scheme-only Authorization as missing credentials; guard "
                     "the parser against empty input instead of letting it throw.",
  });
  out.back().plan = [](const Context& ctx) {
    return Plan{{ctx.with_authorization("", "empty Authorization"),
                 ctx.with_authorization("Bearer", "scheme only: Bearer"),
                 ctx.with_authorization("Basic ", "scheme only: Basic"),
                 ctx.with_authorization("Digest", "scheme only: Digest")},
                ""};
  };
  out.back().judge =
      each_without_credentials(challenge401_or_400, "401 with a challenge (or 400) for each");

  out.push_back(Check{
      .id = "CHAL-013",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §5.3; RFC 6750 §3.1",
      .title = "Two Authorization fields are rejected",
      .requirement = "A request with two Authorization field lines is rejected (400, or 401) and "
                     "authorized on neither.",
      .remediation =
          "Reject requests that repeat Authorization with 400 (Bearer: error=\"invalid_request\"); "
          "make proxies and the application agree on one field line.",
      .needs = {.testable = Needs::Testable::kFirst},
  });
  out.back().plan = [](const Context& ctx) {
    const auto schemes = ctx.testable_schemes();
    if (schemes.empty())
      return skip_because("the profile has no credentials for " + join(ctx.resource->schemes));
    const Request valid = *ctx.valid(schemes[0]);
    const Request invalid = probes::one_invalid(ctx, schemes[0]);
    Request first = ctx.anonymous(), second = ctx.anonymous();
    first.headers = {valid.headers[0], invalid.headers[0]};
    second.headers = {invalid.headers[0], valid.headers[0]};
    first.credential = schemes[0] + ":valid then invalid";
    second.credential = schemes[0] + ":invalid then valid";
    first.carries_secret = second.carries_secret = true;
    return Plan{{first, second}, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) f.expect(*step, refused_without_error(*step));
    return f.verdict("rejected in both orders");
  };

  out.push_back(Check{
      .id = "CHAL-014",
      .level = Level::kMust,
      .spec = "RFC 9110 §9.3.2",
      .owasp = "WSTG-CONF-06",
      .title = "HEAD is authenticated like GET",
      .requirement = "HEAD gets the same status and challenge as GET, with and without "
                     "credentials, and its response has no content.",
      .remediation = "Register the authentication filter for every method (HEAD included), not per "
                     "verb, and never send content in a HEAD response.",
  });
  out.back().applies = is_get;
  out.back().plan = [](const Context& ctx) {
    Request get = ctx.anonymous().as("GET"), head = ctx.anonymous().as("HEAD");
    head.method = "HEAD";
    Plan p{{get, head}, ""};
    const auto schemes = ctx.testable_schemes();
    if (!schemes.empty()) {
      Request vget = ctx.valid(schemes[0])->as("valid GET"), vhead = vget.as("valid HEAD");
      vhead.method = "HEAD";
      p.requests.push_back(vget);
      p.requests.push_back(vhead);
    }
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const std::string credentials : {"", "valid "}) {
      const Exchange* sent_get = ev.find_step(credentials + "GET");
      const Exchange* sent_head = ev.find_step(credentials + "HEAD");
      if (!sent_get || !sent_head) continue;  // no credentials to repeat the pair with
      const Exchange &get = *sent_get, &head = *sent_head;
      if (get.response.status != head.response.status)
        f.expect(head, "HEAD answered " + describe_status(head) + ", GET answered " +
                           describe_status(get));
      else if (challenge_signature(get) != challenge_signature(head))
        f.expect(head, "HEAD's challenge [" + challenge_signature(head) + "] differs from GET's [" +
                           challenge_signature(get) + "]");
      const std::size_t content = head.response.body_size + head.response.content_after_head;
      if (content != 0)
        f.expect(head, "the response to HEAD carries " + std::to_string(content) +
                           " bytes of content (RFC 9110 §9.3.2: MUST NOT)");
    }
    return f.verdict("HEAD matches GET and has no content");
  };

  out.push_back(Check{
      .id = "CHAL-015",
      .level = Level::kShould,
      .spec = "RFC 9110 §15.5",
      .title = "The refusal explains itself and leaks nothing",
      .requirement = "A 401 (or other refusal) to a request without credentials explains the error "
                     "in its content, and no refusal of the run (any non-2xx) ever includes the "
                     "protected representation.",
      .remediation = "Return a short error document with the 401; run authentication before the "
                     "resource is rendered, never as a late status rewrite.",
      .reads_whole_run = true,  // every refusal of the resource, whichever check asked for it
  });
  out.back().applies = not_head;
  out.back().plan = [](const Context& ctx) { return Plan{{ctx.anonymous()}, ""}; };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& anonymous = ev.only();
    f.expect_no_leak(ctx, anonymous);
    if (!is_success(anonymous.response.status) && anonymous.response.body_size == 0)
      f.expect(anonymous, describe_status(anonymous) + " with an empty body: say what is wrong");
    // No refusal anywhere in the run (bad, malformed or foreign credentials) carries the content.
    for (const auto* ex : ev.at_resource)
      if (ex != ev.mine[0] && ex->ok() && !is_success(ex->response.status))
        f.expect_no_leak(ctx, *ex);
    return f.verdict("explains the refusal without protected content");
  };

  out.push_back(Check{
      .id = "CHAL-016",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.6.1, §11.3",
      .title = "One challenge per field line",
      .requirement =
          "When several challenges are offered, each parses on its own and stands on its own field "
          "line, because several challenges on one line might not be interoperable.",
      .remediation =
          "Send one WWW-Authenticate field line per challenge, widely supported schemes first.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::anonymous_everywhere(ctx), ""}; };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const auto exchanges = distinct_with_field(ev, "WWW-Authenticate");
    if (exchanges.empty())
      return Verdict{Outcome::kSkip, "no WWW-Authenticate field was observed", {}};
    Findings f;
    for (const auto* ex : exchanges)
      for (const auto& line : ex->response.values("WWW-Authenticate")) {
        const auto parse = parse_challenges({line});
        if (parse.challenges.size() > 1)
          f.expect(*ex, std::to_string(parse.challenges.size()) +
                            " challenges on one field line: " + line);
      }
    return f.verdict("one challenge per field line");
  };

  out.push_back(Check{
      .id = "CHAL-017",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5.2, §11.4",
      .title = "401 only where credentials can help",
      .requirement = "401 is not used for conditions no credentials can fix: a valid identity "
                     "lacking permission, a deny list, rate limiting.",
      .remediation = "Answer missing permission and deny lists with 403 and rate limits with 429; "
                     "keep 401 for missing or invalid credentials.",
      .scope = Scope::kRun,
  });
  // A cross-family verifier over AUTHZ-001's, DENY-001's and RATE-001's requests.
  out.back().plan = [](const Context& ctx) {
    Plan p;
    if (const auto& low = ctx.profile.low) {
      Context at{ctx.profile, &low->resource, ctx.controls};
      if (low->basic)
        p.requests.push_back(
            at.with_basic(*low->basic, "basic:low-privilege (" + low->basic->user + ")"));
      if (low->token) p.requests.push_back(at.with_bearer(*low->token, "bearer:low-scope"));
    }
    for (const auto& r : ctx.profile.deny_resources) p.requests.push_back(ctx.anonymous_to(r));
    if (ctx.profile.rate && ctx.profile.rate->resource && ctx.profile.allow_bursts)
      for (auto& r : probes::rate_burst(ctx)) p.requests.push_back(r);
    if (p.requests.empty())
      p.skip = "the profile has no [low] identity, deny-listed or (allowed) rate-limited resource";
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine)
      if (step->response.status == 401)
        f.expect(
            *step,
            "401 where no credentials can help (missing permission, a deny list or a rate limit)");
    return f.verdict("no 401 for missing permission, deny lists or rate limits");
  };
}

}  // namespace authspec
