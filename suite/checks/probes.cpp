#include "suite/checks/probes.h"

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
  return out;
}

Request one_invalid(const Context& ctx, const std::string& scheme) {
  if (scheme == "basic") {
    const std::string user = ctx.profile.basic ? ctx.profile.basic->user : "authspec-no-such-user";
    return ctx.with_authorization("Basic " + base64_encode(user + ":authspec-wrong-password"),
                                  "basic:wrong-password (" + user + ")");
  }
  return ctx.with_authorization("Bearer authspec-unknown-token-4f1c9a27e8d3",
                                "bearer:unknown-token");
}

Request basic_secret(const Context& ctx, const std::string& userpass,
                     const std::string& credential) {
  return ctx.with_authorization("Basic " + base64_encode(userpass), credential, true);
}

}  // namespace authspec::probes
