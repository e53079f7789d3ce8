// JWT: validating JWT access tokens (RFC 7519, RFC 7515, RFC 7518, RFC 8725). Each check sends the
// untampered token first (its positive control), then variants that must all be refused.
#include <mutex>

#include "suite/base64.h"
#include "suite/checks/token_forge.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

bool takes_bearer(const Resource& r) {
  return r.accepts("bearer") && r.method != "HEAD";
}

struct Variant {
  std::string token, label;
};

const char* kNoJwt = "the profile has no [jwt] section: its tokens are not known to be JWTs";
const char* kNoKey = "the profile has no signing material ([jwt] hmac_secret or private_key_file)";

// [control, variants...] for a resource; `keyed` variants need signing material.
Plan jwt_plan(const Context& ctx, bool keyed,
              const std::function<std::vector<Variant>(const std::string&)>& make) {
  if (!ctx.profile.jwt) return skip_because(kNoJwt);
  if (keyed && !forge::can_mint(ctx.profile)) return skip_because(kNoKey);
  const std::string base = keyed ? forge::mint(ctx.profile, forge::valid_header(ctx.profile),
                                               forge::valid_claims(ctx.profile))
                                 : *forge::base_token(ctx.profile);
  Plan p{{ctx.with_bearer(base, keyed ? "jwt:valid (minted)" : "jwt:valid").as("control")}, ""};
  for (const auto& v : make(base))
    p.requests.push_back(
        ctx.with_authorization("Bearer " + v.token, "jwt:" + v.label, true).as("variant"));
  if (p.requests.size() == 1) p.skip = "no variant applies to this token";
  return p;
}

// The control must be accepted; every variant refused (no 2xx, no 5xx, nothing leaked).
Verdict jwt_judge(const Context& ctx, const Evidence& ev) {
  const Exchange& control = ev.step("control");
  if (const std::string problem = accepted(ctx, control); !problem.empty())
    return {Outcome::kError,
            "profile error: the untampered token was refused (" + problem +
                "); check the token, jwt.issuer, jwt.audience, jwt.kid and the key",
            {&control}};
  Findings f;
  const auto variants = ev.steps_named("variant");
  for (const Exchange* variant : variants) {
    f.expect(*variant, refused_without_error(*variant));
    f.expect_no_leak(ctx, *variant);
  }
  return f.verdict("every variant refused (" + std::to_string(variants.size()) + ")");
}

nlohmann::json payload_of(const std::string& token) {
  return jwt::parse(token)->payload;
}
nlohmann::json header_of(const std::string& token) {
  return jwt::parse(token)->header;
}

std::string sign_with(const nlohmann::json& header, const nlohmann::json& payload,
                      const jwt::Key& key) {
  return jwt::encode(header, payload, key);
}

struct JwtCheck {
  const char* id;
  Level level;
  const char* spec;
  const char* title;
  const char* requirement;
  const char* remediation;
  bool keyed;
  std::function<std::vector<Variant>(const Profile&, const std::string&)> variants;
};

}  // namespace

