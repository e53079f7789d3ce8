// SESS: session cookies and the session lifecycle (RFC 6265, RFC 9110 §11.6.1; ASVS V3;
// WSTG-SESS). Each check that ends or ages a session logs in for itself (its own slot); the
// shared login (slot 0) serves the read-only ones.
#include "suite/base64.h"
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoSession = "the profile has no [session] (login, logout, resource, cookie)";
constexpr int kLogoutSlot = 1, kIdleSlot = 2, kFixationSlot = 3;
constexpr int kIdleWaitCap = 10;  // seconds SESS-007 may wait for a session to expire

// A Set-Cookie line, split: attribute names lower-cased.
struct CookieLine {
  std::string name, value;
  std::map<std::string, std::string> attributes;
};

std::optional<CookieLine> session_cookie_line(const Context& ctx, const Exchange& ex) {
  for (const auto& line : ex.response.values("Set-Cookie")) {
    CookieLine c;
    std::size_t at = 0;
    for (bool first = true; at <= line.size(); first = false) {
      std::size_t end = line.find(';', at);
      if (end == std::string::npos) end = line.size();
      std::string part = line.substr(at, end - at);
      part.erase(0, part.find_first_not_of(' '));
      const auto eq = part.find('=');
      const std::string key = part.substr(0, eq);
      const std::string value = eq == std::string::npos ? "" : part.substr(eq + 1);
      if (first) {
        c.name = key;
        c.value = value;
      } else if (!key.empty()) {
        c.attributes[to_lower(key)] = value;
      }
      at = end + 1;
    }
    if (c.name == ctx.profile.session->cookie) return c;
  }
  return std::nullopt;
}

// Refused the way the profile says a session application refuses: API mode, 401; browser mode,
// a redirect to the login page (or a 401). Whether the 401 carries its challenge is SESS-010's.
std::string session_refused(const Context& ctx, const Exchange& ex) {
  const Response& r = ex.response;
  if (is_success(r.status)) return "the session was honoured: " + describe_status(ex);
  if (is_server_error(r.status)) return "server error " + describe_status(ex);
  if (ctx.profile.session->browser_mode && (r.status == 302 || r.status == 303 || r.status == 307))
    return r.has("Location") ? "" : describe_status(ex) + " without a Location";
  if (r.status != 401)
    return std::string("expected 401") +
           (ctx.profile.session->browser_mode ? " or a redirect to the login page" : "") +
           ", got " + describe_status(ex);
  return "";
}

// The session the check's login made works: its cookie opens the resource.
std::optional<Verdict> control_failed(const Context& ctx, const Exchange& login,
                                      const Exchange* control) {
  if (probes::set_cookie(login, ctx.profile.session->cookie).empty())
    return Verdict{Outcome::kError,
                   "profile error: the login (" + describe_status(login) + ") set no " +
                       ctx.profile.session->cookie + " cookie; check [session] login and cookie",
                   {&login}};
  if (control && !accepted(ctx, *control).empty())
    return Verdict{Outcome::kError,
                   "profile error: the session cookie does not open " +
                       ctx.profile.session->resource.label() + ": " + accepted(ctx, *control),
                   {control}};
  return std::nullopt;
}

Plan logins(const Context& ctx, std::vector<int> slots) {
  if (!ctx.profile.session) return skip_because(kNoSession);
  Plan p;
  // The first login is the check's control ("login"); a second one, if any, its own session.
  for (int s : slots)
    p.requests.push_back(
        probes::session_login(ctx, s).as(p.requests.empty() ? "login" : "own login"));
  return p;
}

std::string cookie_of(const Context& ctx, const Exchange& ex) {
  return probes::set_cookie(ex, ctx.profile.session->cookie);
}

// The judge of a cookie-attribute check: `problem` of the login's session cookie line.
std::function<Verdict(const Context&, const Evidence&)> cookie_attribute(
    std::string (*problem)(const Context&, const CookieLine&), std::string pass) {
  return [problem, pass](const Context& ctx, const Evidence& ev) {
    const Exchange& login = ev.step("login");
    if (auto v = control_failed(ctx, login, nullptr)) return *v;
    Findings f;
    f.expect(login, problem(ctx, *session_cookie_line(ctx, login)));
    return f.verdict(pass);
  };
}

}  // namespace

