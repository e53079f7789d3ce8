// The mock's DPoP proof validation (RFC 9449 §4.3): one proof per request, typ dpop+jwt, an
// asymmetric algorithm, a public jwk that signs it, htm/htu of this request, a fresh iat, an
// unused jti, ath of the token, the server's nonce where one is required, and the key the token
// is bound to.
#pragma once

#include <mutex>
#include <set>
#include <string>

#include "mock_server/defects.h"

namespace authspec::mock {

inline constexpr const char* kDpopAlgs = "ES256";

struct ProofCheck {
  bool ok = false;
  std::string error;  // invalid_dpop_proof, invalid_token (wrong binding) or use_dpop_nonce
  std::string why;
};

class DpopValidator {
 public:
  explicit DpopValidator(const Defects& defects);
  // `proofs`: every DPoP field line; `htu`: scheme://host/path of this request.
  ProofCheck check(const std::vector<std::string>& proofs, const std::string& method,
                   const std::string& htu, const std::string& token, const std::string& bound_jkt,
                   bool nonce_required);
  std::string nonce() const { return nonce_; }

 private:
  const Defects& d_;
  std::mutex mutex_;
  std::set<std::string> seen_jti_;  // bounded: cleared when it grows large
  std::string nonce_;
};

}  // namespace authspec::mock
