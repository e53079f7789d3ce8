// The mock's Bearer token validation: opaque tokens and JWTs (HS256, RS256, ES256), done right
// unless a named defect says otherwise. No HTTP here: the server maps the outcome to a response.
#pragma once

#include <set>
#include <string>

#include "mock_server/defects.h"
#include "mock_server/issued_tokens.h"

namespace authspec::mock {

// What the mock's tokens carry; fixtures/mock.ini names the same.
inline constexpr const char* kIssuer = "https://issuer.authspec.test";
inline constexpr const char* kAudience = "authspec-mock-api";
inline constexpr const char* kHmacSecret = "authspec-mock-hs256-key-7c1e0b4f9a2d6e83";
inline constexpr const char* kRevokedJti = "revoked-jti-0001";
// Step-up (RFC 9470): /api/payments needs this acr, at most kStepUpMaxAge seconds old.
inline constexpr const char* kStrongAcr = "urn:authspec:mfa";
inline constexpr long kStepUpMaxAge = 300;

struct TokenCheck {
  enum class State { kValid, kInvalid, kServerError };
  State state = State::kInvalid;
  std::string user;
  std::set<std::string> scopes;
  std::string why;  // for error_description
  bool expired = false;
  std::string acr;       // the authentication context class (RFC 9470), if the token says
  double auth_time = 0;  // when the user authenticated (0: not said)
  std::string jkt;       // cnf.jkt: the thumbprint of the key the token is bound to (RFC 9449)
};

class TokenValidator {
 public:
  TokenValidator(const Defects& defects, const IssuedTokens& issued);
  TokenCheck check(const std::string& token) const;

 private:
  TokenCheck check_jwt(const std::string& token) const;
  const Defects& d_;
  const IssuedTokens& issued_;
};

}  // namespace authspec::mock
