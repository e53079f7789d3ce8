// [oauth]: a token endpoint (RFC 6749) the run fetches its Bearer token from.
#include "suite/http.h"
#include "suite/profile_reader.h"

namespace authspec {
namespace {

// Every protected resource that accepts bearer needs a token: [bearer]'s or a fetched one.
void require_bearer_token(const ProfileReader& r, const Profile& p) {
  if (p.bearer || p.oauth) return;
  for (std::size_t i = 0; i < p.protected_resources.size(); ++i)
    if (p.protected_resources[i].accepts("bearer") && !p.protected_resources[i].head_twin)
      r.fail_at("protected.resource",
                p.protected_resources[i].label() +
                    " accepts bearer, but the profile has no [bearer] token (nor [oauth] to "
                    "fetch one) to test it with",
                i);
}

void load_oauth(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (r.has("token_url") || r.has("client_id") || r.has("discovery")) {
    OAuthSettings o;
    // A path on the target, or a URL: its origin and path.
    auto where = [&](const char* key, std::string& origin, std::string& path) {
      const std::string url = *r.text(key);
      if (!url.empty() && url[0] == '/') {
        path = url;
        return;
      }
      try {
        parse_base_url(url, "x", origin, path);
      } catch (const ProfileError& e) {
        r.fail(key, std::string(e.what()).substr(3));
      }
      if (path.empty()) path.push_back('/');  // (assigning "/" trips a -Wrestrict false positive)
    };
    if (r.has("token_url"))
      where("token_url", o.origin, o.path);
    else if (r.has("discovery"))
      where("discovery", o.discovery_origin, o.discovery_path);
    else
      r.fail("client_id", "needs oauth.token_url (the token endpoint) or oauth.discovery");
    o.grant = r.text("grant").value_or(o.grant);
    if (o.grant != "client_credentials" && o.grant != "password" && o.grant != "refresh_token")
      r.fail("grant", "must be client_credentials, password or refresh_token");
    o.client_id = r.text("client_id").value_or("");
    if (o.client_id.empty()) r.fail("token_url", "needs oauth.client_id");
    if (auto v = r.text("client_secret"))
      o.client_secret = *v;
    else if (r.has("client_secret_file"))
      o.client_secret = r.secret_file("client_secret_file");
    const std::string auth = r.text("client_auth").value_or("basic");
    if (auth != "basic" && auth != "body") r.fail("client_auth", "must be basic or body");
    o.basic_auth = auth == "basic";
    o.scope = r.text("scope").value_or("");
    o.audience = r.text("audience").value_or("");
    o.owner = r.password("user", "password");
    if (o.grant == "password" && !o.owner)
      r.fail("grant", "the password grant needs oauth.user and oauth.password");
    if (auto v = r.text("refresh_token"))
      o.refresh_token = *v;
    else if (r.has("refresh_token_file"))
      o.refresh_token = r.secret_file("refresh_token_file");
    if (o.grant == "refresh_token" && o.refresh_token.empty())
      r.fail("grant", "the refresh_token grant needs oauth.refresh_token");
    o.leeway_ms = r.milliseconds("leeway", 0, 3600 * 1000, o.leeway_ms);
    p.oauth = o;
  }
  require_bearer_token(r, p);
}

}  // namespace

void add_oauth_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"oauth",
        "An OAuth 2.0 token endpoint: the run fetches its Bearer token there (when [bearer] "
        "has none) and the OAUTH checks judge its answers.",
        {{"token_url", KeyKind::kText, false, "the token endpoint: a path on the target or a URL"},
         {"discovery", KeyKind::kText, false,
          "instead of token_url: an OpenID Connect discovery document (a path on the target or a "
          "URL, .../.well-known/openid-configuration); its token_endpoint is read at the start "
          "of the run"},
         {"grant", KeyKind::kText, false, "client_credentials, password or refresh_token",
          "client_credentials"},
         {"client_id", KeyKind::kText, false, "the client's id"},
         {"client_secret", KeyKind::kText, true, "the client's secret"},
         {"client_secret_file", KeyKind::kText, true, "a file holding it instead"},
         {"client_auth", KeyKind::kText, false,
          "basic (HTTP Basic, RFC 6749 §2.3.1) or body (client_secret in the form)", "basic"},
         {"scope", KeyKind::kText, false, "the scope to ask for"},
         {"audience", KeyKind::kText, false, "the audience (resource) to ask for"},
         {"user", KeyKind::kText, false, "the resource owner (password grant)"},
         {"password", KeyKind::kText, true, "their password"},
         {"password_file", KeyKind::kText, true, "a file holding it instead"},
         {"refresh_token", KeyKind::kText, true, "a refresh token (refresh_token grant)"},
         {"refresh_token_file", KeyKind::kText, true, "a file holding it instead"},
         {"leeway", KeyKind::kText, false,
          "seconds past expiry the target may still accept a token (clock skew): "
          "OAUTH-004 waits out the lifetime plus this",
          "60"}}},
       load_oauth,
       "no [oauth] token endpoint: OAUTH checks skipped",
       [](const Profile& p) { return p.oauth.has_value(); }});
}

}  // namespace authspec
