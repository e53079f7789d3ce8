#include "mock_server/tokens.h"

#include <chrono>
#include <map>
#include <sstream>

#include "suite/http.h"
#include "suite/jose.h"
#include "suite/mock_profile.h"

namespace authspec::mock {
namespace {

constexpr long kLeewaySeconds = 30;

struct OpaqueToken {
  std::string user, scopes;
};
const std::map<std::string, OpaqueToken>& opaque_tokens() {
  static const std::map<std::string, OpaqueToken> t = {
      {"mock-token-alice-5b7e2f90", {"alice", "read write admin"}},
      {"mock-token-bob-0c3d8e11", {"bob", "read write"}},
      {"mock-token-dave-6a1f3b52", {"dave", "read review"}},
  };
  return t;
}

struct NamedKey {
  std::string alg;
  jwt::Key key;
};
// Keys by kid; a token without kid is matched to the key of its alg's family.
const std::map<std::string, NamedKey>& keys() {
  static const std::map<std::string, NamedKey> k = {
      {"mock-hs", {"HS256", jwt::hmac_key(kHmacSecret)}},
      {"mock-rs", {"RS256", *jwt::key_from_pem(kMockRs256Pem)}},
      {"mock-es", {"ES256", *jwt::key_from_pem(kMockEs256Pem)}},
  };
  return k;
}

std::set<std::string> split_scopes(const std::string& s) {
  std::set<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

long now_seconds() {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count());
}

TokenCheck server_error(std::string why) {
  TokenCheck c;
  c.state = TokenCheck::State::kServerError;
  c.why = std::move(why);
  return c;
}

TokenCheck invalid(std::string why, bool expired = false) {
  TokenCheck c;
  c.state = TokenCheck::State::kInvalid;
  c.why = std::move(why);
  c.expired = expired;
  return c;
}

}  // namespace

TokenValidator::TokenValidator(const Defects& defects, const IssuedTokens& issued)
    : d_(defects), issued_(issued) {}

TokenCheck TokenValidator::check(const std::string& token) const {
  if (const auto it = opaque_tokens().find(token); it != opaque_tokens().end()) {
    TokenCheck c;
    c.state = TokenCheck::State::kValid;
    c.user = it->second.user;
    c.scopes = split_scopes(it->second.scopes);
    return c;
  }
  if (IssuedTokens::looks_issued(token)) {
    const auto entry = issued_.find(token);
    if (!entry) return invalid("unknown token");
    // Looked up on every request, so its lifetime holds to the millisecond (no JWT leeway); the
    // defect keeps honouring it after it expired, as a cache of validations would.
    if (std::chrono::steady_clock::now() >= entry->expires &&
        !d_.has(Defect::kExpiredTokenAfterRefresh))
      return invalid("token expired", true);
    TokenCheck c;
    c.state = TokenCheck::State::kValid;
    c.user = entry->user;
    c.scopes = split_scopes(entry->scopes);
    return c;
  }
  if (token.find('.') == std::string::npos) return invalid("unknown token");
  return check_jwt(token);
}

TokenCheck TokenValidator::check_jwt(const std::string& token) const {
  const auto t = jwt::parse(token);
  if (!t) {
    if (d_.has(Defect::kMalformedToken500)) return server_error("JSON parse error");
    return invalid("malformed token");
  }
  const auto& h = t->header;
  if (!h.contains("alg") || !h["alg"].is_string()) return invalid("no alg");
  const std::string alg = h["alg"];
  if (h.contains("typ") && !d_.has(Defect::kAnyTokenType) &&
      !(h["typ"].is_string() && (iequals(h["typ"], "JWT") || iequals(h["typ"], "at+jwt"))))
    return invalid("not an access token (typ)");
  if (h.contains("crit") && !d_.has(Defect::kCritIgnored))
    return invalid("unsupported critical header");

  // The key: by kid, else the key of the alg's family. The allowed alg is the key's, not the
  // token's.
  const NamedKey* named = nullptr;
  if (h.contains("kid")) {
    if (!h["kid"].is_string()) return invalid("bad kid");
    const std::string kid = h["kid"];
    if (d_.has(Defect::kKidInjection500) && kid.find_first_of("/'\\") != std::string::npos)
      return server_error("cannot open key file");
    const auto it = keys().find(kid);
    if (it == keys().end()) return invalid("unknown key id");
    named = &it->second;
  } else {
    for (const auto& [kid, k] : keys())
      if (k.alg.substr(0, 2) == alg.substr(0, 2)) named = &k;
  }

  const std::string input = t->signing_input();
  const auto signature = jwt::base64url_decode(t->signature_b64);
  bool verified = false;
  if (d_.has(Defect::kAlgNone) && iequals(alg, "none")) {
    verified = true;
  } else if (d_.has(Defect::kEmbeddedJwkTrusted) && h.contains("jwk")) {
    const auto k = jwt::key_from_jwk(h["jwk"]);
    verified = k && signature && jwt::verify(input, *signature, alg, *k);
  } else if (named && signature) {
    if (d_.has(Defect::kNoSignatureCheck)) {
      verified = true;
    } else if (alg == named->alg) {
      verified = jwt::verify(input, *signature, alg, named->key);
    } else if (d_.has(Defect::kAnyAlgForKey) && alg.substr(0, 2) == named->alg.substr(0, 2)) {
      verified = jwt::verify(input, *signature, alg, named->key);
    } else if (d_.has(Defect::kAlgConfusion) && alg.rfind("HS", 0) == 0 &&
               named->key.kind != jwt::Key::Kind::kHmac) {
      verified = jwt::verify(input, *signature, alg, jwt::hmac_key(jwt::public_pem(named->key)));
    }
    if (!verified && d_.has(Defect::kWeakHmacSecret) && alg.rfind("HS", 0) == 0)
      verified = jwt::verify(input, *signature, alg, jwt::hmac_key("secret"));
  }
  if (!verified) return invalid("invalid signature");

  // Claims. Time claims must be NumericDates (RFC 7519 §2).
  const auto& p = t->payload;
  const long now = now_seconds();
  bool lenient = false;
  auto time_claim = [&](const char* name, bool& present, double& value) -> bool {
    present = p.contains(name);
    if (!present) return true;
    if (p[name].is_number()) {
      value = p[name].get<double>();
      return true;
    }
    if (d_.has(Defect::kTimeClaimsLenient)) {
      present = false;  // the type error is swallowed: the claim is treated as absent...
      lenient = true;   // ...and a token without a usable exp is taken to never expire
      return true;
    }
    return false;
  };
  bool has_exp = false, has_nbf = false, has_iat = false;
  double exp = 0, nbf = 0, iat = 0;
  if (!time_claim("exp", has_exp, exp) || !time_claim("nbf", has_nbf, nbf) ||
      !time_claim("iat", has_iat, iat))
    return invalid("a time claim is not a NumericDate");
  const bool lax_lifetime = d_.has(Defect::kNoExpAccepted) || lenient;
  if (!has_exp && !lax_lifetime) return invalid("no exp");
  if (has_exp && now > exp + kLeewaySeconds && !d_.has(Defect::kAcceptExpired))
    return invalid("token expired", true);
  if (has_nbf && now + kLeewaySeconds < nbf && !d_.has(Defect::kIgnoreNbf))
    return invalid("token not yet valid");
  if (has_iat && iat > now + kLeewaySeconds && !lax_lifetime)
    return invalid("issued in the future");
  if (!d_.has(Defect::kIgnoreIss) && !(p.contains("iss") && p["iss"] == kIssuer))
    return invalid("wrong issuer");
  if (!d_.has(Defect::kIgnoreAud)) {
    const auto& aud = p.contains("aud") ? p["aud"] : nlohmann::json();
    bool ok = aud == kAudience;
    if (aud.is_array())
      for (const auto& a : aud) ok = ok || a == kAudience;
    if (!ok) return invalid("wrong audience");
  }
  if (p.contains("jti") && p["jti"] == kRevokedJti && !d_.has(Defect::kRevocationIgnored))
    return invalid("token revoked");

  TokenCheck c;
  c.state = TokenCheck::State::kValid;
  c.user = p.contains("sub") && p["sub"].is_string() ? p["sub"].get<std::string>() : "unknown";
  if (p.contains("scope") && p["scope"].is_string()) c.scopes = split_scopes(p["scope"]);
  if (p.contains("acr") && p["acr"].is_string()) c.acr = p["acr"];
  if (p.contains("auth_time") && p["auth_time"].is_number())
    c.auth_time = p["auth_time"].get<double>();
  if (p.contains("cnf") && p["cnf"].is_object() && p["cnf"].contains("jkt") &&
      p["cnf"]["jkt"].is_string())
    c.jkt = p["cnf"]["jkt"];
  return c;
}

}  // namespace authspec::mock
