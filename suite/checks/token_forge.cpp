#include "suite/checks/token_forge.h"

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>

#include "suite/base64.h"
#include "suite/throwaway_key.h"

namespace authspec::forge {

long run_now() {
  // One instant for a whole run, so tokens minted by different checks are identical (and their
  // requests sent once); re-anchored when it is older than 30 s, so a process that runs many
  // times (the tests, a library user) never mints stale iat or DPoP proofs.
  static std::atomic<long> anchor{0};
  const long now = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  long seen = anchor.load();
  if (now - seen > 30 && anchor.compare_exchange_strong(seen, now)) return now;
  return anchor.load();
}

bool can_mint(const Profile& p) {
  return p.jwt && p.jwt->can_mint();
}

namespace {
// PEM parsing is not free and keys are used for every mint: parse each PEM once.
jwt::Key key_for_pem(const std::string& pem) {
  static std::mutex mutex;
  static std::map<std::string, jwt::Key> keys;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = keys.find(pem);
  if (it == keys.end()) it = keys.emplace(pem, *jwt::key_from_pem(pem)).first;
  return it->second;
}
}  // namespace

jwt::Key signing_key(const Profile& p) {
  if (!p.jwt) return {};
  if (!p.jwt->hmac_secret.empty()) return jwt::hmac_key(p.jwt->hmac_secret);
  if (!p.jwt->private_key_pem.empty()) return key_for_pem(p.jwt->private_key_pem);
  return {};
}

jwt::Key public_key(const Profile& p) {
  if (!p.jwt) return {};
  if (!p.jwt->public_key_pem.empty()) return key_for_pem(p.jwt->public_key_pem);
  if (!p.jwt->private_key_pem.empty()) return key_for_pem(jwt::public_pem(signing_key(p)));
  return {};
}

jwt::Key throwaway_key(jwt::Key::Kind kind) {
  static std::mutex mutex;
  static std::map<jwt::Key::Kind, jwt::Key> keys;
  std::lock_guard<std::mutex> lock(mutex);
  auto it = keys.find(kind);
  if (it == keys.end()) {
    jwt::Key k = kind == jwt::Key::Kind::kHmac
                     ? jwt::hmac_key("authspec-a-different-secret-5e1d7c93b2")
                 : kind == jwt::Key::Kind::kRsa ? key_for_pem(kThrowawayRs256Pem)
                                                : jwt::generate_ec_key();
    it = keys.emplace(kind, k).first;
  }
  return it->second;
}

nlohmann::json valid_header(const Profile& p) {
  const std::string typ = p.jwt->access_token_typ.empty() ? "JWT" : p.jwt->access_token_typ;
  nlohmann::json h = {{"alg", signing_key(p).default_alg()}, {"typ", typ}};
  if (p.jwt && !p.jwt->kid.empty()) h["kid"] = p.jwt->kid;
  if (p.jwt)
    for (const auto& [name, value] : p.jwt->header_params) h[name] = nlohmann::json::parse(value);
  return h;
}

nlohmann::json valid_claims(const Profile& p) {
  const long now = run_now();
  nlohmann::json c = {{"sub", p.jwt->subject},
                      {"iat", now},
                      {"exp", now + 600},
                      {"jti", "authspec-" + std::to_string(now)}};
  if (!p.jwt->issuer.empty()) c["iss"] = p.jwt->issuer;
  if (!p.jwt->audience.empty()) c["aud"] = p.jwt->audience;
  if (!p.jwt->scope.empty()) c["scope"] = p.jwt->scope;
  for (const auto& [name, value] : p.jwt->claims) c[name] = nlohmann::json::parse(value);
  return c;
}

std::string mint_raw(const Profile& p, const nlohmann::json& header,
                     const std::string& payload_json) {
  static std::mutex mutex;
  static std::map<std::string, std::string> minted;
  const std::string input = jwt::part(header) + "." + base64url_encode(payload_json);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = minted.find(input);
  if (it == minted.end()) {
    const std::string alg = header.value("alg", "none");
    it =
        minted.emplace(input, input + "." + base64url_encode(jwt::sign(input, alg, signing_key(p))))
            .first;
  }
  return it->second;
}

std::string mint(const Profile& p, const nlohmann::json& header, const nlohmann::json& claims) {
  return mint_raw(p, header, claims.dump());
}

std::optional<std::string> base_token(const Profile& p) {
  if (!p.jwt) return std::nullopt;
  if (!p.jwt->token.empty()) return p.jwt->token;
  return mint(p, valid_header(p), valid_claims(p));
}

namespace {
struct Parts {
  std::string header, payload, signature;
};
Parts split(const std::string& token) {
  const auto a = token.find('.');
  const auto b = token.find('.', a + 1);
  return {token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1)};
}
}  // namespace

std::string with_payload(const std::string& token, const nlohmann::json& payload) {
  const Parts t = split(token);
  return t.header + "." + jwt::part(payload) + "." + t.signature;
}

std::string with_header(const std::string& token, const nlohmann::json& header) {
  const Parts t = split(token);
  return jwt::part(header) + "." + t.payload + "." + t.signature;
}

std::string with_signature(const std::string& token, const std::string& signature_b64) {
  const Parts t = split(token);
  return t.header + "." + t.payload + "." + signature_b64;
}

}  // namespace authspec::forge

namespace authspec::forge {

jwt::Key dpop_client_key(const Profile& p) {
  if (p.dpop && !p.dpop->key_pem.empty()) return *jwt::key_from_pem(p.dpop->key_pem);
  return throwaway_key(jwt::Key::Kind::kEc);
}

std::string dpop_bound_token(const Profile& p) {
  if (p.dpop && !p.dpop->token.empty()) return p.dpop->token;
  auto claims = valid_claims(p);
  claims["cnf"] = {{"jkt", jwt::thumbprint(jwt::public_jwk(dpop_client_key(p)))}};
  return mint(p, valid_header(p), claims);
}

std::string dpop_proof(const Profile& p, const ProofOptions& o) {
  static std::mutex mutex;
  static std::map<std::string, std::string> made;
  const jwt::Key key = o.signer ? *o.signer : dpop_client_key(p);
  nlohmann::json jwk = jwt::public_jwk(key);
  if (o.private_jwk) jwk["d"] = "AAAA-not-for-use";  // a private member where none may be
  const nlohmann::json header = {{"typ", o.typ}, {"alg", o.alg}, {"jwk", jwk}};
  nlohmann::json payload = {
      {"jti", "authspec-" + std::to_string(run_now()) + "-" + o.htm + o.htu + o.jti_suffix},
      {"htm", o.htm},
      {"htu", o.htu},
      {"iat", o.iat.value_or(run_now())}};
  if (o.with_ath)
    payload["ath"] = o.ath_override.empty() ? jwt::sha256_b64url(o.token) : o.ath_override;
  if (!o.nonce.empty()) payload["nonce"] = o.nonce;
  // The jti is long and unique per variant; hash it down to a sane size.
  payload["jti"] = jwt::sha256_b64url(payload["jti"].get<std::string>()).substr(0, 22);
  const std::string input = jwt::part(header) + "." + jwt::part(payload);
  std::lock_guard<std::mutex> lock(mutex);
  auto it = made.find(input + o.alg);
  if (it == made.end()) {
    const jwt::Key signing = o.alg.rfind("HS", 0) == 0 ? jwt::hmac_key("authspec") : key;
    const std::string sig =
        o.alg == "none" ? "" : base64url_encode(jwt::sign(input, o.alg, signing));
    it = made.emplace(input + o.alg, input + "." + sig).first;
  }
  return it->second;
}

}  // namespace authspec::forge