void register_jwt(std::vector<Check>& out) {
  const std::vector<JwtCheck> checks = {
      {"JWT-001", Level::kMust, "RFC 7515 §5.2; RFC 8725 §3.3", "A changed payload is refused",
       "A token whose claims were changed while the original signature was kept is rejected.",
       "Verify the signature before reading any claim (verify(), never decode()).", false,
       [](const Profile&, const std::string& base) {
         auto p = payload_of(base);
         auto sub = p, scope = p, exp = p;
         sub["sub"] = "authspec-intruder";
         scope["scope"] = "admin superuser";
         scope["role"] = "admin";
         exp["exp"] = p.value("exp", 0L) + 31536000;
         return std::vector<Variant>{{forge::with_payload(base, sub), "sub changed"},
                                     {forge::with_payload(base, scope), "scope and role raised"},
                                     {forge::with_payload(base, exp), "exp extended a year"}};
       }},
      {"JWT-002", Level::kMust, "RFC 7515 §5.2", "A broken signature is refused",
       "A token whose signature was removed, truncated, zeroed or taken from another token is "
       "rejected.",
       "Compare the whole signature in constant time and reject empty or short ones.", false,
       [](const Profile& p, const std::string& base) {
         const std::string sig = jwt::parse(base)->signature_b64;
         std::vector<Variant> v = {
             {forge::with_signature(base, ""), "signature removed"},
             {forge::with_signature(base, sig.substr(0, sig.size() / 2)), "signature halved"},
             {forge::with_signature(base, std::string(sig.size(), 'A')), "signature zeroed"}};
         if (forge::can_mint(p)) {
           auto claims = forge::valid_claims(p);
           claims["sub"] = "authspec-someone-else";
           const std::string other = forge::mint(p, forge::valid_header(p), claims);
           v.push_back({forge::with_signature(base, jwt::parse(other)->signature_b64),
                        "another token's signature"});
         }
         return v;
       }},
      {"JWT-003", Level::kMust, "RFC 7518 §3.6; RFC 8725 §3.2",
       "alg none is refused in every spelling",
       "Unsecured JWSs (alg none, None, NONE, nOnE) are never accepted.",
       "Pin the algorithms you accept to the key (an allow-list); never a deny-list of \"none\".",
       false,
       [](const Profile&, const std::string& base) {
         std::vector<Variant> v;
         for (const char* alg : {"none", "None", "NONE", "nOnE"}) {
           auto h = header_of(base);
           h["alg"] = alg;
           h.erase("kid");
           v.push_back({jwt::part(h) + "." + jwt::parse(base)->payload_b64 + ".",
                        std::string("alg ") + alg});
         }
         return v;
       }},
      {"JWT-004", Level::kMust, "RFC 8725 §3.1, §2.1", "No RS/ES-to-HS algorithm confusion",
       "A token re-signed as HS256 with the server's public key as the HMAC secret is rejected.",
       "Verify with the algorithm tied to the key, not the one the token names.", false,
       [](const Profile& p, const std::string& base) {
         std::vector<Variant> v;
         const std::string alg = header_of(base).value("alg", "");
         const jwt::Key pub = forge::public_key(p);
         if (alg.rfind("HS", 0) == 0 || !pub.pkey)
           return v;  // only for RS/ES tokens with a known public key
         std::string pem = jwt::public_pem(pub);
         if (!p.jwt->public_key_pem.empty()) pem = p.jwt->public_key_pem;
         auto h = header_of(base);
         h["alg"] = "HS256";
         std::string trimmed = pem;
         while (!trimmed.empty() && trimmed.back() == '\n') trimmed.pop_back();
         v.push_back({sign_with(h, payload_of(base), jwt::hmac_key(pem)),
                      "HS256 keyed with the public key PEM"});
         v.push_back({sign_with(h, payload_of(base), jwt::hmac_key(trimmed)),
                      "HS256 keyed with the PEM, no final newline"});
         return v;
       }},
      {"JWT-005", Level::kMust, "RFC 8725 §3.1, §3.2", "Only the configured algorithm is accepted",
       "A token signed with an algorithm outside the allow-list is rejected, even when the "
       "signature "
       "is valid under the key.",
       "Configure the one algorithm each key is for, and reject every other.", true,
       [](const Profile& p, const std::string&) {
         std::vector<Variant> v;
         const jwt::Key key = forge::signing_key(p);
         const std::string family = key.default_alg().substr(0, 2);
         if (family == "ES") return v;  // P-256 has one JOSE algorithm
         for (const char* bits : {"384", "512"}) {
           auto h = forge::valid_header(p);
           h["alg"] = family + bits;
           v.push_back(
               {forge::mint(p, h, forge::valid_claims(p)), family + bits + " with the right key"});
         }
         return v;
       }},
      {"JWT-006", Level::kMust, "RFC 7519 §4.1.4", "Expired tokens are refused",
       "A token whose exp has passed (beyond a few minutes of leeway) is rejected.",
       "Check exp on every request with at most a few minutes of leeway, in seconds.", true,
       [](const Profile& p, const std::string&) {
         std::vector<Variant> v;
         for (long ago : {600L, 3600L}) {
           auto c = forge::valid_claims(p);
           c["iat"] = forge::run_now() - ago - 600;
           c["exp"] = forge::run_now() - ago;
           v.push_back({forge::mint(p, forge::valid_header(p), c),
                        "exp " + std::to_string(ago / 60) + " min ago"});
         }
         return v;
       }},
      {"JWT-007", Level::kMust, "RFC 7519 §4.1.5", "Not-yet-valid tokens are refused",
       "A token whose nbf is in the future (beyond leeway) is rejected.", "Check nbf when present.",
       true,
       [](const Profile& p, const std::string&) {
         auto c = forge::valid_claims(p);
         c["nbf"] = forge::run_now() + 600;
         return std::vector<Variant>{{forge::mint(p, forge::valid_header(p), c), "nbf in 10 min"}};
       }},
      {"JWT-008", Level::kMust, "RFC 7519 §4.1.3; RFC 8725 §3.9", "The audience is checked",
       "A token whose aud does not name this resource server, or that has no aud, is rejected.",
       "Require aud and compare it with this API's identifier.", true,
       [](const Profile& p, const std::string&) {
         if (p.jwt->audience.empty()) return std::vector<Variant>{};  // no aud to vary
         auto other = forge::valid_claims(p), none = other;
         other["aud"] = "authspec-another-api";
         none.erase("aud");
         return std::vector<Variant>{
             {forge::mint(p, forge::valid_header(p), other), "aud of another API"},
             {forge::mint(p, forge::valid_header(p), none), "no aud"}};
       }},
      {"JWT-009", Level::kMust, "RFC 8725 §3.8; RFC 7519 §4.1.1",
       "The issuer and its key are checked",
       "A token from an unexpected issuer, or signed with a key that is not the issuer's, is "
       "rejected.",
       "Check iss against the expected issuer and use only that issuer's keys.", true,
       [](const Profile& p, const std::string&) {
         auto c = forge::valid_claims(p);
         c["iss"] = "https://issuer.attacker.test";
         const auto h = forge::valid_header(p);
         std::vector<Variant> v{{sign_with(h, forge::valid_claims(p),
                                           forge::throwaway_key(forge::signing_key(p).kind)),
                                 "right issuer, another key"}};
         if (!p.jwt->issuer.empty())  // (without one, nothing says which issuer is right)
           v.insert(v.begin(), {forge::mint(p, h, c), "another issuer"});
         return v;
       }},
      {"JWT-010", Level::kBestPractice, "RFC 7519 §4.1.4, §2, §7.2",
       "Malformed time claims invalidate the token",
       "exp, nbf and iat must be NumericDates; a string, null, boolean or out-of-range number "
       "makes the "
       "token invalid.",
       "Reject tokens whose time claims are not numbers instead of treating them as absent.", true,
       [](const Profile& p, const std::string&) {
         std::vector<Variant> v;
         const auto h = forge::valid_header(p);
         for (const nlohmann::json& bad : {nlohmann::json("9999999999"), nlohmann::json("tomorrow"),
                                           nlohmann::json(nullptr), nlohmann::json(true)}) {
           auto c = forge::valid_claims(p);
           c["exp"] = bad;
           v.push_back({forge::mint(p, h, c), "exp " + bad.dump()});
         }
         auto c = forge::valid_claims(p);
         c["exp"] = 0;
         std::string raw = c.dump();
         raw.replace(raw.find("\"exp\":0"), 7, "\"exp\":1e400");
         v.push_back({forge::mint_raw(p, h, raw), "exp 1e400"});
         return v;
       }},
      {"JWT-011", Level::kMust, "RFC 7519 §7.2", "Malformed tokens get 4xx, not 5xx",
       "A token that is not a well-formed compact JWS (wrong number of parts, invalid base64url, a "
       "non-object header, the JSON serialization) is refused without a server error.",
       "Parse defensively and map every parse failure to 401 invalid_token.", false,
       [](const Profile&, const std::string& base) {
         const auto t = jwt::parse(base);
         return std::vector<Variant>{
             {t->header_b64 + "." + t->payload_b64, "two parts"},
             {base + ".AAAA", "four parts"},
             {"%%%.x.y", "invalid base64url"},
             {jwt::part(nlohmann::json::array({1, 2})) + "." + t->payload_b64 + "." +
                  t->signature_b64,
              "header [1,2]"},
             {base64url_encode("not json") + "." + t->payload_b64 + "." + t->signature_b64,
              "header not JSON"},
             {"{\"payload\":\"" + t->payload_b64 + "\",\"signatures\":[]}", "JSON serialization"}};
       }},
      {"JWT-012", Level::kMust, "RFC 7515 §4.1.11", "Unknown critical headers invalidate the token",
       "A correctly signed token whose crit lists an extension the server does not understand is "
       "invalid.",
       "Reject tokens with crit entries you do not implement.", true,
       [](const Profile& p, const std::string&) {
         auto h = forge::valid_header(p);
         h["crit"] = {"x-authspec-unknown"};
         h["x-authspec-unknown"] = 1;
         return std::vector<Variant>{
             {forge::mint(p, h, forge::valid_claims(p)), "crit [x-authspec-unknown]"}};
       }},
      {"JWT-013", Level::kBestPractice, "RFC 8725 §3.10",
       "Keys in the token header are not trusted",
       "A token signed with a fresh key whose public part is embedded as jwk is rejected.",
       "Verify only with keys you configured; ignore jwk, jku and x5u in tokens.", false,
       [](const Profile&, const std::string& base) {
         const jwt::Key key = forge::throwaway_key(jwt::Key::Kind::kEc);
         nlohmann::json h = {{"alg", "ES256"}, {"typ", "JWT"}, {"jwk", jwt::public_jwk(key)}};
         return std::vector<Variant>{
             {sign_with(h, payload_of(base), key), "signed by the key in its jwk header"}};
       }},
      {"JWT-014", Level::kBestPractice, "RFC 8725 §3.10", "kid is untrusted input",
       "A kid carrying a path traversal, an injection or 10 KiB of text yields a refusal, not a "
       "server error.",
       "Look kid up in a fixed table; never build paths or queries from it.", false,
       [](const Profile&, const std::string& base) {
         std::vector<Variant> v;
         for (const auto& [kid, label] : {std::pair<std::string, std::string>{
                                              "../../../../../../dev/null", "kid path traversal"},
                                          {"' OR '1'='1", "kid SQL injection"},
                                          {std::string(10240, 'k'), "kid of 10 KiB"}}) {
           nlohmann::json h = {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", kid}};
           v.push_back({sign_with(h, payload_of(base), jwt::hmac_key("")), label});
         }
         return v;
       }},
      {"JWT-015", Level::kMust, "RFC 8725 §3.5; RFC 7518 §3.2", "No weak HMAC secret",
       "Tokens re-signed with well-known weak secrets (empty, \"secret\", tutorial defaults) are "
       "rejected.",
       "Use a random HMAC key at least as long as the hash output; never a password or an example "
       "secret.",
       false,
       [](const Profile&, const std::string& base) {
         std::vector<Variant> v;
         const auto payload = payload_of(base);
         for (const char* secret :
              {"", "secret", "changeme", "your-256-bit-secret", "password", "jwt-secret", "key"}) {
           const nlohmann::json h = {{"alg", "HS256"}, {"typ", "JWT"}};
           v.push_back({sign_with(h, payload, jwt::hmac_key(secret)),
                        std::string("HS256 with \"") + secret + "\""});
         }
         for (const char* alg : {"HS384", "HS512"})
           v.push_back({sign_with({{"alg", alg}, {"typ", "JWT"}}, payload, jwt::hmac_key("secret")),
                        std::string(alg) + " with \"secret\""});
         return v;
       }},
      {"JWT-016", Level::kBestPractice, "RFC 8725 §3.11, §3.12, §2.8",
       "Other kinds of JWT are not access tokens",
       "A JWT of another kind from the same issuer (a DPoP proof, a security event, an ID or "
       "refresh "
       "token) is not accepted as an access token.",
       "Type access tokens explicitly (typ at+jwt, RFC 9068) and reject every other typ; validate "
       "each "
       "kind of JWT with its own rules.",
       true,
       [](const Profile& p, const std::string&) {
         std::vector<Variant> v;
         std::vector<std::string> kinds = {"dpop+jwt", "secevent+jwt"};
         if (!p.jwt->access_token_typ.empty() && !iequals(p.jwt->access_token_typ, "JWT"))
           kinds.push_back("JWT");
         for (const auto& typ : kinds) {
           auto h = forge::valid_header(p);
           h["typ"] = typ;
           v.push_back({forge::mint(p, h, forge::valid_claims(p)), "typ " + typ});
         }
         if (!p.jwt->other_kind_token.empty())
           v.push_back({p.jwt->other_kind_token, "another kind (profile)"});
         return v;
       }},
      {"JWT-017", Level::kBestPractice, "RFC 6750 §5.2; RFC 7519 §4.1.6",
       "Token lifetime is limited",
       "Tokens without exp, and tokens issued in the future, are rejected.",
       "Require exp and refuse iat beyond the clock-skew leeway.", true,
       [](const Profile& p, const std::string&) {
         auto no_exp = forge::valid_claims(p), future = no_exp;
         no_exp.erase("exp");
         future["iat"] = forge::run_now() + 86400;
         future["exp"] = forge::run_now() + 86400 + 600;
         return std::vector<Variant>{
             {forge::mint(p, forge::valid_header(p), no_exp), "no exp"},
             {forge::mint(p, forge::valid_header(p), future), "iat a day ahead"}};
       }},
      {"JWT-018", Level::kBestPractice, "RFC 6750 §3.1; ASVS 4.0.3 V3.3.1",
       "Revoked tokens are refused", "A token the deployment has revoked is rejected.",
       "Check the revocation list (or token introspection) on every request.", false,
       [](const Profile& p, const std::string&) {
         std::vector<Variant> v;
         if (p.bearer_revoked)
           v.push_back({*p.bearer_revoked, "revoked (profile)"});
         else if (forge::can_mint(p) && !p.jwt->revoked_jti.empty()) {
           auto c = forge::valid_claims(p);
           c["jti"] = p.jwt->revoked_jti;
           v.push_back({forge::mint(p, forge::valid_header(p), c), "revoked jti (minted)"});
         }
         return v;
       }},
  };
  for (const auto& c : checks) {
    const bool bp = c.level == Level::kBestPractice;
    out.push_back(Check{
        .id = c.id,
        .level = c.level,
        .spec = c.spec,
        .title = c.title,
        .requirement = c.requirement,
        .remediation = c.remediation,
        .judges_failures = bp,
    });
    out.back().applies = takes_bearer;
    const bool keyed = c.keyed;
    const auto variants = c.variants;
    out.back().plan = [keyed, variants](const Context& ctx) {
      return jwt_plan(ctx, keyed,
                      [&](const std::string& base) { return variants(ctx.profile, base); });
    };
    out.back().judge = jwt_judge;
  }
}

}  // namespace authspec
