// CACHE: caching of authenticated responses and of 401 (RFC 9111 §3, §3.5, §5.2.2; RFC 9110
// §15.1). A 401 or one user's data stored by a shared cache is served to everybody behind it.
#include <ctime>

#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

// What a response's Cache-Control and Expires say about storing it.
struct Storability {
  bool no_store, is_private, is_public, s_maxage, must_revalidate, future_expires;
  long max_age = -1;  // -1: none

  explicit Storability(const Response& r)
      : no_store(lists(r, "Cache-Control", "no-store")),
        is_private(lists(r, "Cache-Control", "private")),
        is_public(lists(r, "Cache-Control", "public")),
        s_maxage(lists(r, "Cache-Control", "s-maxage")),
        must_revalidate(lists(r, "Cache-Control", "must-revalidate")),
        future_expires(expires_in_future(r.first("Expires"))) {
    for (const auto& m : list_members(r, "Cache-Control"))
      if (iequals(m.substr(0, 8), "max-age=")) max_age = std::atol(m.c_str() + 8);
  }
  // Explicit freshness (RFC 9111 §4.2.1): something a cache may reuse without asking.
  bool fresh() const { return max_age > 0 || s_maxage || future_expires; }
  // What lets a shared cache reuse a response to a request with Authorization (RFC 9111 §3.5).
  std::string shared_with_authorization() const {
    if (no_store) return "";
    if (is_public) return "public";
    if (s_maxage) return "s-maxage";
    if (must_revalidate && fresh()) return "must-revalidate with freshness";
    return "";
  }
  // Why a response that has no Authorization to protect it can be stored, or "".
  std::string storable() const {
    if (no_store) return "";
    if (is_public) return "public";
    if (s_maxage) return "s-maxage";
    if (max_age > 0) return "max-age=" + std::to_string(max_age);
    if (future_expires) return "an Expires in the future";
    return "";
  }

  static bool expires_in_future(const std::string& v) {
    std::tm tm{};
    const char* end = strptime(v.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    return end && timegm(&tm) > std::time(nullptr);
  }
};

// The profile's valid credentials for the resource, one request per scheme (CHAL-000's requests).
Plan authenticated(const Context& ctx) {
  Plan p;
  for (const auto& s : ctx.testable_schemes()) p.requests.push_back(*ctx.valid(s));
  if (p.requests.empty()) p.skip = "no valid credentials for this resource";
  return p;
}

// Judges each 2xx response with `problem`; skipped when no 2xx came back (the control failed).
std::function<Verdict(const Context&, const Evidence&)> each_authenticated(
    std::string (*problem)(const Response&), std::string pass) {
  return [problem, pass](const Context&, const Evidence& ev) {
    Findings f;
    bool judged = false;
    for (const Exchange* step : ev.mine) {
      if (!is_success(step->response.status)) continue;
      judged = true;
      f.expect(*step, problem(step->response));
    }
    return judged ? f.verdict(pass) : nothing_to_judge("no authenticated 2xx response to judge");
  };
}

std::string cache_control_of(const Response& r) {
  const auto v = r.values("Cache-Control");
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s.empty() ? "no Cache-Control" : "Cache-Control: " + s;
}

}  // namespace

