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

// Replaces the payload, keeping the original header and signature.
std::string with_payload(const std::string& token, const nlohmann::json& payload);
// Replaces the header (re-encoded), keeping payload and signature.
std::string with_header(const std::string& token, const nlohmann::json& header);
// Replaces the signature part.
std::string with_signature(const std::string& token, const std::string& signature_b64);

}  // namespace authspec::forge
