// OAUTH: the token endpoint the profile fetches its token from (RFC 6749 §5.1, §5.2). A client
// that fails to authenticate gets an error response with an error code, and 401 with a challenge
// when it authenticated with the Authorization field; token responses are never stored.
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include "suite/checks/probes.h"
#include "suite/oauth_fetch.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoOAuth = "the profile has no [oauth] token endpoint";

// A secret of the real one's length that is not it.
std::string wrong_secret(const Profile& p) {
  std::string s = p.oauth->client_secret.empty() ? "authspec" : p.oauth->client_secret;
  for (auto& c : s) c = c == 'x' ? 'y' : 'x';
  return s;
}

// The token endpoint issued a token: the worst answer to a wrong secret.
bool issued_token(const Exchange& ex) {
  return is_success(ex.response.status) && !read_token_answer(ex).access_token.empty();
}

// RFC 6749 §5.2: 400 (or 401) with a JSON object whose "error" is a string.
std::string error_response(const Context&, const Exchange& ex) {
  const int s = ex.response.status;
  if (issued_token(ex)) return "a token was issued for a wrong client secret";
  if (s != 400 && s != 401)
    return "expected 400 or 401 with an error code, got " + describe_status(ex);
  const auto body = nlohmann::json::parse(*ex.response.body.text(), nullptr, false);
  if (!body.is_object() || !body.contains("error") || !body["error"].is_string())
    return describe_status(ex) + " without an \"error\" code in a JSON object";
  return "";
}

// RFC 6749 §5.2: a client that authenticated with the Authorization field gets 401 and a
// WWW-Authenticate challenge for the scheme it used (Basic).
std::string basic_challenged(const Context&, const Exchange& ex) {
  if (issued_token(ex)) return "a token was issued for a wrong client secret";
  if (ex.response.status != 401)
    return "expected 401 with a Basic challenge, got " + describe_status(ex);
  if (challenges_of(ex).with_scheme("Basic").empty())
    return "401 without a Basic challenge (the scheme the client used)";
  return "";
}

// Every answer judged by `verifier`; a token issued to a client that failed to authenticate is a
// security breach.
Verdict judged(const Context& ctx, const Evidence& ev, Verifier verifier, const char* pass) {
  Findings f;
  bool breach = false;
  for (const Exchange* ex : ev.mine) {
    f.expect(*ex, verifier(ctx, *ex));
    breach = breach || issued_token(*ex);
  }
  Verdict v = f.verdict(pass);
  v.security_breach = breach;
  return v;
}

// OAUTH-004 waits out a token's lifetime (plus the target's leeway) only when it is this short:
// real tokens live an hour, and a run must not wait that long.
constexpr std::chrono::seconds kExpiryWaitCap{30};
const char* kTokenStep = "token|";
const char* kExpiredStep = "expired|";

// Every client the profile fetches tokens for ([oauth]'s own, each OAuth-client identity's) and a
// resource its token opens: the first protected resource taking bearer, or the identity's first
// allowed one.
struct TokenClient {
  std::string name;
  OAuthSettings settings;
  const Resource* resource = nullptr;
};
std::vector<TokenClient> token_clients(const Profile& p) {
  std::vector<TokenClient> out;
  if (!p.oauth) return out;
  for (const auto& r : p.protected_resources)
    if (r.accepts("bearer") && !r.head_twin) {
      out.push_back({"[oauth] " + p.oauth->client_id, *p.oauth, &r});
      break;
    }
  for (const auto& id : p.identities)
    if (id.kind == RoleIdentity::Kind::kOAuthClient && !id.may.empty())
      out.push_back({"identity " + id.name, client_of(p, id), &id.may.front()});
  return out;
}

// The clock an expired token is tried after: its lifetime and the leeway, when under the cap. (It
// goes out past it by the margin every server clock gets, probes::after_clock's.)
std::optional<int> expiry_clock_ms(const Profile& p, const TokenAnswer& t) {
  if (t.access_token.empty() || t.expires_in <= 0) return std::nullopt;
  const auto clock =
      std::chrono::seconds(t.expires_in) + std::chrono::milliseconds(p.oauth->leeway_ms);
  if (clock > kExpiryWaitCap) return std::nullopt;
  return static_cast<int>(std::chrono::milliseconds(clock).count());
}

}  // namespace

