// [jwt], [step] and [dpop]: what authspec needs to know about the target's tokens.
#include <set>

#include "suite/http.h"
#include "suite/jose.h"
#include "suite/profile_reader.h"

namespace authspec {
namespace {

// jwt.claim / jwt.header lines: NAME=JSON (a value that is not JSON is taken as a string). The
// names authspec sets itself, or varies in the checks, are refused with the key to use instead.
void read_extra_members(const ProfileReader& r, const std::string& key,
                        const std::set<std::string>& reserved,
                        std::vector<std::pair<std::string, std::string>>& out) {
  const auto lines = r.list(key);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto eq = lines[i].find('=');
    const std::string name = trim(lines[i].substr(0, eq));
    if (eq == std::string::npos || name.empty())
      r.fail(key, "expected NAME=VALUE (permissions=[\"admin\"])", i);
    if (reserved.count(name))
      r.fail(key, name + " is set by authspec (jwt.issuer, jwt.audience...), not here", i);
    std::string value = trim(lines[i].substr(eq + 1));
    if (!nlohmann::json::accept(value)) value = nlohmann::json(value).dump();
    out.emplace_back(name, value);
  }
}

void load_jwt(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("token") && !r.has("token_file") && !r.has("hmac_secret") &&
      !r.has("hmac_secret_file") && !r.has("private_key_file"))
    return;
  JwtSettings j;
  // The JWT to tamper with: jwt.token, else bearer.token when it is a JWT, else one minted per run.
  j.token = r.token().value_or(p.bearer && jwt::parse(*p.bearer) ? *p.bearer : "");
  j.hmac_secret = r.text("hmac_secret").value_or("");
  if (j.hmac_secret.empty() && r.has("hmac_secret_file"))
    j.hmac_secret = r.secret_file("hmac_secret_file");
  for (auto [key, field] : {std::pair{"private_key_file", &j.private_key_pem},
                            std::pair{"public_key_file", &j.public_key_pem}}) {
    if (!r.has(key)) continue;
    const std::string pem = r.file(key);
    if (!jwt::key_from_pem(pem))
      r.fail(key, *r.text(key) + " holds no RSA or EC (P-256) key in PEM");
    *field = pem;
  }
  if (!j.hmac_secret.empty() && !j.private_key_pem.empty())
    r.fail("hmac_secret", "give one signing key: hmac_secret or private_key_file");
  j.issuer = r.text("issuer").value_or("");
  j.audience = r.text("audience").value_or("");
  j.subject = r.text("subject").value_or("authspec");
  j.scope = r.text("scope").value_or("");
  j.kid = r.text("kid").value_or("");
  j.revoked_jti = r.text("revoked_jti").value_or("");
  j.access_token_typ = r.text("access_token_typ").value_or("");
  j.other_kind_token = r.text("other_kind_token").value_or("");
  // Minted tokens carry iss and aud only when the profile names them (JWT-008 and the issuer
  // variant of JWT-009 then have nothing to vary and skip).
  read_extra_members(r, "claim", {"iss", "aud", "exp", "iat", "nbf", "jti"}, j.claims);
  read_extra_members(r, "header", {"alg", "typ", "kid", "crit", "jwk", "jku"}, j.header_params);
  if (j.token.empty() && !j.can_mint())
    r.fail("token", "missing: give a valid JWT (or bearer.token), or signing material to mint one");
  const std::string token_key = r.has("token_file")  ? r.full("token_file")
                                : r.in_file("token") ? r.full("token")
                                                     : "bearer.token";
  if (!j.token.empty() && !jwt::parse(j.token))
    r.fail_at(token_key, "is not a JWT (header.payload.signature)");
  // Each member's type is checked once, here: the plans then meet only the types they read.
  for (const auto& [key, value] :
       {std::pair{token_key, j.token}, std::pair{r.full("other_kind_token"), j.other_kind_token}})
    if (const auto t = jwt::parse(value))
      if (const std::string problem = jwt::member_type_problem(*t); !problem.empty())
        r.fail_at(key, "the JWT's " + problem);
  p.jwt = j;
}

void load_step(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("resource")) return;
  StepUpSettings st;
  st.resource = r.resource("resource", false);
  st.resource.schemes = {"bearer"};
  if (r.has("weak_token"))
    st.weak_token = *r.text("weak_token");
  else if (r.has("weak_token_file"))
    st.weak_token = r.secret_file("weak_token_file");
  else if (p.bearer)
    st.weak_token = *p.bearer;
  else if (!p.oauth)  // with [oauth], the token fetched at the start of the run (set then)
    r.fail("resource", "needs step.weak_token (or a bearer.token) that is too weak for it");
  st.strong_acr = r.text("strong_acr").value_or("");
  p.step = st;
}

