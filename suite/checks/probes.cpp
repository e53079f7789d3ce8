#include "suite/checks/probes.h"

#include <algorithm>

#include "suite/base64.h"

namespace authspec::probes {

std::vector<Request> anonymous_everywhere(const Context& ctx) {
  std::vector<Request> out;
  for (const auto& r : ctx.profile.protected_resources) out.push_back(ctx.anonymous_to(r));
  return out;
}

std::vector<Request> invalid_credentials(const Context& ctx) {
  std::vector<Request> out;
  if (ctx.resource->accepts("basic")) {
    if (ctx.profile.basic)
      out.push_back(ctx.with_authorization(
          "Basic " + base64_encode(ctx.profile.basic->user + ":authspec-wrong-password"),
          "basic:wrong-password (" + ctx.profile.basic->user + ")"));
    out.push_back(ctx.with_authorization(
        "Basic " + base64_encode("authspec-no-such-user:authspec-wrong-password"),
        "basic:unknown-user"));
  }
  if (ctx.resource->accepts("bearer"))
    out.push_back(ctx.with_authorization("Bearer authspec-unknown-token-4f1c9a27e8d3",
                                         "bearer:unknown-token"));
  for (const auto& s : ctx.resource->schemes)
    if (ctx.profile.custom_credential(s)) out.push_back(one_invalid(ctx, s));
  return out;
}

Request one_invalid(const Context& ctx, const std::string& scheme) {
  if (scheme == "basic") {
    const std::string user = ctx.profile.basic ? ctx.profile.basic->user : "authspec-no-such-user";
    return ctx.with_authorization("Basic " + base64_encode(user + ":authspec-wrong-password"),
                                  "basic:wrong-password (" + user + ")");
  }
  if (const RoleIdentity* id = ctx.profile.custom_credential(scheme))
    return ctx.with_authorization(
        id->secret.substr(0, id->secret.find(' ')) + " authspec-unknown-credential-4f1c9a27e8d3",
        scheme + ":unknown-credential");
  return ctx.with_authorization("Bearer authspec-unknown-token-4f1c9a27e8d3",
                                "bearer:unknown-token");
}

Request basic_secret(const Context& ctx, const std::string& userpass,
                     const std::string& credential) {
  return ctx.with_authorization("Basic " + base64_encode(userpass), credential, true);
}

}  // namespace authspec::probes

namespace authspec::probes {

std::vector<Request> bearer_error_responses(const Context& ctx) {
  std::vector<Request> out = anonymous_everywhere(ctx);
  for (const auto& r : ctx.profile.protected_resources) {
    if (!r.accepts("bearer") || r.head_twin) continue;
    Context at{ctx.profile, &r, ctx.controls};
    out.push_back(one_invalid(at, "bearer"));
    out.push_back(at.with_authorization("Bearer a b", "bearer:malformed ('a b')"));
  }
  if (ctx.profile.low && ctx.profile.low->token) {
    Context at{ctx.profile, &ctx.profile.low->resource, ctx.controls};
    out.push_back(at.with_bearer(*ctx.profile.low->token, "bearer:low-scope"));
  }
  return out;
}

std::vector<Request> identical_burst(const Context& ctx, const Resource& r, int n,
                                     const std::string& label) {
  Context at{ctx.profile, &r, ctx.controls};
  const auto schemes = at.testable_schemes();
  const Request base = schemes.empty() ? at.anonymous() : *at.valid(schemes[0]);
  std::vector<Request> out;
  for (int i = 0; i < n; ++i) {
    Request req = base;
    req.repeat = i;
    req.credential += ", " + label + " " + std::to_string(i + 1);
    req.step = label;
    out.push_back(req);
  }
  return out;
}

std::vector<Request> rate_burst(const Context& ctx) {
  auto burst =
      identical_burst(ctx, *ctx.profile.rate->resource, ctx.profile.rate->budget + 3, "burst");
  // From a browser's origin when the profile has one, so CORS-005 can read the 429s of the same
  // burst (a second burst would spend the same budget).
  if (ctx.profile.cors)
    for (auto& req : burst)
      req.headers.emplace_back("Origin", ctx.profile.cors->allowed_origins.front());
  return burst;
}

Request with_query_token(const Context& ctx, const std::string& token,
                         const std::string& credential) {
  Request r = ctx.anonymous();
  r.target +=
      (r.target.find('?') == std::string::npos ? "?" : "&") + std::string("access_token=") + token;
  r.credential = credential;
  r.carries_secret = true;
  return r;
}

}  // namespace authspec::probes

namespace authspec::probes {

Request session_login(const Context& ctx, int slot, const std::string& cookie) {
  const SessionSettings& s = *ctx.profile.session;
  Request r = ctx.anonymous_to(s.login);
  r.headers.emplace_back("Content-Type", s.login_content_type);
  if (!cookie.empty()) r.headers.emplace_back("Cookie", s.cookie + "=" + cookie);
  r.body = s.login_body;
  r.carries_secret = true;
  r.repeat = slot;
  r.credential = "session:login" + (slot ? " #" + std::to_string(slot) : std::string()) +
                 (cookie.empty() ? "" : " with the pre-login cookie");
  return r;
}

Request with_session(const Context& ctx, const std::string& id, const std::string& label) {
  const SessionSettings& s = *ctx.profile.session;
  Request r = ctx.anonymous_to(s.resource);
  if (!id.empty()) r.headers.emplace_back("Cookie", s.cookie + "=" + id);
  r.credential = "session:" + label;
  return r;
}

std::string set_cookie(const Exchange& ex, const std::string& name) {
  for (const auto& v : ex.response.values("Set-Cookie")) {
    const auto eq = v.find('=');
    if (eq == std::string::npos || v.substr(0, eq) != name) continue;
    return v.substr(eq + 1,
                    v.find(';') == std::string::npos ? std::string::npos : v.find(';') - eq - 1);
  }
  return "";
}

int wait_past(int clock_ms) {
  return clock_ms + std::clamp(clock_ms / 10, 50, 500);
}

std::chrono::system_clock::time_point after_clock(std::chrono::system_clock::time_point started,
                                                  int clock_ms) {
  return started + std::chrono::milliseconds(wait_past(clock_ms));
}

}  // namespace authspec::probes
