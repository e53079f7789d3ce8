// APIKEY: API keys in a header, a query parameter or a cookie (RFC 9110 §11, §15.5.2; ASVS V13).
// There is no registered scheme for API keys, but a 401 is a 401: it carries a challenge, and a
// key that is missing, wrong, revoked or malformed never opens the resource.
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

using Place = ApiKeySettings::Place;
const char* kNoKey = "the profile has no [apikey]";

// `r` with `key` where `place` says (the profile's header or parameter name).
Request with_key(const Context& ctx, const Resource& r, const std::string& key, Place place,
                 const std::string& label) {
  Request req = ctx.anonymous_to(r);
  add_api_key(req, place, ctx.profile.apikey->name, key);
  req.credential = "apikey:" + label;
  req.carries_secret = true;
  return req.as(label);
}

Request keyed(const Context& ctx, const Resource& r, const std::string& key,
              const std::string& label) {
  return with_key(ctx, r, key, ctx.profile.apikey->place, label);
}

// A key of the valid one's length and alphabet that no API issued.
std::string wrong_key(const std::string& key) {
  std::string w = key;
  for (auto& c : w)
    if (std::isalnum(static_cast<unsigned char>(c)))
      c = std::isdigit(static_cast<unsigned char>(c)) ? '7' : 'q';
  if (w == key) w += "-wrong";
  return w;
}

// The plan of a check: for each key resource, the control (the valid key) first, then `more`.
Plan per_resource(const Context& ctx,
                  const std::function<void(const Resource&, std::vector<Request>&)>& more) {
  if (!ctx.profile.apikey) return skip_because(kNoKey);
  Plan p;
  for (const auto& r : ctx.profile.apikey->resources) {
    p.requests.push_back(keyed(ctx, r, ctx.profile.apikey->key, "valid"));
    more(r, p.requests);
  }
  return p;
}

// Undecided when the valid key did not work: then a refusal of a bad one proves nothing.
std::optional<Verdict> control_refused(const Context& ctx, const Evidence& ev) {
  for (const Exchange* ex : ev.steps_named("valid")) {
    const std::string problem = accepted(ctx, *ex);
    if (!problem.empty())
      return Verdict{Outcome::kError,
                     "not decided: the valid key was refused (" + problem + " from " +
                         ex->request.summary() + "): check [apikey] key, in and name",
                     {ex}};
  }
  return std::nullopt;
}

// Every answer to the steps not named "valid" must satisfy `verifier`; protected content in one of
// them is a security breach.
std::function<Verdict(const Context&, const Evidence&)> bad_keys_judged_by(Verifier verifier,
                                                                           std::string pass) {
  return [verifier, pass](const Context& ctx, const Evidence& ev) {
    if (auto v = control_refused(ctx, ev)) return *v;
    Findings f;
    for (std::size_t i = 0; i < ev.size(); ++i) {
      if (ev.steps[i] == "valid") continue;
      f.expect(*ev.mine[i], verifier(ctx, *ev.mine[i]));
      f.expect_no_leak(ctx, *ev.mine[i]);
    }
    return f.verdict(pass);
  };
}

// Every 401 among the answers carries a parsable challenge.
std::string any_401_challenged(const Context&, const Exchange& ex) {
  if (ex.response.status != 401) return "";
  if (!ex.response.has("WWW-Authenticate")) return "401 without a WWW-Authenticate field";
  if (challenges_of(ex).challenges.empty())
    return "401 whose WWW-Authenticate holds no parsable challenge";
  return "";
}

// Not let in: no 2xx (the caller also watches for protected content).
std::string not_let_in(const Context&, const Exchange& ex) {
  return is_success(ex.response.status) ? "let in: " + describe_status(ex) : "";
}

}  // namespace

