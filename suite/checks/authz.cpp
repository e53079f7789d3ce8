// AUTHZ: authentication versus authorization (RFC 9110 §11.4, §15.5.4; WSTG-ATHZ).
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoLow = "the profile has no [low] identity without permission";

bool changes_state(const std::string& m) {
  return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

// The low identity's credentials as requests to its resource: Basic, Bearer, or both.
std::vector<Request> low_requests(const Context& ctx) {
  std::vector<Request> out;
  const Identity& low = *ctx.profile.low;
  Context at{ctx.profile, &low.resource, ctx.controls};
  if (low.basic)
    out.push_back(at.with_basic(*low.basic, "basic:low-privilege (" + low.basic->user + ")"));
  if (low.token) out.push_back(at.with_bearer(*low.token, "bearer:low-scope"));
  return out;
}

// Refused, and refused as "not allowed": no 2xx, no protected content.
std::string refused_authz(const Context&, const Exchange& ex) {
  if (is_success(ex.response.status))
    return "a valid identity without permission got " + describe_status(ex);
  return "";
}

}  // namespace

void register_authz(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "AUTHZ-001",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.4, §15.5.4; RFC 6750 §3.1",
      .owasp = "WSTG-ATHZ-02",
      .title = "Missing permission: 403, not 401",
      .requirement = "Valid credentials without enough permission get 403 (404 only under a "
                     "declared hiding policy), never 401.",
      .remediation = "Answer authenticated users who lack permission with 403; a 401 makes clients "
                     "prompt or refresh tokens in a loop.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return ctx.profile.low ? Plan{low_requests(ctx), ""} : skip_because(kNoLow);
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Context at{ctx.profile, &ctx.profile.low->resource, ctx.controls};
    Findings f;
    for (const auto* ex : ev.mine) {
      f.expect(*ex, forbidden(ctx, *ex));
      f.expect_no_leak(at, *ex);
    }
    return f.verdict("403 for every identity without permission");
  };

  out.push_back(Check{
      .id = "AUTHZ-002",
      .level = Level::kBestPractice,
      .spec = "WSTG-ATHZ-02, WSTG-ATHZ-03",
      .owasp = "WSTG-ATHZ-03",
      .title = "No method lets a low-privilege user act as admin",
      .requirement =
          "A low-privilege identity gets no 2xx from the admin resource with GET, POST, PUT, PATCH "
          "or DELETE (state-changing methods only where the profile marks it writes-ok).",
      .remediation =
          "Check the role for every method in the API itself, not only in the UI or for GET.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.low) return skip_because(kNoLow);
    Plan p;
    for (const auto& base : low_requests(ctx))
      for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
        if (changes_state(m) && !ctx.profile.low->resource.writes_ok) continue;
        Request r = base;
        r.method = m;
        r.credential += std::string(", ") + m;
        p.requests.push_back(r);
      }
    return p;
  };
  out.back().judge = each_kept_out(refused_authz, "refused for every method");

  out.push_back(Check{
      .id = "AUTHZ-003",
      .level = Level::kBestPractice,
      .spec = "WSTG-ATHZ-04 (IDOR)",
      .owasp = "WSTG-ATHZ-04",
      .title = "One user cannot read another's objects",
      .requirement =
          "With valid credentials, another user's object gets 403 or 404, never its content.",
      .remediation = "Check ownership of every object on every request; never trust the id alone.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.foreign_object)
      return skip_because("the profile names no [authz] foreign_object");
    Context at{ctx.profile, &*ctx.profile.foreign_object, ctx.controls};
    Plan p;
    for (const auto& s : at.testable_schemes()) p.requests.push_back(*at.valid(s));
    if (p.requests.empty()) p.skip = "no credentials for the foreign object's schemes";
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Context at{ctx.profile, &*ctx.profile.foreign_object, ctx.controls};
    Findings f;
    for (const auto* ex : ev.mine) {
      const int s = ex->response.status;
      if (s != 403 && s != 404)
        f.expect(*ex, "expected 403 or 404 for another user's object, got " + describe_status(*ex));
      f.expect(*ex, no_leak(at, *ex));
    }
    Verdict v = f.verdict("another user's object is refused");
    v.security_breach = v.outcome == Outcome::kFail;
    return v;
  };

  out.push_back(Check{
      .id = "AUTHZ-004",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5.4; WSTG-IDNT-04",
      .owasp = "WSTG-IDNT-04",
      .title = "Refusals do not reveal what exists",
      .requirement = "Without permission, an existing admin-only object and a missing one get the "
                     "same answer (both 403, or both 404).",
      .remediation = "Check permission before existence, and answer both cases alike.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.admin_object) return skip_because("the profile names no [authz] admin_object");
    if (!ctx.profile.low) return skip_because(kNoLow);
    const Resource& obj = *ctx.profile.admin_object;
    Context at{ctx.profile, &obj, ctx.controls};
    const Identity& low = *ctx.profile.low;
    Request existing = low.basic ? at.with_basic(*low.basic, "basic:low-privilege, existing object")
                                 : at.with_bearer(*low.token, "bearer:low-scope, existing object");
    Request missing = existing;
    missing.target =
        missing.target.substr(0, missing.target.rfind('/') + 1) + "authspec-missing-7f3a";
    missing.credential.replace(missing.credential.find("existing"), 8, "missing");
    return Plan{{std::move(existing).as("existing"), std::move(missing).as("missing")}, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    const Exchange &existing = ev.step("existing"), &missing = ev.step("missing");
    Findings f;
    if (existing.response.status != missing.response.status)
      f.expect(missing, "an existing object gets " + describe_status(existing) +
                            ", a missing one " + describe_status(missing));
    return f.verdict("existing and missing objects are refused alike (" +
                     describe_status(existing) + ")");
  };

  out.push_back(Check{
      .id = "AUTHZ-005",
      .level = Level::kBestPractice,
      .spec = "WSTG-ATHN-04 (parameter modification)",
      .owasp = "WSTG-ATHN-04",
      .title = "Client-controlled values never raise privilege",
      .requirement = "?admin=true, X-Role: admin, X-User: admin, X-Authenticated-User: admin, "
                     "Cookie: role=admin or {\"isAdmin\":true} get no 2xx, with the low identity "
                     "or with no credentials.",
      .remediation = "Derive identity and roles from verified credentials only; strip identity "
                     "headers that clients can send.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.low) return skip_because(kNoLow);
    const Resource& admin = ctx.profile.low->resource;
    Context at{ctx.profile, &admin, ctx.controls};
    std::vector<Request> bases = low_requests(ctx);
    bases.push_back(at.anonymous());
    Plan p;
    for (const auto& base : bases) {
      const std::string who = base.credential;
      auto add = [&](Request r, const std::string& label) {
        r.credential = who + ", " + label;
        p.requests.push_back(r);
      };
      for (const char* q : {"admin=true", "authenticated=yes"}) {
        Request r = base;
        r.target += (r.target.find('?') == std::string::npos ? "?" : "&") + std::string(q);
        add(r, q);
      }
      for (const auto& [h, v] : {std::pair<const char*, const char*>{"X-Role", "admin"},
                                 {"X-User", "admin"},
                                 {"X-Authenticated-User", "admin"},
                                 {"Cookie", "role=admin"}}) {
        Request r = base;
        r.headers.emplace_back(h, v);
        add(r, std::string(h) + ": " + v);
      }
      if (admin.writes_ok) {
        Request r = base;
        r.method = "POST";
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = "{\"isAdmin\":true,\"role\":\"admin\"}";
        add(r, "POST {\"isAdmin\":true}");
      }
    }
    return p;
  };
  out.back().judge = each_kept_out(refused_authz, "no client-controlled value raised privilege");

  out.push_back(Check{
      .id = "AUTHZ-006",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5.4; WSTG-ATHZ-02",
      .owasp = "WSTG-ATHZ-02",
      .title = "A 403 carries no protected data",
      .requirement = "No 403 of the run contains the protected content.",
      .remediation = "Decide access before rendering; a 403 body is a short reason only.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    return ctx.profile.low ? Plan{low_requests(ctx), ""} : skip_because(kNoLow);
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    int seen = 0;
    for (const auto* ex : ev.all)
      if (ex->ok() && ex->response.status == 403) {
        ++seen;
        f.expect_no_leak(ctx, *ex);  // a refusal that carries the content leaks it
      }
    if (!seen) return Verdict{Outcome::kSkip, "no 403 was observed", {}};
    return f.verdict("no 403 (of " + std::to_string(seen) + ") carries protected content");
  };
}

}  // namespace authspec