void register_oauth(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "OAUTH-001",
      .level = Level::kMust,
      .spec = "RFC 6749 §5.2",
      .title = "A client with a wrong secret gets an error code, never a token",
      .requirement = "The token endpoint answers a wrong client secret, and an unknown client, "
                     "with 400 (or 401) and a JSON error code, and issues no token.",
      .remediation = "Authenticate the client before the grant; answer failures with "
                     "{\"error\":\"invalid_client\"} and no token.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.oauth) return skip_because(kNoOAuth);
    Plan p;
    p.requests.push_back(token_request(ctx.profile, wrong_secret(ctx.profile), "wrong secret"));
    OAuthSettings other = *ctx.profile.oauth;
    other.client_id = "authspec-no-such-client";
    p.requests.push_back(token_request(other, wrong_secret(ctx.profile), "unknown client"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    return judged(ctx, ev, error_response, "refused with an error code, no token issued");
  };

  out.push_back(Check{
      .id = "OAUTH-002",
      .level = Level::kMust,
      .spec = "RFC 6749 §5.2",
      .title = "A client that failed Basic authentication gets 401 with a Basic challenge",
      .requirement = "A client that authenticated with the Authorization field (HTTP Basic) and "
                     "a wrong secret gets 401 with a WWW-Authenticate challenge for Basic.",
      .remediation = "Answer invalid_client for Basic-authenticated clients with 401 and "
                     "WWW-Authenticate: Basic realm=\"...\".",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.oauth) return skip_because(kNoOAuth);
    OAuthSettings basic = *ctx.profile.oauth;
    basic.basic_auth = true;
    Plan p;
    p.requests.push_back(token_request(basic, wrong_secret(ctx.profile), "wrong secret, Basic"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    return judged(ctx, ev, basic_challenged, "401 with a Basic challenge");
  };

  out.push_back(Check{
      .id = "OAUTH-003",
      .level = Level::kMust,
      .spec = "RFC 6749 §5.1",
      .title = "Token responses are not stored",
      .requirement = "A token endpoint response that carries a token has Cache-Control: "
                     "no-store.",
      .remediation = "Send Cache-Control: no-store (and Pragma: no-cache) with every token "
                     "response.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.oauth) return skip_because(kNoOAuth);
    Plan p;
    p.requests.push_back(token_request(ctx.profile, ctx.profile.oauth->client_secret, "token"));
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const Exchange& ex = ev.only();
    const TokenAnswer t = read_token_answer(ex);
    if (t.access_token.empty())
      return Verdict{Outcome::kError, "not decided: no token came back (" + t.error + ")", {&ex}};
    Findings f;
    if (!lists(ex.response, "Cache-Control", "no-store"))
      f.expect(ex, "a token response without Cache-Control: no-store");
    return f.verdict("the token response is no-store");
  };

  out.push_back(Check{
      .id = "OAUTH-004",
      .level = Level::kMust,
      .spec = "RFC 6749 §7",
      .title = "A token is refused once it has expired",
      .requirement = "A token from the token endpoint, sent after its expires_in and the "
                     "target's stated leeway have passed, is refused: never 2xx, never the "
                     "protected content.",
      .remediation = "Check the token's lifetime on every request, cached introspection or "
                     "validation results included; answer an expired token with 401 and "
                     "error=\"invalid_token\".",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.oauth) return skip_because(kNoOAuth);
    const auto clients = token_clients(ctx.profile);
    if (clients.empty())
      return skip_because("no protected resource takes bearer tokens from [oauth]");
    Plan p;
    for (const auto& c : clients)
      p.requests.push_back(token_request(c.settings, c.settings.client_secret, c.name + " token")
                               .as(kTokenStep + c.name));
    return p;
  };
  // Each token that lives briefly enough is tried again once it has expired.
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    std::vector<Request> out;
    for (const auto& c : token_clients(ctx.profile)) {
      const Exchange* answer = ev.find_step(kTokenStep + c.name);
      if (!answer) continue;
      const TokenAnswer t = read_token_answer(*answer);
      const auto clock_ms = expiry_clock_ms(ctx.profile, t);
      if (!clock_ms) continue;
      const Context at{ctx.profile, c.resource, ctx.controls};
      Request r = at.with_bearer(t.access_token, "bearer:expired token (" + c.name + ")");
      r.carries_secret = true;
      r.not_before = probes::after_clock(answer->answered(), *clock_ms);
      out.push_back(std::move(r).as(kExpiredStep + c.name));
    }
    return out;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    bool breach = false;
    std::vector<std::string> judged, not_waited;
    for (const auto& c : token_clients(ctx.profile)) {
      const Exchange& answer = ev.step(kTokenStep + c.name);
      const TokenAnswer t = read_token_answer(answer);
      if (!expiry_clock_ms(ctx.profile, t)) {
        not_waited.push_back(c.name + (t.access_token.empty()
                                           ? ": no token (" + t.error + ")"
                                           : ": lives " + std::to_string(t.expires_in) + " s"));
        continue;
      }
      const Exchange& late = ev.step(kExpiredStep + c.name);
      const bool content = ctx.profile.holds_protected_content(*late.response.body.text());
      if (is_success(late.response.status) || content) {
        breach = true;
        f.breach(late, c.name + ": its token, " + std::to_string(t.expires_in) +
                           " s old and past it, still got " + describe_status(late) +
                           (content ? " with the protected content" : ""));
      }
      judged.push_back(c.name);
    }
    if (judged.empty())
      return Verdict{Outcome::kSkip,
                     "no token to wait out: " + join(not_waited, "; ") +
                         " (OAUTH-004 waits out lifetimes and [oauth] leeway up to " +
                         std::to_string(kExpiryWaitCap.count()) + " s)",
                     {}};
    Verdict v = f.verdict("expired tokens are refused (" + join(judged) + ")");
    v.security_breach = breach;
    return v;
  };
}

}  // namespace authspec