void register_sess(std::vector<Check>& out) {
  auto cookie_check = [&](const char* id, Level level, const char* spec, const char* owasp,
                          const char* title, const char* requirement, const char* remediation,
                          std::string (*problem)(const Context&, const CookieLine&),
                          const char* pass) {
    out.push_back(Check{
        .id = id,
        .level = level,
        .spec = spec,
        .owasp = owasp,
        .title = title,
        .requirement = requirement,
        .remediation = remediation,
        .scope = Scope::kRun,
    });
    out.back().plan = [](const Context& ctx) { return logins(ctx, {0}); };
    out.back().judge = cookie_attribute(problem, pass);
  };
  cookie_check(
      "SESS-001", Level::kBestPractice, "RFC 6265 §4.1.2.5; ASVS 4.0.3 V3.4.1", "WSTG-SESS-02",
      "The session cookie is Secure", "The session cookie carries the Secure attribute.",
      "Add Secure to the session cookie (and serve the application over https only).",
      [](const Context&, const CookieLine& c) -> std::string {
        return c.attributes.count("secure") ? "" : "the session cookie lacks Secure";
      },
      "Secure");
  out.back().plan = [](const Context& ctx) {
    if (ctx.profile.session && ctx.profile.origin.rfind("http://", 0) == 0)
      return skip_because(
          "the target is plain http, where a Secure cookie never comes back "
          "(TLS-001/002 judge the cleartext itself)");
    return logins(ctx, {0});
  };
  cookie_check(
      "SESS-002", Level::kBestPractice, "RFC 6265 §4.1.2.6; ASVS 4.0.3 V3.4.2", "WSTG-SESS-02",
      "The session cookie is HttpOnly", "The session cookie carries the HttpOnly attribute.",
      "Add HttpOnly to the session cookie, so scripts (and XSS) cannot read it.",
      [](const Context&, const CookieLine& c) -> std::string {
        return c.attributes.count("httponly") ? "" : "the session cookie lacks HttpOnly";
      },
      "HttpOnly");
  cookie_check(
      "SESS-003", Level::kBestPractice, "RFC 6265bis §4.1.2.7; ASVS 4.0.3 V3.4.3", "WSTG-SESS-02",
      "The session cookie has SameSite",
      "The session cookie carries SameSite=Lax or Strict (SameSite=None only with Secure).",
      "Add SameSite=Lax (or Strict) to the session cookie.",
      [](const Context&, const CookieLine& c) -> std::string {
        const auto it = c.attributes.find("samesite");
        if (it == c.attributes.end()) return "the session cookie has no SameSite";
        const std::string v = to_lower(it->second);
        if (v == "lax" || v == "strict") return "";
        if (v == "none") return c.attributes.count("secure") ? "" : "SameSite=None without Secure";
        return "SameSite=" + it->second + " is not Lax, Strict or None";
      },
      "SameSite");
  cookie_check(
      "SESS-004", Level::kBestPractice, "RFC 6265bis §4.1.3.2; ASVS 4.0.3 V3.4.4, V3.4.5",
      "WSTG-SESS-02", "The session cookie is scoped to the host",
      "The session cookie uses the __Host- prefix, or at least carries no Domain attribute "
      "(host-only), so sibling subdomains never receive it.",
      "Name the cookie __Host-... with Secure, Path=/ and no Domain.",
      [](const Context&, const CookieLine& c) -> std::string {
        if (c.name.rfind("__Host-", 0) == 0) {
          if (!c.attributes.count("secure") || c.attributes.count("domain") ||
              !c.attributes.count("path") || c.attributes.at("path") != "/")
            return "a __Host- cookie needs Secure, Path=/ and no Domain";
          return "";
        }
        const auto d = c.attributes.find("domain");
        return d == c.attributes.end()
                   ? ""
                   : "Domain=" + d->second + ": every subdomain of it receives the session";
      },
      "host-only");

  out.push_back(Check{
      .id = "SESS-005",
      .level = Level::kShould,
      .spec = "RFC 6265 §8.4; ASVS 4.0.3 V3.2.1",
      .owasp = "WSTG-SESS-03",
      .title = "Login issues a new session id",
      .requirement = "A session id handed out before login never becomes an authenticated session: "
                     "login issues a new one.",
      .remediation = "Issue a fresh session id at login (and invalidate the old one).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.session) return skip_because(kNoSession);
    if (!ctx.profile.session->anonymous)
      return skip_because("the profile names no session.anonymous (a pre-login session)");
    Plan p;
    Request r = ctx.anonymous_to(*ctx.profile.session->anonymous);
    r.credential = "session:pre-login";
    p.requests.push_back(std::move(r).as("pre-login"));
    return p;
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const std::string old = cookie_of(ctx, ev.step("pre-login"));
    if (old.empty()) return std::vector<Request>{};
    Request reuse = probes::with_session(ctx, old, "the pre-login id, after logging in with it")
                        .as("pre-login id reused");
    reuse.preceded_by =
        std::make_shared<const Request>(probes::session_login(ctx, kFixationSlot, old));
    return std::vector<Request>{reuse};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    const Exchange* reused = ev.find_step("pre-login id reused");
    if (!reused)
      return nothing_to_judge("the pre-login request set no " + ctx.profile.session->cookie +
                              " cookie: there is no id to fixate");
    Findings f;
    f.expect(*reused, session_refused(ctx, *reused));
    return f.verdict("the pre-login id stays unauthenticated");
  };

  out.push_back(Check{
      .id = "SESS-006",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V3.3.1; RFC 9110 §17.16.2",
      .owasp = "WSTG-SESS-06",
      .title = "Logout ends the session on the server",
      .requirement = "After logout, the session cookie from before is refused.",
      .remediation = "Invalidate the session in the server's store at logout; clearing the cookie "
                     "in the browser is not enough.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return logins(ctx, {0, kLogoutSlot}); };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const std::string control = cookie_of(ctx, ev.step("login")),
                      mine = cookie_of(ctx, ev.step("own login"));
    if (control.empty() || mine.empty()) return std::vector<Request>{};
    Request logout = ctx.anonymous_to(ctx.profile.session->logout);
    logout.headers.emplace_back("Cookie", ctx.profile.session->cookie + "=" + mine);
    logout.credential = "session:logout";
    Request replay = probes::with_session(ctx, mine, "the cookie from before logout").as("replay");
    replay.preceded_by = std::make_shared<const Request>(logout);
    return std::vector<Request>{probes::with_session(ctx, control, "valid").as("control"), replay};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("login"), ev.find_step("control"))) return *v;
    if (auto v = control_failed(ctx, ev.step("own login"), nullptr)) return *v;
    const Exchange* replay = ev.find_step("replay");
    if (!replay)
      return Verdict{Outcome::kError, "not decided: the logout and replay were not sent", {}};
    Findings f;
    f.expect(*replay, session_refused(ctx, *replay));
    return f.verdict("refused after logout");
  };

  out.push_back(Check{
      .id = "SESS-007",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V3.3.2",
      .owasp = "WSTG-SESS-07",
      .title = "Idle sessions expire",
      .requirement = "A session left idle longer than its timeout is refused.",
      .remediation = "Expire sessions on the server after the idle timeout.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.session) return skip_because(kNoSession);
    const int idle = ctx.profile.session->idle_timeout_ms;
    if (idle <= 0) return skip_because("the profile gives no session.idle_timeout");
    if (idle >= kIdleWaitCap * 1000)
      return skip_because("session.idle_timeout (" + format_seconds(idle) +
                          " s) is beyond what a test run may wait (" +
                          std::to_string(kIdleWaitCap) + " s)");
    return logins(ctx, {0, kIdleSlot});
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const Exchange& own = ev.step("own login");
    const std::string control = cookie_of(ctx, ev.step("login")), mine = cookie_of(ctx, own);
    if (control.empty() || mine.empty()) return std::vector<Request>{};
    Request late = probes::with_session(ctx, mine, "idle past the timeout").as("idle");
    late.not_before = probes::after_clock(own.answered(), ctx.profile.session->idle_timeout_ms);
    return std::vector<Request>{probes::with_session(ctx, control, "valid").as("control"), late};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("login"), ev.find_step("control"))) return *v;
    if (auto v = control_failed(ctx, ev.step("own login"), nullptr)) return *v;
    const Exchange* idle = ev.find_step("idle");
    if (!idle) return Verdict{Outcome::kError, "not decided: the idle request was not sent", {}};
    Findings f;
    f.expect(*idle, session_refused(ctx, *idle));
    return f.verdict("refused after the idle timeout");
  };

  out.push_back(Check{
      .id = "SESS-008",
      .level = Level::kBestPractice,
      .spec = "WSTG-SESS-01; WSTG-ATHN-04",
      .owasp = "WSTG-SESS-01",
      .title = "Forged session cookies are refused",
      .requirement = "A random, altered, truncated or malformed session cookie is treated as "
                     "absent: refused, never 5xx, never a session.",
      .remediation = "Look session ids up in the server's store (or verify their signature) and "
                     "treat any failure as no session.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p = logins(ctx, {0});
    if (!p.skip.empty()) return p;
    p.requests.push_back(probes::with_session(ctx, random_hex(16), "a random id").as("forged"));
    p.requests.push_back(probes::with_session(ctx, "%00'\"<x>", "a malformed id").as("forged"));
    p.requests.push_back(
        probes::with_session(ctx, std::string(4096, 'A'), "a 4 KiB id").as("forged"));
    return p;
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const std::string id = cookie_of(ctx, ev.step("login"));
    if (id.empty()) return std::vector<Request>{};
    std::string altered = id;
    altered.back() = altered.back() == 'a' ? 'b' : 'a';
    return std::vector<Request>{
        probes::with_session(ctx, id, "valid").as("control"),
        probes::with_session(ctx, altered, "the valid id, last character changed").as("forged"),
        probes::with_session(ctx, id.substr(0, id.size() / 2), "the valid id, truncated")
            .as("forged")};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("login"), ev.find_step("control"))) return *v;
    Findings f;
    for (const Exchange* forged : ev.steps_named("forged")) {
      f.expect(*forged, session_refused(ctx, *forged));
      f.expect_no_leak(ctx, *forged);
    }
    return f.verdict("every forged cookie refused");
  };

  out.push_back(Check{
      .id = "SESS-009",
      .level = Level::kBestPractice,
      .spec = "ASVS 4.0.3 V3.1.1",
      .owasp = "WSTG-SESS-04",
      .title = "No session ids in URLs",
      .requirement = "The login response puts no session id in its Location, and a session id in "
                     "the URL (;jsessionid=, a query parameter) without the cookie opens nothing.",
      .remediation = "Carry the session in the cookie only; turn URL rewriting off.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return logins(ctx, {0}); };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const std::string id = cookie_of(ctx, ev.step("login"));
    if (id.empty()) return std::vector<Request>{};
    Request path_param =
        probes::with_session(ctx, "", "the id as ;jsessionid=").as("id in the URL");
    path_param.target += ";jsessionid=" + id;
    Request query = probes::with_session(ctx, "", "the id in the query").as("id in the URL");
    query.target += "?sid=" + id + "&" + ctx.profile.session->cookie + "=" + id;
    return std::vector<Request>{probes::with_session(ctx, id, "valid").as("control"), path_param,
                                query};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    const Exchange& login = ev.step("login");
    if (auto v = control_failed(ctx, login, ev.find_step("control"))) return *v;
    Findings f;
    const std::string id = cookie_of(ctx, login);
    if (login.response.first("Location").find(id) != std::string::npos)
      f.expect(login, "the login's Location carries the session id");
    for (const Exchange* in_url : ev.steps_named("id in the URL")) {
      if (is_success(in_url->response.status))
        f.expect(*in_url, "a session id in the URL was honoured: " + describe_status(*in_url));
      f.expect_no_leak(ctx, *in_url);
    }
    return f.verdict("the session travels in the cookie only");
  };

  out.push_back(Check{
      .id = "SESS-010",
      .level = Level::kMust,
      .spec = "RFC 9110 §15.5.2, §11.6.1",
      .title = "A session API's 401 carries a challenge",
      .requirement = "A cookie-session application that answers 401 (to no cookie, or an expired, "
                     "logged-out or forged one) includes a WWW-Authenticate challenge (its own "
                     "scheme, or a token scheme it also accepts).",
      .remediation =
          "Add WWW-Authenticate to the 401 (for example Cookie realm=\"...\", "
          "form-action=\"/login\"), or redirect browser navigations to the login page instead.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.session) return skip_because(kNoSession);
    Plan p;
    p.requests.push_back(probes::with_session(ctx, "", "none"));
    return p;
  };
  // Every 401 of the session resource in the run: the anonymous one here, and those to the
  // expired, logged-out, forged and fixated cookies of SESS-005..009.
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& none = ev.only();
    f.expect_no_leak(ctx, none);
    if (is_success(none.response.status))
      f.expect(none, "served without a session: " + describe_status(none));
    const std::string path = ctx.profile.target(ctx.profile.session->resource);
    for (const Exchange* ex : ev.all) {
      if (!ex->ok() || ex->response.status != 401 || !ex->request.origin.empty() ||
          ex->request.target.substr(0, ex->request.target.find_first_of("?;")) != path)
        continue;
      if (challenges_of(*ex).challenges.empty())
        f.expect(*ex, ex->response.has("WWW-Authenticate")
                          ? "401 whose WWW-Authenticate holds no parsable challenge"
                          : "401 without a WWW-Authenticate challenge");
    }
    return f.verdict("refused with a challenge (or a redirect)");
  };
}

}  // namespace authspec
