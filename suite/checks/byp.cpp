// BYP: bypasses by method, path spelling, override headers and virtual hosts (WSTG-CONF-06,
// WSTG-ATHZ-02). Decided by the canary: a 2xx catch-all page is no bypass; a 404 or a redirect is
// fine; protected content in any answer is.
#include <set>

#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

bool not_head(const Resource& r) {
  return r.method != "HEAD";
}
bool changes_state(const std::string& m) {
  return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE";
}

// Only the content decides a bypass (each_without_credentials' check); a 405 without Allow is
// STAT-006's MUST, judged once for the whole run.
std::string no_bypass(const Context&, const Exchange&) {
  return "";
}

// The resource's anonymous request with another request-target. Another spelling may reach
// another resource, so a state-changing method becomes GET there (writes-ok marks one path).
Request at_target(const Context& ctx, const std::string& target, const std::string& label) {
  Request r = ctx.anonymous();
  if (changes_state(r.method)) r.method = "GET";
  r.target = target;
  r.credential = "none, " + label;
  return r;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Plan for path spellings: each (target, label) without credentials.
Plan path_plan(const Context& ctx,
               const std::vector<std::pair<std::string, std::string>>& variants) {
  Plan p;
  std::set<std::string> seen = {ctx.profile.target(*ctx.resource)};
  for (const auto& [target, label] : variants)
    if (seen.insert(target).second) p.requests.push_back(at_target(ctx, target, label));
  if (p.requests.empty()) p.skip = "no variant differs from the path itself";
  return p;
}

Check byp(const char* id, Level level, const char* spec, const char* title, const char* requirement,
          const char* remediation, Scope scope = Scope::kProtected) {
  Check c{id, "BYP", level, spec, "WSTG-CONF-06", title, requirement, remediation, scope};
  if (scope == Scope::kProtected) c.applies = not_head;
  c.judge = each_without_credentials(no_bypass, "no variant reached the protected content");
  return c;
}

}  // namespace

