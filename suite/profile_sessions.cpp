// [enum], [digest] and [session]: user enumeration, Digest and cookie-session logins.
#include "suite/profile_reader.h"

namespace authspec {
namespace {

void load_enum(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (r.has("resource")) {
    p.enumeration.resource = r.resource("resource", true);
    if (!p.enumeration.resource->accepts("basic"))
      r.fail("resource", "must accept basic (the known user is the [basic] user)");
  }
  if (auto v = r.text("unknown_user")) {
    if (v->empty() || v->find(':') != std::string::npos)
      r.fail("unknown_user", "must be a user id without ':'");
    p.enumeration.unknown_user = *v;
  }
  p.enumeration.samples = r.number("samples", 5, 100, p.enumeration.samples);
  p.enumeration.reset = r.optional_resource("reset", false);
  if (auto v = r.text("reset_field")) p.enumeration.reset_field = *v;
}

void load_digest(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("resource") && !r.has("user")) return;
  DigestSettings dg;
  if (!r.has("resource"))
    r.fail("user", "needs digest.resource (METHOD PATH of a Digest resource)");
  dg.resource = r.resource("resource", false);
  dg.resource.schemes = {"digest"};
  const auto cred = r.password("user", "password");
  if (!cred) r.fail("resource", "needs digest.user and digest.password");
  dg.credentials = *cred;
  dg.nonce_lifetime_ms = r.milliseconds("nonce_lifetime", 0, 99999 * 1000, 0);
  dg.expect_authentication_info =
      r.flag("expect_authentication_info").value_or(dg.expect_authentication_info);
  p.digest = dg;
}

void load_session(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("login") && !r.has("resource") && !r.has("cookie") && !r.has("logout")) return;
  SessionSettings s;
  for (auto [key, field] : {std::pair{"login", &s.login}, std::pair{"logout", &s.logout},
                            std::pair{"resource", &s.resource}}) {
    if (!r.has(key)) r.fail(key, "missing (a [session] needs login, logout, resource and cookie)");
    *field = r.resource(key, false);
  }
  s.anonymous = r.optional_resource("anonymous", false);
  s.cookie = r.text("cookie").value_or("");
  if (s.cookie.empty()) r.fail("cookie", "missing (the session cookie's name)");
  s.login_body = r.text("login_body").value_or("");
  if (s.login_body.empty() && r.has("login_body_file"))
    s.login_body = r.secret_file("login_body_file");
  if (s.login_body.empty())
    r.fail("login", "needs login_body (or login_body_file): what the login posts");
  if (auto v = r.text("login_content_type")) s.login_content_type = *v;
  const std::string mode = r.text("mode").value_or("api");
  if (mode != "api" && mode != "browser")
    r.fail("mode", "must be api (401 with a challenge) or browser (a redirect)");
  s.browser_mode = mode == "browser";
  s.idle_timeout_ms = r.milliseconds("idle_timeout", 0, 99999 * 1000, 0);
  p.session = s;
}

}  // namespace

void add_session_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"enum",
        "User enumeration: an unknown user to compare with the [basic] one, and a reset form.",
        {{"resource", KeyKind::kText, false, "METHOD PATH SCHEMES to compare on",
          "the first protected resource that accepts basic"},
         {"unknown_user", KeyKind::kText, false, "a user id that does not exist",
          "authspec-no-such-user-5e1d"},
         {"samples", KeyKind::kText, false, "timing samples per side", "30"},
         {"reset", KeyKind::kText, false, "METHOD PATH of the password-reset request"},
         {"reset_field", KeyKind::kText, false, "its form field for the user", "user"}}},
       load_enum,
       "",
       nullptr});
  out.push_back(
      {{"digest",
        "A Digest-only resource (RFC 7616) and a user for it.",
        {{"resource", KeyKind::kText, false, "METHOD PATH of the Digest resource"},
         {"user", KeyKind::kText, false, "a valid user"},
         {"password", KeyKind::kText, true, "its password"},
         {"password_file", KeyKind::kText, true, "a file holding it instead"},
         {"nonce_lifetime", KeyKind::kText, false, "how long a nonce lives, seconds (DIGEST-008)",
          "unknown: DIGEST-008 is skipped"},
         {"expect_authentication_info", KeyKind::kFlag, false,
          "the target sends Authentication-Info on success", "false"}}},
       load_digest,
       "no [digest] resource: Digest checks skipped",
       [](const Profile& p) { return p.digest.has_value(); }});
  out.push_back(
      {{"session",
        "Cookie sessions: a login request, the session cookie and the page it opens.",
        {{"login", KeyKind::kText, false, "METHOD PATH of the login request"},
         {"login_body", KeyKind::kText, true, "what the login posts (it holds the password)"},
         {"login_body_file", KeyKind::kText, true, "a file holding it instead"},
         {"login_content_type", KeyKind::kText, false, "its Content-Type",
          "application/x-www-form-urlencoded"},
         {"logout", KeyKind::kText, false, "METHOD PATH of the logout request"},
         {"resource", KeyKind::kText, false, "METHOD PATH of a page the session opens"},
         {"anonymous", KeyKind::kText, false,
          "METHOD PATH that hands out a pre-login session (SESS-005)"},
         {"cookie", KeyKind::kText, false, "the session cookie's name"},
         {"mode", KeyKind::kText, false, "api (401 with a challenge) or browser (a redirect)",
          "api"},
         {"idle_timeout", KeyKind::kText, false, "the idle timeout, seconds (SESS-007)",
          "unknown: SESS-007 is skipped"}}},
       load_session,
       "no [session]: session checks skipped",
       [](const Profile& p) { return p.session.has_value(); }});
}

}  // namespace authspec
