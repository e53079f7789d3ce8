// POST /oauth/token: an OAuth 2.0 token endpoint (RFC 6749 §3.2, §4.4, §4.3, §6). The client
// authenticates with Basic or in the body (never both); the access token is an HS256 JWT the
// mock's own validator accepts, for alice. A second client gets short-lived opaque tokens
// (IssuedTokens), so a run sees one expire and its own refresh at work. Errors follow §5.2: 400
// with an error code, and 401 with a Basic challenge when the client authenticated with Basic.
#include <chrono>
#include <nlohmann/json.hpp>

#include "mock_server/api.h"
#include "suite/base64.h"
#include "suite/jose.h"

namespace authspec::mock {
namespace {

constexpr const char* kClientId = "authspec-client";
constexpr const char* kClientSecret = "client-secret-9d2e51a7";
constexpr const char* kRefreshToken = "mock-refresh-alice-40c2b7e1";
constexpr const char* kBriefClientId = "authspec-brief-client";
constexpr const char* kBriefClientSecret = "brief-secret-5c8e21d4";

std::string mint_access_token(const std::string& scope) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  static std::atomic<long> serial{0};
  return jwt::encode({{"alg", "HS256"}, {"typ", "at+jwt"}, {"kid", "mock-hs"}},
                     {{"iss", kIssuer},
                      {"aud", kAudience},
                      {"sub", "alice"},
                      {"scope", scope.empty() ? "read write admin" : scope},
                      {"client_id", kClientId},
                      {"iat", now},
                      {"exp", now + 3600},
                      {"jti", "oauth-" + std::to_string(now) + "-" + std::to_string(++serial)}},
                     jwt::hmac_key(kHmacSecret));
}

}  // namespace

void Api::discovery(const httplib::Request& req, httplib::Response& res) {
  // The issuer is where the request came in (the mock's ports are ephemeral).
  const std::string issuer = "https://" + req.get_header_value("Host");
  res.set_header("Cache-Control", "max-age=300");
  res.set_content(
      nlohmann::json{
          {"issuer", issuer},
          {"token_endpoint", issuer + "/oauth/token"},
          {"grant_types_supported", {"client_credentials", "password", "refresh_token"}},
          {"token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}}}
              .dump() +
          "\n",
      "application/json");
}

void Api::token_endpoint(const httplib::Request& req, httplib::Response& res) {
  auto answer = [&](int status, const nlohmann::json& body) {
    res.status = status;
    // RFC 6749 §5.1: MUST no-store on responses with tokens (and on errors, harmlessly).
    if (!d_.has(Defect::kOauthTokenCacheable)) {
      res.set_header("Cache-Control", "no-store");
      res.set_header("Pragma", "no-cache");
    }
    res.set_content(body.dump() + "\n", "application/json");
  };
  auto error = [&](int status, const std::string& code, const std::string& why) {
    if (d_.has(Defect::kOauthErrorWithoutCode)) return answer(status, {{"message", why}});
    answer(status, {{"error", code}, {"error_description", why}});
  };
  if (req.method != "POST") {
    res.set_header("Allow", "POST");
    return error(405, "invalid_request", "the token endpoint takes POST");
  }
  // Client authentication: Basic (ids and secrets form-encoded first, §2.3.1) or the body.
  std::string id, secret;
  const std::string authorization = req.get_header_value("Authorization");
  const bool basic = authorization.size() > 6 && iequals(authorization.substr(0, 6), "Basic ");
  if (basic) {
    const auto decoded = base64_decode_strict(trim(authorization.substr(6)));
    const auto colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon != std::string::npos) {
      id = httplib::detail::decode_url(decoded->substr(0, colon), true);
      secret = httplib::detail::decode_url(decoded->substr(colon + 1), true);
    }
  }
  const std::string body_id = form_value(req.body, "client_id");
  if (basic && !form_value(req.body, "client_secret").empty())
    return error(400, "invalid_request", "more than one client authentication method");
  if (!basic) {
    id = body_id;
    secret = form_value(req.body, "client_secret");
  }
  const bool brief = id == kBriefClientId;
  const char* expected = brief ? kBriefClientSecret : kClientSecret;
  const bool client_ok = (id == kClientId || brief) &&
                         (secret == expected || d_.has(Defect::kOauthWrongSecretAccepted));
  if (!client_ok) {
    if (basic) {
      // §5.2: a client that used the Authorization field MUST get 401 with its scheme's challenge.
      if (!d_.has(Defect::kOauthNoChallenge))
        res.set_header("WWW-Authenticate",
                       "Basic realm=\"authspec-mock-oauth\", charset=\"UTF-8\"");
      return error(401, "invalid_client", "client authentication failed");
    }
    return error(400, "invalid_client", "client authentication failed");
  }
  const std::string grant = form_value(req.body, "grant_type");
  const std::string scope = form_value(req.body, "scope");
  if (grant == "client_credentials") {
  } else if (grant == "password") {
    const auto u = users().find(form_value(req.body, "username"));
    if (u == users().end() || u->second.password != form_value(req.body, "password"))
      return error(400, "invalid_grant", "wrong resource owner credentials");
  } else if (grant == "refresh_token") {
    if (form_value(req.body, "refresh_token") != kRefreshToken)
      return error(400, "invalid_grant", "unknown refresh token");
  } else {
    return error(400, "unsupported_grant_type", "grant_type " + grant + " is not supported");
  }
  if (brief) {
    if (grant != "client_credentials")
      return error(400, "unauthorized_client", "this client may use client_credentials only");
    return answer(200, {{"access_token", issued_.issue("alice", scope.empty() ? "read" : scope)},
                        {"token_type", "Bearer"},
                        {"expires_in", issued_.lifetime_seconds()}});
  }
  nlohmann::json body = {
      {"access_token", mint_access_token(scope)}, {"token_type", "Bearer"}, {"expires_in", 3600}};
  if (grant != "client_credentials") body["refresh_token"] = kRefreshToken;
  answer(200, body);
}

}  // namespace authspec::mock
