// Tokens for the BEARER and JWT checks: the profile's valid JWT, tampered copies of it (no key
// needed), and tokens minted with the profile's signing material that are right in all but one way.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "suite/check.h"
#include "suite/jose.h"

namespace authspec::forge {

long run_now();  // seconds since the epoch, fixed for the whole run so plans stay deterministic

bool can_mint(const Profile& p);
// The JWT to tamper with: the profile's, or a freshly minted valid one. nullopt without [jwt].
std::optional<std::string> base_token(const Profile& p);

// Claims and header of a valid minted token (iss, aud, sub, scope, iat, exp, jti; alg, typ, kid).
nlohmann::json valid_claims(const Profile& p);
nlohmann::json valid_header(const Profile& p);
// Signs with the profile's key (memoized: equal inputs give the identical token).
std::string mint(const Profile& p, const nlohmann::json& header, const nlohmann::json& claims);
// The same with the payload given as raw JSON text (for values JSON libraries refuse, like 1e400).
std::string mint_raw(const Profile& p, const nlohmann::json& header,
                     const std::string& payload_json);
jwt::Key signing_key(const Profile& p);
jwt::Key public_key(const Profile& p);  // from public_key_file, else derived from the private key
// One throw-away key of a kind per run (the DPoP client key is the EC one).
jwt::Key throwaway_key(jwt::Key::Kind kind);

// Replaces the payload, keeping the original header and signature.
std::string with_payload(const std::string& token, const nlohmann::json& payload);
// Replaces the header (re-encoded), keeping payload and signature.
std::string with_header(const std::string& token, const nlohmann::json& header);
// Replaces the signature part.
std::string with_signature(const std::string& token, const std::string& signature_b64);

}  // namespace authspec::forge

namespace authspec::forge {

// DPoP (RFC 9449): the client key (the profile's, or one generated for the run), a token bound
// to it (the profile's, or minted with cnf.jkt), and proofs for a request.
jwt::Key dpop_client_key(const Profile& p);
std::string dpop_bound_token(const Profile& p);

struct ProofOptions {
  std::string htm, htu, token;
  std::string jti_suffix;   // distinguishes deliberately different proofs
  std::optional<long> iat;  // default: run_now()
  bool with_ath = true;
  std::string ath_override;  // a wrong ath
  std::string nonce;
  std::string alg = "ES256", typ = "dpop+jwt";
  bool private_jwk = false;        // put the private key in the jwk header
  std::optional<jwt::Key> signer;  // sign with (and embed) another key
};
// A proof JWT for the options (memoized: equal options give the identical proof).
std::string dpop_proof(const Profile& p, const ProofOptions& o);

}  // namespace authspec::forge
