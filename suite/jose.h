// JWS compact serialization (RFC 7515) for HS256/384/512, RS256 and ES256, all through OpenSSL EVP:
// authspec forges and mints tokens with it, the mock verifies them with it.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

struct evp_pkey_st;

namespace authspec::jwt {

std::optional<std::string> base64url_decode(const std::string& text);

// A signing or verification key. HMAC keys are bytes; RSA and EC keys are OpenSSL keys.
struct Key {
  enum class Kind { kNone, kHmac, kRsa, kEc };
  Kind kind = Kind::kNone;
  std::string secret;                 // HMAC
  std::shared_ptr<evp_pkey_st> pkey;  // RSA / EC (private or public)
  bool has_private = false;
  std::string default_alg() const;  // HS256, RS256, ES256
};

Key hmac_key(const std::string& secret);
// PEM of a private or public RSA or EC (P-256) key; nullopt if it is none of those.
std::optional<Key> key_from_pem(const std::string& pem);
Key generate_ec_key();  // a throw-away P-256 key
// An EC P-256 public key from a JWK (what a token's "jwk" header carries); nullopt otherwise.
std::optional<Key> key_from_jwk(const nlohmann::json& jwk);
std::string public_pem(const Key& key);
// RFC 7638 JWK thumbprint (SHA-256, base64url) of a public JWK (EC or RSA).
std::string thumbprint(const nlohmann::json& jwk);
// base64url(SHA-256(text)), as DPoP's ath claim uses.
std::string sha256_b64url(const std::string& text);
nlohmann::json public_jwk(const Key& key);  // EC or RSA public JWK

// Raw JWS signature of `input` (EC: R||S, 64 bytes). Empty when the alg does not fit the key.
std::string sign(const std::string& input, const std::string& alg, const Key& key);
bool verify(const std::string& input, const std::string& signature, const std::string& alg,
            const Key& key);

struct Token {
  std::string header_b64, payload_b64, signature_b64;
  nlohmann::json header, payload;  // parsed JSON objects
  std::string signing_input() const { return header_b64 + "." + payload_b64; }
};
// Splits and decodes a compact JWS; nullopt unless it has three parts and JSON-object header and
// payload.
std::optional<Token> parse(const std::string& compact);

// A member of decoded JOSE JSON (a header, claims, a JWK), whose types the sender chose: its
// string, or "" when it is absent or not a string. Never throws.
std::string text_member(const nlohmann::json& object, const std::string& key);

// What is wrong with the types of a token's standard members, or "": header alg, typ, kid and
// cty must be strings; exp, nbf and iat numbers within NumericDate's useful range (0 to the year
// 9999); iss, sub, jti and scope strings; aud a string or an array of strings. A token from a
// profile with such a member is a profile error, so no plan meets a type it cannot handle.
std::string member_type_problem(const Token& token);

// header.payload.signature with the header's own alg (or "none": empty signature).
std::string encode(const nlohmann::json& header, const nlohmann::json& payload, const Key& key);
// Serialises JSON compactly and encodes it (a header or payload part).
std::string part(const nlohmann::json& j);

}  // namespace authspec::jwt