void load_dpop(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("resource")) return;
  DpopSettings dp;
  dp.resource = r.resource("resource", false);
  dp.resource.schemes = {"dpop", "bearer"};
  if (r.has("nonce_resource")) {
    dp.nonce_resource = r.resource("nonce_resource", false);
    dp.nonce_resource->schemes = {"dpop"};
  }
  dp.token = r.token().value_or("");
  if (r.has("key_file")) {
    const std::string pem = r.file("key_file");
    const auto key = jwt::key_from_pem(pem);
    if (!key || !key->has_private)
      r.fail("key_file", *r.text("key_file") + " holds no RSA or EC private key in PEM");
    dp.key_pem = pem;
  }
  if (dp.token.empty() != dp.key_pem.empty())
    r.fail(dp.token.empty() ? "key_file" : "token", "dpop.token and dpop.key_file go together");
  if (dp.token.empty() && !(p.jwt && p.jwt->can_mint()))
    r.fail("resource",
           "needs dpop.token and dpop.key_file, or [jwt] signing material to mint a bound token");
  p.dpop = dp;
}

}  // namespace

void add_token_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"jwt",
        "The target's Bearer tokens are JWTs: a valid one to tamper with, and optionally what is "
        "needed to mint tokens correct in every way but one.",
        {{"token", KeyKind::kText, true, "a valid JWT", "bearer.token, when it is a JWT"},
         {"token_file", KeyKind::kText, true, "a file holding it instead"},
         {"hmac_secret", KeyKind::kText, true, "the HS256 signing secret"},
         {"hmac_secret_file", KeyKind::kText, true, "a file holding it instead"},
         {"private_key_file", KeyKind::kText, false, "an RSA or EC (P-256) signing key, PEM"},
         {"public_key_file", KeyKind::kText, false,
          "the public key, PEM (enables the algorithm-confusion check)"},
         {"issuer", KeyKind::kText, false, "iss of minted tokens"},
         {"audience", KeyKind::kText, false, "aud of minted tokens"},
         {"subject", KeyKind::kText, false, "sub of minted tokens", "authspec"},
         {"scope", KeyKind::kText, false, "scope of minted tokens"},
         {"kid", KeyKind::kText, false, "the key id the target knows the key by"},
         {"revoked_jti", KeyKind::kText, false, "a jti the target has revoked"},
         {"access_token_typ", KeyKind::kText, false,
          "the typ the target enforces for access tokens (at+jwt)"},
         {"other_kind_token", KeyKind::kText, true,
          "a valid JWT of another kind (an ID or refresh token)"},
         {"claim", KeyKind::kList, false,
          "NAME=JSON: an extra claim of minted tokens (permissions=[\"admin\"]), repeatable"},
         {"header", KeyKind::kList, false,
          "NAME=JSON: an extra header parameter of minted tokens (x5c=[\"MIIC...\"]), "
          "repeatable"}}},
       load_jwt,
       "no [jwt]: the JWT validation checks skipped",
       [](const Profile& p) { return p.jwt.has_value(); }});
  out.push_back(
      {{"step",
        "Step-up authentication (RFC 9470): a resource that needs a strong, recent login.",
        {{"resource", KeyKind::kText, false, "METHOD PATH of the step-up resource"},
         {"weak_token", KeyKind::kText, true, "a valid token whose authentication is too weak"},
         {"weak_token_file", KeyKind::kText, true, "a file holding it instead"},
         {"strong_acr", KeyKind::kText, false, "the acr a strong authentication carries"}}},
       load_step,
       "",
       nullptr});
  out.push_back(
      {{"dpop",
        "DPoP (RFC 9449): a resource that takes sender-constrained tokens.",
        {{"resource", KeyKind::kText, false, "METHOD PATH of a DPoP resource"},
         {"nonce_resource", KeyKind::kText, false,
          "METHOD PATH of a resource that requires a server nonce"},
         {"token", KeyKind::kText, true, "a DPoP-bound access token"},
         {"token_file", KeyKind::kText, true, "a file holding it instead"},
         {"key_file", KeyKind::kText, false, "the private key the token is bound to, PEM"}}},
       load_dpop,
       "",
       nullptr});
}

}  // namespace authspec
