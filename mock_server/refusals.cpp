// Refusals: 401 with its challenges (RFC 9110 §11.6.1, RFC 6750 §3, RFC 9449 §7.1), 400, 403, 407
// and 429, each with the defects that spoil it.
#include "mock_server/api.h"

namespace authspec::mock {

void Api::unauthorized(httplib::Response& res, const Route& route, const Auth& auth) {
  const bool bad_token = auth.state == AuthState::kInvalid && auth.scheme == "Bearer";
  const bool bad_proof = auth.state == AuthState::kInvalid && auth.scheme == "DPoP";
  if (bad_proof && auth.dpop_error == "use_dpop_nonce") {
    if (d_.has(Defect::kDpopNonce400)) {
      res.status = 400;
      res.set_content("{\"error\":\"use_dpop_nonce\"}\n", "application/json");
      return;
    }
    res.set_header("DPoP-Nonce", proofs_.nonce());
  }
  // The error belongs to the scheme the client used (RFC 9449 §7.1).
  const bool misplace = bad_token && d_.has(Defect::kDpopErrorOnWrongScheme);
  res.status = 401;
  if (bad_token && d_.has(Defect::kPrivateStatusCodes)) res.status = 498;
  if (bad_token && d_.has(Defect::kStatusErrorMismatch)) res.status = 403;
  std::vector<std::string> challenges;
  for (const auto& s : route.schemes) {
    if (s == "Basic")
      challenges.push_back(basic_challenge());
    else if (s == "Token")  // (appended piecewise: see session_unauthorized)
      challenges.push_back(std::string("Token realm=\"").append(kRealm).append("\""));
    else if (s == "DPoP")
      challenges.push_back(dpop_challenge(bad_proof  ? auth.dpop_error
                                          : misplace ? "invalid_token"
                                                     : "",
                                          auth.why));
    else
      challenges.push_back(bearer_challenge(bad_token && !misplace ? "invalid_token" : "", auth.why,
                                            "", route.step_up && d_.has(Defect::kStepUpLeaks)));
  }
  if (d_.has(Defect::kAdvertiseUnsupportedScheme)) challenges.push_back("Negotiate");
  add_challenges(res, challenges);
  res.set_header("Cache-Control",
                 d_.has(Defect::k401Cacheable) ? "public, max-age=3600" : "no-store");
  std::string body = "{\"error\":\"unauthorized\",\"message\":\"" +
                     (auth.why.empty() ? std::string("credentials required") : auth.why) + "\"";
  if (d_.has(Defect::kContentIn401))
    body += ",\"preview\":" + representation("/preview", "anonymous");
  body += "}\n";
  if (d_.has(Defect::kEmpty401Body)) body.clear();
  res.set_content(body, "application/json");
}

void Api::bad_request(httplib::Response& res, const Route& route, const Auth& auth) {
  res.status = 400;
  if (std::find(route.schemes.begin(), route.schemes.end(), "Bearer") != route.schemes.end() &&
      !d_.has(Defect::kBearer400NoChallenge))
    add_challenges(res, {bearer_challenge("invalid_request", auth.why)});
  res.set_header("Cache-Control", "no-store");
  res.set_content("{\"error\":\"invalid_request\",\"message\":\"" + auth.why + "\"}\n",
                  "application/json");
}

void Api::forbidden(httplib::Response& res, const Route& route, Auth auth) {
  if (d_.has(Defect::kInsufficientPermission401) && auth.scheme == "Basic") {
    auth.state = AuthState::kInvalid;
    auth.why = "permission denied";
    return unauthorized(res, route, auth);
  }
  res.status = 403;
  if (auth.scheme == "Bearer") {
    if (d_.has(Defect::kInsufficientScope401)) res.status = 401;
    if (!d_.has(Defect::kScope403NoChallenge))
      add_challenges(
          res,
          {route.editors_only
               ? bearer_challenge("insufficient_scope", "the review scope is required", "review")
               : bearer_challenge("insufficient_scope", "the admin scope is required", "admin")});
  }
  res.set_header("Cache-Control", "no-store");
  if (d_.has(
          Defect::kForbiddenWithContent))  // refused, yet the protected representation goes along
    return res.set_content(representation("/api/admin", auth.user), "application/json");
  res.set_content(
      "{\"error\":\"forbidden\",\"message\":\"" + auth.user + " may not access this resource\"}\n",
      "application/json");
}

// RFC 6585 §4: 429 with Retry-After, explained, not stored.
void Api::throttled(httplib::Response& res, const Route& route, int retry_after) {
  if (d_.has(Defect::kRate401)) {
    Auth none;
    none.why = "too many requests";
    return unauthorized(res, route, none);
  }
  res.status = 429;
  if (d_.has(Defect::kRetryAfterLies)) retry_after = 1;  // shorter than the window really lasts
  if (d_.has(Defect::kRetryAfterMalformed))
    res.set_header("Retry-After", std::to_string(retry_after) + "s");
  else if (!d_.has(Defect::k429NoRetryAfter))
    res.set_header("Retry-After", std::to_string(retry_after));
  if (d_.has(Defect::k429Cacheable)) {
    res.set_header("Cache-Control", "public, max-age=60");
    return;  // and no explanation
  }
  res.set_header("Cache-Control", "no-store");
  res.set_content("{\"error\":\"too_many_requests\",\"message\":\"slow down\"}\n",
                  "application/json");
}

// RFC 9110 §15.5.4: 403, no challenge: no credentials can fix a deny list.
void Api::deny(httplib::Response& res) {
  res.status = d_.has(Defect::kDeny401) ? 401 : 403;
  res.set_header("Cache-Control", "no-store");
  res.set_content(
      "{\"error\":\"forbidden\",\"message\":\"your network address may not use this "
      "resource\"}\n",
      "application/json");
}

// The origin-407 defect: a gateway that asks for a missing API key as if it were a proxy.
void Api::proxy_challenge(httplib::Response& res) {
  res.status = 407;
  std::string challenge = "Bearer realm=\"";  // (appended: see session_unauthorized)
  res.set_header("Proxy-Authenticate", challenge.append(kRealm).append("\""));
  res.set_header("Cache-Control", "no-store");
  res.set_content("{\"error\":\"api_key_required\"}\n", "application/json");
}

std::string Api::realm() {
  if (d_.has(Defect::kUnstableRealm)) return std::string(kRealm) + "-" + std::to_string(++counter_);
  return kRealm;
}

std::string Api::realm_param() {
  return d_.has(Defect::kRealmUnquoted) ? "realm=" + realm() : "realm=\"" + realm() + "\"";
}

std::string Api::basic_challenge() {
  const std::string charset = d_.has(Defect::kCharsetLatin1) ? "ISO-8859-1" : "UTF-8";
  if (d_.has(Defect::kRealmMissing)) return "Basic charset=\"" + charset + "\"";
  std::string c = "Basic " + realm_param() + ", charset=\"" + charset + "\"";
  if (d_.has(Defect::kMalformedChallenge)) c += ", title=my api";
  return c;
}

// The Bearer challenge; `error` only when a token was presented (RFC 6750 §3.1).
std::string Api::bearer_challenge(const std::string& error, const std::string& description,
                                  const std::string& scope, bool step_up_params) {
  if (d_.has(Defect::kBareBearerChallenge) && error.empty()) return "Bearer";
  std::string c = "Bearer " + realm_param();
  if (d_.has(Defect::kRepeatedParam)) c += ", realm=\"" + std::string(kRealm) + "\"";
  std::string code = error;
  if (code.empty() && d_.has(Defect::kBearerErrorWithoutToken)) code = "invalid_token";
  if (code == "invalid_token" && d_.has(Defect::kUnregisteredErrorCode)) code = "token_rejected";
  if (!code.empty() && !(code == "invalid_token" && d_.has(Defect::kInvalidTokenNoError))) {
    c += ", error=\"" + code + "\"";
    const std::string text = d_.has(Defect::kBadErrorDescription)
                                 ? "Jeton refus\xC3\xA9: \\\"" + description + "\\\""
                                 : description;
    if (!text.empty()) c += ", error_description=\"" + text + "\"";
  }
  if (!scope.empty()) c += ", scope=\"" + scope + "\"";
  if (step_up_params) c += step_up_params_text();
  return c;
}

void Api::add_challenges(httplib::Response& res, const std::vector<std::string>& challenges) {
  if (d_.has(Defect::kNoChallenge)) return;
  if (d_.has(Defect::kChallengesOneLine) && challenges.size() > 1) {
    std::string line;
    for (const auto& c : challenges) line += (line.empty() ? "" : ", ") + c;
    res.headers.emplace("WWW-Authenticate", line);
  } else {
    for (const auto& c : challenges) res.headers.emplace("WWW-Authenticate", c);
  }
}

// The DPoP challenge (RFC 9449 §7.1): the accepted algorithms, and an error only for DPoP
// attempts.
std::string Api::dpop_challenge(const std::string& error, const std::string& description) {
  std::string c = d_.has(Defect::kDpopNoAlgs) ? "DPoP realm=\"" : "DPoP algs=\"";
  c.append(d_.has(Defect::kDpopNoAlgs) ? kRealm : kDpopAlgs)
      .append("\"");  // (see session_unauthorized)
  if (!error.empty()) c += ", error=\"" + error + "\", error_description=\"" + description + "\"";
  return c;
}

// RFC 9110 §15.5.2: a cookie API's 401 still names a scheme: the "Cookie" scheme of the HTTP
// cookie-authentication draft, saying where to log in and which cookie to bring.
void Api::session_unauthorized(httplib::Response& res, const std::string& why) {
  res.status = 401;
  // Appended piecewise: a chain of literal + string here trips GCC 12's -Warray-bounds (a false
  // positive of its string inlining).
  if (!d_.has(Defect::kSession401NoChallenge)) {
    std::string challenge = "Cookie realm=\"";
    challenge.append(kRealm).append("\", form-action=\"/login\", cookie-name=\"");
    challenge.append(cookie_name()).append("\"");
    res.set_header("WWW-Authenticate", challenge);
  }
  res.set_header("Cache-Control", "no-store");
  std::string body = "{\"error\":\"unauthorized\",\"message\":\"";
  body.append(why).append("\"}\n");
  res.set_content(body, "application/json");
}

}  // namespace authspec::mock
