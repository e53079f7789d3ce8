// [basic], [bearer] and [low]: the credentials of the target's identities.
#include "suite/profile_reader.h"

namespace authspec {

void add_credential_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"basic",
        "Valid Basic credentials (RFC 7617), and optional users that exercise its edge cases.",
        {{"user", KeyKind::kText, false, "a valid user id"},
         {"password", KeyKind::kText, true, "its password"},
         {"password_file", KeyKind::kText, true, "a file holding the password instead"},
         {"colon_user", KeyKind::kText, false, "a user whose password contains ':' (BASIC-003)"},
         {"colon_password", KeyKind::kText, true, "that password"},
         {"utf8_user", KeyKind::kText, false, "a user with a non-ASCII password (BASIC-007)"},
         {"utf8_password", KeyKind::kText, true, "that password, UTF-8"}}},
       [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
         p.basic = r.password("user", "password");
         p.basic_colon = r.password("colon_user", "colon_password");
         p.basic_utf8 = r.password("utf8_user", "utf8_password");
       },
       "",
       nullptr});

  out.push_back({{"bearer",
                  "A valid Bearer token (RFC 6750), and optional expired and revoked ones.",
                  {{"token", KeyKind::kText, true, "a valid access token"},
                   {"token_file", KeyKind::kText, true, "a file holding the token instead"},
                   {"expired_token", KeyKind::kText, true, "a token that has expired"},
                   {"revoked_token", KeyKind::kText, true, "a token that has been revoked"}}},
                 [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
                   p.bearer = r.token();  // or fetched from [oauth]'s token endpoint, checked there
                   p.bearer_expired = r.text("expired_token");
                   p.bearer_revoked = r.text("revoked_token");
                 },
                 "",
                 nullptr});

  out.push_back(
      {{"low",
        "A second valid identity that lacks permission for one protected resource (AUTHZ).",
        {{"user", KeyKind::kText, false, "its Basic user id"},
         {"password", KeyKind::kText, true, "its password"},
         {"password_file", KeyKind::kText, true, "a file holding the password instead"},
         {"token", KeyKind::kText, true, "its Bearer token (without the needed scope)"},
         {"token_file", KeyKind::kText, true, "a file holding the token instead"},
         {"resource", KeyKind::kText, false,
          "METHOD PATH of the protected resource it may not use"},
         {"scope", KeyKind::kText, false,
          "without token: its Bearer token is fetched from [oauth] with only these scopes "
          "(space-separated), lacking the one the resource needs"}}},
       [](const ProfileReader& r, Profile& p, const ProfileOverrides&) {
         if (!r.has("resource") && !r.has("user") && !r.has("token") && !r.has("token_file") &&
             !r.has("scope"))
           return;
         Identity low;
         low.basic = r.password("user", "password");
         low.token = r.token();
         // A ready-made token wins over one to fetch (an identities file may give one).
         if (!low.token) low.scope = r.text("scope").value_or("");
         if (!low.basic && !low.token && low.scope.empty())
           r.fail("resource",
                  "the [low] identity needs user and password, or token (or scope), or both");
         if (!r.has("resource"))
           r.fail(low.basic ? "user" : "token",
                  "missing low.resource (the resource this identity may not access)");
         low.resource = r.resource("resource", false);
         bool found = false;
         for (auto& res : p.protected_resources)
           if (res.method == low.resource.method && res.path == low.resource.path) {
             low.resource = res;
             found = true;
           }
         if (!found)
           r.fail("resource",
                  low.resource.label() + " is not a protected resource of this profile");
         if (low.basic && !low.resource.accepts("basic"))
           r.fail("user", low.resource.label() + " does not accept basic");
         if ((low.token || !low.scope.empty()) && !low.resource.accepts("bearer"))
           r.fail(low.token ? "token" : "scope", low.resource.label() + " does not accept bearer");
         p.low = low;
       },
       "no [low] identity: permission checks skipped",
       [](const Profile& p) { return p.low.has_value(); }});
}

}  // namespace authspec