void register_apikey(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "APIKEY-001",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.6.1, §15.5.2",
      .title = "A 401 for a missing or wrong API key carries a challenge",
      .requirement = "Every 401 an API-key resource sends (no key, a wrong key) has a "
                     "WWW-Authenticate field with at least one challenge.",
      .remediation = "Send a challenge with every 401, for example WWW-Authenticate: ApiKey "
                     "realm=\"api\", or answer 403 only where no credentials could help.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return per_resource(ctx, [&](const Resource& r, std::vector<Request>& reqs) {
      reqs.push_back(ctx.anonymous_to(r).as("no key"));
      reqs.push_back(keyed(ctx, r, wrong_key(ctx.profile.apikey->key), "wrong"));
    });
  };
  out.back().judge = bad_keys_judged_by(any_401_challenged, "every 401 carries a challenge");

  out.push_back(Check{
      .id = "APIKEY-002",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4",
      .title = "A request without the API key gets 401 with a challenge",
      .requirement = "A request for an API-key resource without the key gets 401 with a "
                     "challenge (not 403, 400 or a redirect), and never the content.",
      .remediation = "Treat a missing key as missing credentials: 401 and a WWW-Authenticate "
                     "challenge saying where the key goes.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return per_resource(ctx, [&](const Resource& r, std::vector<Request>& reqs) {
      reqs.push_back(ctx.anonymous_to(r).as("no key"));
    });
  };
  out.back().judge = bad_keys_judged_by(challenge401, "401 with a challenge without the key");

  out.push_back(Check{
      .id = "APIKEY-003",
      .level = Level::kShould,
      .spec = "RFC 9110 §11.4",
      .title = "A wrong or revoked API key gets 401 with a challenge",
      .requirement = "A key the API did not issue, and one it revoked, get 401 with a challenge "
                     "and never the content.",
      .remediation = "Look keys up exactly, check revocation on every request, and answer "
                     "unknown keys like missing ones (401 with a challenge).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return per_resource(ctx, [&](const Resource& r, std::vector<Request>& reqs) {
      reqs.push_back(keyed(ctx, r, wrong_key(ctx.profile.apikey->key), "wrong"));
      if (!ctx.profile.apikey->revoked.empty())
        reqs.push_back(keyed(ctx, r, ctx.profile.apikey->revoked, "revoked"));
    });
  };
  out.back().judge = bad_keys_judged_by(challenge401, "401 with a challenge for a bad key");

  out.push_back(Check{
      .id = "APIKEY-004",
      .level = Level::kBestPractice,
      .spec = "CWE-287",
      .owasp = "ASVS 4.0.3 V2.9.1",
      .title = "A malformed or near-miss API key is refused",
      .requirement = "The valid key cut short by one character, with one more character, or "
                     "empty is refused (no 2xx, no 5xx), and never reaches the content.",
      .remediation = "Compare the whole key in constant time against the stored hash; never "
                     "compare prefixes or lengths.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    const std::string& key = ctx.profile.apikey ? ctx.profile.apikey->key : "";
    return per_resource(ctx, [&](const Resource& r, std::vector<Request>& reqs) {
      reqs.push_back(keyed(ctx, r, key.substr(0, key.size() - 1), "truncated valid"));
      reqs.push_back(keyed(ctx, r, key + "0", "valid + '0'"));
      reqs.push_back(keyed(ctx, r, "", "empty"));
    });
  };
  out.back().judge = bad_keys_judged_by(refused, "every malformed key refused without a 5xx");

  out.push_back(Check{
      .id = "APIKEY-005",
      .level = Level::kBestPractice,
      .spec = "CWE-598",
      .owasp = "ASVS 4.0.3 V13.1.3",
      .title = "A header API key is not accepted from the query string",
      .requirement = "An API that reads its key from a header does not also take it from the "
                     "URI query, where proxies, servers and browsers log it.",
      .remediation = "Read the key from the documented header only; reject (401) a key in the "
                     "query string.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (ctx.profile.apikey && ctx.profile.apikey->place != Place::kHeader)
      return skip_because("the profile's key travels in the " +
                          std::string(place_name(ctx.profile.apikey->place)) + ", not a header");
    return per_resource(ctx, [&](const Resource& r, std::vector<Request>& reqs) {
      reqs.push_back(
          with_key(ctx, r, ctx.profile.apikey->key, Place::kQuery, "valid, in the query"));
    });
  };
  out.back().judge = bad_keys_judged_by(not_let_in, "the key is not taken from the query");

  out.push_back(Check{
      .id = "APIKEY-006",
      .level = Level::kBestPractice,
      .spec = "CWE-200",
      .owasp = "ASVS 4.0.3 V13.1.3",
      .title = "The API key is never echoed back",
      .requirement = "No response to a request with the key repeats the key in a header field "
                     "or the body (responses are logged and cached more widely than requests).",
      .remediation = "Identify the key in responses by an id or its last characters, never "
                     "by its value.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return per_resource(ctx, [](const Resource&, std::vector<Request>&) {});
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_refused(ctx, ev)) return *v;
    const std::string& key = ctx.profile.apikey->key;
    Findings f;
    for (const Exchange* ex : ev.mine) {
      for (const auto& [name, value] : ex->response.headers)
        if (value.find(key) != std::string::npos)
          f.expect(*ex, "the key is echoed in the " + name + " field");
      if (ex->response.body.text()->find(key) != std::string::npos)
        f.expect(*ex, "the key is echoed in the body");
    }
    return f.verdict("the key appears in no response");
  };

  out.push_back(Check{
      .id = "APIKEY-007",
      .level = Level::kBestPractice,
      .spec = "WSTG-ATHZ-04",
      .owasp = "WSTG-ATHZ-04",
      .title = "An API key does not reach another user's objects",
      .requirement = "The key of one identity gets 403 (or 404 under a hiding policy) for "
                     "another identity's object, and never its content.",
      .remediation = "Authorise every object against the key's owner, not just the key's "
                     "validity.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (ctx.profile.apikey && !ctx.profile.apikey->foreign_object)
      return skip_because("the profile names no [apikey] foreign_object");
    return per_resource(ctx, [&](const Resource& r, std::vector<Request>& reqs) {
      if (&r != &ctx.profile.apikey->resources.front()) return;
      reqs.push_back(
          keyed(ctx, *ctx.profile.apikey->foreign_object, ctx.profile.apikey->key, "foreign"));
    });
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_refused(ctx, ev)) return *v;
    Findings f;
    const Exchange& ex = ev.step("foreign");
    const bool served = is_success(ex.response.status);
    if (served)
      f.fail(&ex, "another user's object served to this key: " + describe_status(ex));
    else
      f.expect(ex, forbidden(ctx, ex));
    Verdict v = f.verdict("another user's object refused");
    v.security_breach = served;
    return v;
  };
}

}  // namespace authspec