void register_cache(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "CACHE-001",
      .level = Level::kBestPractice,
      .spec = "RFC 9111 §3.5, §5.2.2.9, §5.2.2.10",
      .title = "Authenticated responses are not shareable",
      .requirement =
          "A response to a request with Authorization carries no public, s-maxage or "
          "must-revalidate with freshness, which would let a shared cache serve it to other users.",
      .remediation = "Mark per-user responses Cache-Control: private (or no-store); remove "
                     "site-wide public caching from authenticated routes.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = authenticated;
  out.back().judge = each_authenticated(
      [](const Response& r) -> std::string {
        const std::string why = Storability(r).shared_with_authorization();
        return why.empty() ? "" : "a shared cache may store it (" + why + ")";
      },
      "not storable by shared caches");

  out.push_back(Check{
      .id = "CACHE-002",
      .level = Level::kBestPractice,
      .spec = "RFC 9111 §7.3, §5.2.2",
      .owasp = "WSTG-ATHN-06",
      .title = "Authenticated responses are private or no-store",
      .requirement = "Authenticated 2xx responses carry Cache-Control: private or, for sensitive "
                     "data, no-store.",
      .remediation = "Send Cache-Control: private, no-store on authenticated content (Pragma: "
                     "no-cache alone is not a response directive).",
  });
  out.back().applies = not_head_twin;
  out.back().plan = authenticated;
  out.back().judge = each_authenticated(
      [](const Response& r) -> std::string {
        const Storability s(r);
        return s.no_store || s.is_private
                   ? ""
                   : "neither private nor no-store (" + cache_control_of(r) + ")";
      },
      "private or no-store");

  out.push_back(Check{
      .id = "CACHE-003",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.1; RFC 9111 §3, §4",
      .title = "A 401 is not made cacheable",
      .requirement =
          "A 401 carries no explicit freshness (public, max-age, s-maxage, a future Expires): "
          "stored, it would be replayed to later requests, valid credentials included.",
      .remediation = "Send Cache-Control: no-store on 401 responses; keep site-wide caching rules "
                     "off error pages.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = [](const Context& ctx) {
    Plan p;
    p.requests.push_back(ctx.anonymous());
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    if (const Exchange& ex = ev.only(); ex.response.status == 401) {
      const std::string why = Storability(ex.response).storable();
      if (!why.empty()) f.expect(ex, "the 401 is storable (" + why + ")");
    }
    return f.verdict("no freshness on the 401");
  };

  out.push_back(Check{
      .id = "CACHE-004",
      .level = Level::kBestPractice,
      .spec = "RFC 6585 §4; RFC 9111 §5.2.2.5",
      .title = "429 and deny-list 403 are not stored",
      .requirement = "429 responses and deny-list 403s are marked no-store, or at least carry no "
                     "explicit freshness: a cached refusal blocks every user behind that cache.",
      .remediation = "Send Cache-Control: no-store on 429 and on deny-list refusals.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    if (ctx.profile.rate && ctx.profile.rate->resource && ctx.profile.allow_bursts)
      p.requests = probes::rate_burst(ctx);
    for (const auto& r : ctx.profile.deny_resources) p.requests.push_back(ctx.anonymous_to(r));
    if (p.requests.empty())
      p.skip = "the profile has no [rate] resource (with bursts allowed) and no [deny] resource";
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) {
      const int s = step->response.status;
      if (s != 429 && s != 403) continue;
      const std::string why = Storability(step->response).storable();
      if (!why.empty()) f.expect(*step, "the " + std::to_string(s) + " is storable (" + why + ")");
    }
    return f.verdict("refusals are not stored");
  };

  out.push_back(Check{
      .id = "CACHE-005",
      .level = Level::kBestPractice,
      .spec = "RFC 9111 §7.3, §3.5",
      .owasp = "WSTG-ATHN-06",
      .title = "Cookie-authenticated responses are private",
      .requirement = "Responses authenticated by a session cookie, and the login response that "
                     "sets it, carry private or no-store and never public: RFC 9111 §3.5 only "
                     "protects requests with Authorization, and Set-Cookie does not stop caching.",
      .remediation = "Send Cache-Control: private, no-store on the login response and on every "
                     "page the session opens.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.session) return skip_because("the profile has no [session]");
    Plan p;
    p.requests.push_back(probes::session_login(ctx, 0).as("login"));
    return p;
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const std::string id = probes::set_cookie(ev.step("login"), ctx.profile.session->cookie);
    if (id.empty()) return std::vector<Request>{};
    return std::vector<Request>{probes::with_session(ctx, id, "valid").as("session")};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (!ev.find_step("session"))
      return Verdict{Outcome::kError,
                     "profile error: the login (" + describe_status(ev.step("login")) +
                         ") set no " + ctx.profile.session->cookie + " cookie",
                     {&ev.step("login")}};
    Findings f;
    for (const Exchange* step : ev.mine) {
      const Storability s(step->response);
      if (s.is_public)
        f.expect(*step, "public on a cookie-authenticated response");
      else if (!s.no_store && !s.is_private)
        f.expect(*step, "neither private nor no-store (" + cache_control_of(step->response) + ")");
    }
    return f.verdict("private or no-store");
  };

  out.push_back(Check{
      .id = "CACHE-006",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §12.5.5; RFC 9111 §4.1",
      .title = "Cacheable per-user responses vary on credentials",
      .requirement = "An authenticated response that is cacheable at all names the field it "
                     "depends on in Vary (Authorization or Cookie).",
      .remediation = "Add Vary: Authorization (or Cookie) to cacheable per-user responses, or make "
                     "them no-store.",
  });
  out.back().applies = not_head_twin;
  out.back().plan = authenticated;
  out.back().judge = each_authenticated(
      [](const Response& r) -> std::string {
        const Storability s(r);
        if (s.no_store || !s.fresh()) return "";
        if (lists(r, "Vary", "Authorization") || lists(r, "Vary", "Cookie") ||
            lists(r, "Vary", "*"))
          return "";
        return "cacheable (" + cache_control_of(r) + ") without Vary: Authorization";
      },
      "not cacheable, or varies on credentials");

  out.push_back(Check{
      .id = "CACHE-007",
      .level = Level::kBestPractice,
      .spec = "RFC 9111 §3.5",
      .owasp = "WSTG-CONF-13",
      .title = "No web cache deception",
      .requirement = "A protected endpoint does not answer a static-looking spelling of its path "
                     "(/x.css, ;x.js, %2fx.png) with its private data and cacheable headers.",
      .remediation = "Route exact paths only (404 for unknown suffixes), and never cache by file "
                     "extension in front of authenticated routes.",
  });
  out.back().applies = [](const Resource& r) { return r.method == "GET" && !r.head_twin; };
  out.back().plan = [](const Context& ctx) {
    const auto schemes = ctx.testable_schemes();
    if (schemes.empty()) return skip_because("no valid credentials for this resource");
    Plan p;
    const Request base = *ctx.valid(schemes[0]);
    for (const char* suffix : {"/authspec.css", ";authspec.js", "%2fauthspec.png"}) {
      Request req = base;
      req.target += suffix;
      req.credential += std::string(", suffix ") + suffix;
      p.requests.push_back(req);
    }
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) {
      const Response& r = step->response;
      if (!is_success(r.status) || !ctx.profile.holds_protected_content(*r.body.text())) continue;
      const Storability s(r);
      if (!s.storable().empty())
        f.expect(*step, "private data at a static-looking path, storable (" + s.storable() + ")");
      else if (!s.no_store && !s.is_private)
        f.expect(*step, "private data at a static-looking path, neither private nor no-store");
    }
    return f.verdict("no private data cacheable under a static-looking path");
  };
}

}  // namespace authspec
