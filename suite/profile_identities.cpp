// [identity.NAME]: the identities of the role matrix, each with one credential and the protected
// resources it may use and must be refused.
#include <algorithm>

#include "suite/base64.h"
#include "suite/http.h"
#include "suite/profile_reader.h"

namespace authspec {
namespace {

using Kind = RoleIdentity::Kind;

// The resource of the profile that `key`'s nth line names (METHOD PATH): a protected resource,
// or one an API key opens.
Resource named_resource(const ProfileReader& r, const Profile& p, const std::string& key,
                        std::size_t nth) {
  const Resource wanted = r.resource(key, false, nth);
  for (const auto& res : p.protected_resources)
    if (res.method == wanted.method && res.path == wanted.path) return res;
  if (p.apikey)
    for (const auto& res : p.apikey->resources)
      if (res.method == wanted.method && res.path == wanted.path) return res;
  if (p.session && p.session->resource.method == wanted.method &&
      p.session->resource.path == wanted.path)
    return p.session->resource;
  if (p.digest && p.digest->resource.method == wanted.method &&
      p.digest->resource.path == wanted.path) {
    Resource digest_only = p.digest->resource;
    if (digest_only.schemes.empty()) digest_only.schemes = {"digest"};
    return digest_only;
  }
  r.fail(key,
         wanted.label() + " is not a protected resource of this profile ([protected], an " +
             "[apikey] resource, the [session] or the [digest] resource)",
         nth);
}

// The one credential the section gives; a ProfileError when it gives none or several.
void read_credential(const ProfileReader& r, RoleIdentity& id) {
  std::vector<std::string> given;
  if (auto pw = r.password("user", "password")) {
    const std::string scheme = to_lower(r.text("scheme").value_or("basic"));
    if (scheme != "basic" && scheme != "digest") r.fail("scheme", "must be basic or digest");
    id.kind = scheme == "digest" ? Kind::kDigest : Kind::kBasic;
    id.basic = pw;
    given.push_back("user");
  } else if (r.has("scheme")) {
    r.fail("scheme", "goes with user and password (Basic or Digest)");
  }
  if (auto t = r.token()) {
    id.kind = Kind::kBearer;
    id.secret = *t;
    given.push_back(r.has("token") ? "token" : "token_file");
  }
  if (auto a = r.text("authorization")) {
    id.kind = Kind::kAuthorization;
    id.secret = trim(*a);
    const auto space = id.secret.find(' ');
    if (space == std::string::npos || !is_token(id.secret.substr(0, space)) ||
        trim(id.secret.substr(space)).empty())
      r.fail("authorization", "expected \"SCHEME VALUE\" (for example \"Token abc123\")");
    given.push_back("authorization");
  }
  if (auto k = r.text("api_key")) {
    id.kind = Kind::kApiKey;
    id.secret = *k;
    if (k->empty() ||
        std::any_of(k->begin(), k->end(), [](unsigned char c) { return c <= ' ' || c >= 0x7f; }))
      r.fail("api_key", "must be printable ASCII without spaces");
    given.push_back("api_key");
  }
  if (auto c = r.text("cookie")) {
    id.kind = Kind::kCookie;
    id.secret = *c;
    if (c->find('=') == std::string::npos || c->front() == '=' || c->back() == '=')
      r.fail("cookie", "expected \"NAME=VALUE\" (the session cookie as the browser sends it)");
    given.push_back("cookie");
  }
  if (r.has("client_id") || r.has("client_secret")) {
    id.kind = Kind::kOAuthClient;
    id.client_id = r.text("client_id").value_or("");
    id.client_secret = r.text("client_secret").value_or("");
    if (id.client_id.empty() || id.client_secret.empty())
      r.fail(r.has("client_id") ? "client_id" : "client_secret",
             "an OAuth client identity needs both client_id and client_secret");
    given.push_back("client_id");
  }
  if (auto body = r.text("login_body")) {
    id.kind = Kind::kLogin;
    id.secret = *body;
    given.push_back("login_body");
  } else if (r.has("login_body_file")) {
    id.kind = Kind::kLogin;
    id.secret = r.secret_file("login_body_file");
    given.push_back("login_body_file");
  }
  if (given.empty())
    r.fail("may", "[" + r.section() +
                      "] has no credential: give user and password, token, authorization, "
                      "api_key, cookie, login_body, or client_id and client_secret");
  if (given.size() > 1)
    r.fail(given[1], "[" + r.section() + "] has one credential; it also gives " + given[0] +
                         " (make a second identity)");
}

// Can this identity's credential be presented to `res` at all? (A Basic identity on a
// Bearer-only resource would be refused with 401 for its scheme, not its role.)
std::string unfit(const RoleIdentity& id, const Resource& res) {
  const std::string scheme = id.scheme();
  if (id.kind == Kind::kApiKey) return res.accepts("apikey") ? "" : "does not take the API key";
  if (scheme.empty() || res.accepts(scheme)) return "";
  return "does not accept " + scheme + " (its schemes: " + join(res.schemes, ",") + ")";
}

void load_identity(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  RoleIdentity id;
  id.name = r.section().substr(r.section().find('.') + 1);
  read_credential(r, id);
  if (id.kind == Kind::kOAuthClient && !p.oauth)
    r.fail("client_id", "an OAuth client identity needs [oauth] token_url (where to fetch)");
  if (id.kind == Kind::kLogin && !p.session)
    r.fail(r.has("login_body") ? "login_body" : "login_body_file",
           "a login identity needs [session] (its login request, content type and cookie name)");
  if (!r.has("may") && !r.has("refused"))
    r.fail(id.kind == Kind::kBasic ? "user" : "may",
           "[" + r.section() + "] names no resource: add may = METHOD PATH or refused = ...");
  for (auto [key, list] : {std::pair{"may", &id.may}, std::pair{"refused", &id.refused}})
    for (std::size_t i = 0; i < r.list(key).size(); ++i) {
      const Resource res = named_resource(r, p, key, i);
      if (const std::string why = unfit(id, res); !why.empty())
        r.fail(key, res.label() + " " + why, i);
      list->push_back(res);
    }
  for (const auto& m : id.may)
    for (const auto& f : id.refused)
      if (m.label() == f.label()) r.fail("refused", m.label() + " is also under may");
  p.identities.push_back(id);
}

}  // namespace

std::string RoleIdentity::scheme() const {
  switch (kind) {
    case Kind::kBasic:
      return "basic";
    case Kind::kDigest:
      return "digest";
    case Kind::kBearer:
    case Kind::kOAuthClient:
      return "bearer";
    case Kind::kAuthorization:
      return to_lower(secret.substr(0, secret.find(' ')));
    case Kind::kApiKey:
    case Kind::kCookie:
    case Kind::kLogin:
      break;
  }
  return "";
}

std::string Password::basic_credentials() const {
  return "Basic " + base64_encode(user + ":" + password);
}

std::string RoleIdentity::authorization() const {
  switch (kind) {
    case Kind::kBasic:
      return basic ? basic->basic_credentials() : "";
    case Kind::kBearer:
      return "Bearer " + secret;
    case Kind::kAuthorization:
      return secret;
    default:
      return "";
  }
}

std::string RoleIdentity::kind_name() const {
  switch (kind) {
    case Kind::kBasic:
      return "basic";
    case Kind::kDigest:
      return "digest";
    case Kind::kBearer:
      return "bearer";
    case Kind::kAuthorization:
      return "authorization";
    case Kind::kApiKey:
      return "api key";
    case Kind::kCookie:
      return "cookie";
    case Kind::kOAuthClient:
      return "oauth client";
    case Kind::kLogin:
      return "login";
  }
  return "";
}

void add_identity_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"identity.NAME",
        "A named identity of the role matrix (any number: [identity.admin], [identity.reader]): "
        "one credential, and the protected resources it may use and must be refused (AUTHZ-007, "
        "AUTHZ-008).",
        {{"user", KeyKind::kText, false, "a Basic (or Digest) user id"},
         {"password", KeyKind::kText, true, "its password"},
         {"password_file", KeyKind::kText, true, "a file holding the password instead"},
         {"scheme", KeyKind::kText, false,
          "basic or digest: how user and password are sent (Digest answers each "
          "resource's challenge)",
          "basic"},
         {"token", KeyKind::kText, true, "a Bearer token"},
         {"token_file", KeyKind::kText, true, "a file holding the token instead"},
         {"authorization", KeyKind::kText, true,
          "a whole Authorization value of another scheme: Token abc, SSWS abc"},
         {"api_key", KeyKind::kText, true, "an API key, sent where [apikey] says"},
         {"cookie", KeyKind::kText, true, "a session cookie, NAME=VALUE"},
         {"login_body", KeyKind::kText, true,
          "a login: this body is posted to [session] login and the [session] cookie it sets is "
          "the identity's credential"},
         {"login_body_file", KeyKind::kText, true, "a file holding the login body instead"},
         {"client_id", KeyKind::kText, false,
          "an OAuth client: its token is fetched from [oauth] token_url (client_credentials)"},
         {"client_secret", KeyKind::kText, true, "that client's secret"},
         {"may", KeyKind::kList, false,
          "METHOD PATH of a protected resource (or the [session] or [digest] resource) it may "
          "use (2xx and the content)"},
         {"refused", KeyKind::kList, false,
          "METHOD PATH of a protected resource it must be refused (403, never the content)"}},
        true},
       load_identity,
       "no [identity.NAME] sections: the role matrix (AUTHZ-007, AUTHZ-008) skipped",
       [](const Profile& p) { return !p.identities.empty(); }});
}

}  // namespace authspec