void register_byp(std::vector<Check>& out) {
  out.push_back(
      byp("BYP-001", Level::kBestPractice, "RFC 9110 §9.1, §9.3.2, §15.5.6, §15.6.2",
          "No method reaches the content without credentials",
          "Without credentials, no method (HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE, an "
          "unknown or lower-case method, PROPFIND) returns the protected content.",
          "Apply authentication to every method, unknown ones included, before routing."));
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const char* m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE",
                          "FOO", "PROPFIND", "get"}) {
      if (m == ctx.resource->method || (changes_state(m) && !ctx.resource->writes_ok)) continue;
      Request r = ctx.anonymous();
      r.method = m;
      r.credential = std::string("none, method ") + m;
      p.requests.push_back(r);
    }
    return p;
  };

  out.push_back(
      byp("BYP-002", Level::kBestPractice, "WSTG-CONF-06 (method overriding)",
          "Method overrides do not bypass",
          "X-HTTP-Method-Override, X-HTTP-Method, X-Method-Override and _method do not get past "
          "the authentication filter; an honoured override is checked as if sent.",
          "Ignore method-override headers, or resolve them before the authentication filter."));
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const char* h : {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
      for (const char* m : {"DELETE", "PUT"}) {
        Request r = ctx.anonymous();
        r.headers.emplace_back(h, m);
        r.credential = std::string("none, ") + h + ": " + m;
        p.requests.push_back(r);
      }
    if (ctx.resource->writes_ok) {
      Request form = ctx.anonymous();
      form.method = "POST";
      form.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      form.body = "_method=" + ctx.resource->method;
      form.credential = "none, POST with _method=" + ctx.resource->method;
      p.requests.push_back(form);
      Request reverse = ctx.anonymous();
      reverse.method = "DELETE";
      reverse.headers.emplace_back("X-HTTP-Method-Override", ctx.resource->method);
      reverse.credential = "none, DELETE overridden to " + ctx.resource->method;
      p.requests.push_back(reverse);
    }
    return p;
  };

  out.push_back(
      byp("BYP-003", Level::kBestPractice, "RFC 9110 §4.2.3; RFC 3986 §5.2.4, §6.2.2.3; CWE-647",
          "Dot segments and extra slashes do not bypass",
          "Trailing and doubled slashes, dot segments and ..;/ cannot reach a protected path "
          "without credentials (a redirect to the canonical path is fine).",
          "Normalise the path once, before both the access rule and the router, or reject "
          "non-canonical paths."));
  out.back().plan = [](const Context& ctx) {
    const std::string p = ctx.profile.target(*ctx.resource);
    std::vector<std::pair<std::string, std::string>> v = {
        {p + "/", "trailing slash"}, {p + "/.", "trailing /."},
        {"/." + p, "leading /."},    {"/" + p, "double leading slash"},
        {p + "//", "trailing //"},   {"/authspec-x/.." + p, "/x/.. prefix"},
        {p + "/./", "trailing /./"}, {p + "/..;" + p, "..;/ (Tomcat)"}};
    if (!ctx.profile.public_resources.empty()) {
      const std::string pub = ctx.profile.target(ctx.profile.public_resources[0]);
      const std::string first = pub.substr(0, pub.find('/', 1));
      if (first.size() > 1) v.push_back({first + "/.." + p, "public prefix /.."});
    }
    return path_plan(ctx, v);
  };

  out.push_back(
      byp("BYP-004", Level::kBestPractice, "RFC 9110 §4.2.3; CWE-647", "Path case does not bypass",
          "Case variants of a protected path are another resource (404) or equally protected.",
          "Match access rules the way the router matches paths (or route case-sensitively)."));
  out.back().plan = [](const Context& ctx) {
    const std::string p = ctx.profile.target(*ctx.resource);
    const auto last = p.rfind('/') + 1;
    std::string first = p, mixed = p;
    if (last < p.size())
      first[last] = static_cast<char>(std::toupper(static_cast<unsigned char>(p[last])));
    for (std::size_t i = 0; i < mixed.size(); i += 2)
      mixed[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(mixed[i])));
    return path_plan(
        ctx, {{upper(p), "upper case"}, {first, "first letter upper"}, {mixed, "mixed case"}});
  };

  out.push_back(
      byp("BYP-005", Level::kBestPractice, "RFC 3986 §6.2.2.1, §6.2.2.2; RFC 9110 §4.2.3; CAPEC-64",
          "Percent-encoding does not bypass",
          "Percent-encoded spellings (an encoded letter, %2e%2e, %2f, double encoding, overlong "
          "UTF-8, %00, a trailing %20) are equally protected or rejected.",
          "Decode once, reject encoded separators and invalid sequences, and check access on the "
          "decoded, normalised path."));
  out.back().plan = [](const Context& ctx) {
    const std::string p = ctx.profile.target(*ctx.resource);
    const auto last = p.rfind('/');
    std::vector<std::pair<std::string, std::string>> v;
    if (last + 1 < p.size()) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02x", static_cast<unsigned char>(p[last + 1]));
      v.push_back({p.substr(0, last + 1) + hex + p.substr(last + 2), "encoded letter"});
    }
    if (last > 0) v.push_back({p.substr(0, last) + "%2f" + p.substr(last + 1), "%2f for /"});
    v.push_back({"/authspec-x/%2e%2e" + p, "%2e%2e segment"});
    v.push_back({"/authspec-x/%252e%252e" + p, "double-encoded dots"});
    v.push_back({"/authspec-x/%c0%ae%c0%ae" + p, "overlong UTF-8 dots"});
    v.push_back({p + "%00", "encoded NUL"});
    v.push_back({p + "%20", "trailing %20"});
    return path_plan(ctx, v);
  };

  out.push_back(
      byp("BYP-006", Level::kBestPractice, "CWE-647", "Path parameters and suffixes do not bypass",
          "Path parameters and suffixes (;x=1, ;/, .json, an empty query, a raw fragment, /~, "
          "%3b) do not detach the protection.",
          "Strip path parameters before matching access rules, or reject them."));
  out.back().plan = [](const Context& ctx) {
    const std::string p = ctx.profile.target(*ctx.resource);
    return path_plan(ctx, {{p + ";x=1", ";x=1"},
                           {p + ";/", ";/"},
                           {p + ".json", ".json suffix"},
                           {p + "?", "empty query"},
                           {p + "#frag", "raw fragment"},
                           {p + "/~", "/~ suffix"},
                           {p + "%3b", "%3b"}});
  };

  out.push_back(
      byp("BYP-007", Level::kBestPractice, "WSTG-ATHZ-02 (special request headers)",
          "URL-override headers do not bypass",
          "X-Original-URL and X-Rewrite-URL on a public request do not reach a protected path.",
          "Drop X-Original-URL and X-Rewrite-URL at the edge, or ignore them in the application.",
          Scope::kRun));
  out.back().plan = [](const Context& ctx) {
    if (ctx.profile.public_resources.empty())
      return skip_because("the profile has no public resource to send them to");
    Context pub{ctx.profile, &ctx.profile.public_resources[0], ctx.controls};
    Plan p;
    for (const auto& r : ctx.profile.protected_resources) {
      if (r.method != "GET") continue;
      for (const char* h : {"X-Original-URL", "X-Rewrite-URL"}) {
        Request req = pub.anonymous();
        req.headers.emplace_back(h, ctx.profile.target(r));
        req.credential = std::string("none, ") + h + ": " + r.path;
        p.requests.push_back(req);
      }
    }
    if (p.requests.empty()) p.skip = "no protected GET resource to point them at";
    return p;
  };

  out.push_back(
      byp("BYP-008", Level::kBestPractice, "RFC 9112 §3.2.2; RFC 9110 §7.2",
          "Absolute-form targets and other Host values do not bypass",
          "The protection holds for an absolute-form request-target and for Host values such as "
          "localhost, a trailing dot or the IP literal.",
          "Protect the application itself, not only a virtual host; refuse unknown Host values."));
  out.back().plan = [](const Context& ctx) {
    const std::string p = ctx.profile.target(*ctx.resource);
    const std::string authority = ctx.profile.origin.substr(ctx.profile.origin.find("://") + 3);
    const auto colon = authority.rfind(':');
    const std::string port =
        colon == std::string::npos || authority.back() == ']' ? "" : authority.substr(colon);
    const std::string host = colon == std::string::npos ? authority : authority.substr(0, colon);
    Plan plan;
    plan.requests.push_back(at_target(ctx, ctx.profile.origin + p, "absolute-form target"));
    for (const auto& [h, label] :
         {std::pair<std::string, std::string>{"localhost" + port, "Host: localhost"},
          {host + "." + port, "Host with a trailing dot"},
          {"authspec-unknown.invalid" + port, "unknown Host"}}) {
      Request r = ctx.anonymous();
      r.headers.emplace_back("Host", h);
      r.credential = "none, " + label;
      plan.requests.push_back(r);
    }
    return plan;
  };

  out.push_back(Check{
      .id = "BYP-009",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §11.6.2",
      .owasp = "WSTG-CONF-06",
      .title = "Authentication is per request, not per connection",
      .requirement = "On a keep-alive connection, a request without credentials that follows an "
                     "authenticated one still gets 401 with a challenge.",
      .remediation = "Authenticate every request on its own; never cache the user on the "
                     "connection (NTLM and Negotiate excepted).",
  });
  out.back().applies = [](const Resource& r) { return r.method == "GET"; };
  out.back().plan = [](const Context& ctx) {
    const auto schemes = ctx.testable_schemes();
    if (schemes.empty()) return skip_because("the profile has no credentials for this resource");
    Request after = ctx.anonymous();
    after.preceded_by = std::make_shared<const Request>(*ctx.valid(schemes[0]));
    after.credential = "none, after " + schemes[0] + ":valid on the same connection";
    return Plan{{after}, ""};
  };
  out.back().judge = each_without_credentials(
      challenge401, "the anonymous request on the same connection got 401");

  out.push_back(Check{
      .id = "BYP-010",
      .level = Level::kShould,
      .spec = "RFC 9110 §9.3.8",
      .owasp = "WSTG-CONF-06",
      .title = "TRACE does not echo credentials",
      .requirement =
          "TRACE does not reflect Authorization or Cookie (disabling it, 405 or 501, is best).",
      .remediation = "Disable TRACE; if you keep it, drop credential fields from the echo.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Request r;
    r.method = "TRACE";
    r.target = ctx.profile.prefix + "/";
    r.headers = {{"Authorization", "Basic dGVzdDp0ZXN0"}, {"Cookie", "authspec-trace=7c2f91"}};
    r.credential = "dummy Authorization and Cookie";
    return Plan{{r}, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& trace = ev.only();
    const auto text = trace.response.body.text();
    const std::string& body = *text;
    if (body.find("dGVzdDp0ZXN0") != std::string::npos)
      f.expect(trace, "TRACE echoes the Authorization field");
    if (body.find("authspec-trace=7c2f91") != std::string::npos)
      f.expect(trace, "TRACE echoes the Cookie field");
    return f.verdict("TRACE echoes no credential (" + describe_status(trace) + ")");
  };
}

}  // namespace authspec
