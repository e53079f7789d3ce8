#include "suite/checks/token_forge.h"

#include <chrono>
#include <map>
#include <mutex>

#include "suite/base64.h"

namespace authspec::forge {

long run_now() {
  static const long now = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                                std::chrono::system_clock::now().time_since_epoch())
                                                .count());
  return now;
}

bool can_mint(const Profile& p) {
  return p.jwt && p.jwt->can_mint();
}

jwt::Key signing_key(const Profile& p) {
  if (!p.jwt) return {};
  if (!p.jwt->hmac_secret.empty()) return jwt::hmac_key(p.jwt->hmac_secret);
  if (!p.jwt->private_key_pem.empty()) return *jwt::key_from_pem(p.jwt->private_key_pem);
  return {};
}

jwt::Key public_key(const Profile& p) {
  if (!p.jwt) return {};
  if (!p.jwt->public_key_pem.empty()) return *jwt::key_from_pem(p.jwt->public_key_pem);
  if (!p.jwt->private_key_pem.empty()) return *jwt::key_from_pem(jwt::public_pem(signing_key(p)));
  return {};
}

nlohmann::json valid_header(const Profile& p) {
  nlohmann::json h = {{"alg", signing_key(p).default_alg()}, {"typ", "JWT"}};
  if (p.jwt && !p.jwt->kid.empty()) h["kid"] = p.jwt->kid;
  return h;
}

nlohmann::json valid_claims(const Profile& p) {
  const long now = run_now();
  nlohmann::json c = {{"iss", p.jwt->issuer},  {"aud", p.jwt->audience},
                      {"sub", p.jwt->subject}, {"iat", now},
                      {"exp", now + 600},      {"jti", "authspec-" + std::to_string(now)}};
  if (!p.jwt->scope.empty()) c["scope"] = p.jwt->scope;
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
