// Authentication: Basic, Bearer (JWT and opaque tokens) and DPoP credentials from the Authorization
// field (or, under defects, from the query or body), and the connection-auth-cache defect.
#include <cstring>

#include "mock_server/api.h"

namespace authspec::mock {

namespace {

bool is_token68(const std::string& s) {
  static const std::regex re("^[A-Za-z0-9._~+/-]+=*$");
  return std::regex_match(s, re);
}

bool has_ctl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string latin1_to_utf8(const std::string& in) {
  std::string out;
  for (unsigned char c : in) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// access_token from a form-encoded body (RFC 6750 §2.2), or from any body when `anywhere`.
std::string body_token(const httplib::Request& req, bool anywhere) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0 || anywhere) {
    static const std::regex form("(?:^|&)access_token=([^&]*)");
    std::smatch m;
    if (std::regex_search(req.body, m, form)) return m[1];
  }
  if (anywhere) {
    static const std::regex json("\"access_token\"\\s*:\\s*\"([^\"]*)\"");
    std::smatch m;
    if (std::regex_search(req.body, m, json)) return m[1];
  }
  return "";
}

}  // namespace

Auth Api::authenticate(const httplib::Request& req, const Route& route) {
  Auth a;
  const bool takes_bearer =
      std::find(route.schemes.begin(), route.schemes.end(), "Bearer") != route.schemes.end();
  const std::string query_token =
      req.has_param("access_token") ? req.get_param_value("access_token") : "";
  const std::string form_token = req.method == "GET" && !d_.has(Defect::kTokenAnywhere)
                                     ? ""
                                     : body_token(req, d_.has(Defect::kTokenAnywhere));
  const auto count = req.get_header_value_count("Authorization");
  if (count == 0) {
    // Tokens outside the header: never from the query (RFC 6750 §2.3 SHOULD NOT), from a form
    // body only when a defect says so.
    if (takes_bearer && !query_token.empty() && d_.has(Defect::kQueryTokenNoCache)) {
      a = bearer(query_token);
      a.via_query = true;
    } else if (takes_bearer && !form_token.empty() && d_.has(Defect::kTokenAnywhere)) {
      a = bearer(form_token);
    }
    return a;
  }
  if (count > 1 && !d_.has(Defect::kDuplicateAuthorizationFirstWins)) {
    a.state = AuthState::kMalformed;
    a.why = "more than one Authorization field";
    return a;
  }
  if (takes_bearer && (!query_token.empty() || !form_token.empty()) &&
      !d_.has(Defect::kFirstTokenMethodWins)) {
    a.state = AuthState::kMalformed;
    a.why = "the token was sent in more than one way";
    return a;
  }
  const std::string value = req.get_header_value("Authorization", 0);
  const auto sp = value.find(' ');
  const std::string scheme = value.substr(0, sp);
  std::string credentials;
  if (sp != std::string::npos) {
    if (d_.has(Defect::kToken68Sloppy)) {
      credentials = value.substr(sp + 1);
      credentials = credentials.substr(0, credentials.find_first_of(" ,!"));
    } else {
      const auto start = value.find_first_not_of(' ', sp);
      credentials = start == std::string::npos ? "" : value.substr(start);
    }
  }
  std::string matched;
  for (const auto& s : route.schemes)
    if (d_.has(Defect::kSchemeCaseSensitive) ? scheme == s : iequals(scheme, s)) matched = s;
  if (matched.empty()) return a;  // unsupported scheme: no credentials (RFC 9110 §11.4)
  a.scheme = matched;
  if (matched == "DPoP") return dpop(req, route, credentials);
  if (matched == "Token") {  // a custom scheme with one service token (DRF, Okta SSWS style)
    a.state = credentials == kServiceToken ? AuthState::kOk : AuthState::kInvalid;
    a.user = a.state == AuthState::kOk ? kServiceUser : "";
    a.why = a.state == AuthState::kOk ? "" : "unknown token";
    return a;
  }
  if (matched == "Bearer") {
    if (credentials.empty() || (!is_token68(credentials) && !d_.has(Defect::kToken68Sloppy))) {
      a.state = AuthState::kMalformed;
      a.why = credentials.empty() ? "no token after Bearer" : "the token is not a b64token";
      return a;
    }
    return bearer(credentials);
  }
  const bool defective_basic = d_.has(Defect::kMalformedBasic500);
  if (credentials.empty() && !defective_basic) {
    a.scheme.clear();
    return a;  // scheme only: no credentials
  }
  a.state = AuthState::kInvalid;
  if (!d_.has(Defect::kToken68Sloppy) && !d_.has(Defect::kLenientBase64) &&
      !is_token68(credentials) && !defective_basic) {
    a.why = "credentials are not a token68";
    return a;
  }
  return check_basic(credentials, a);
}

Auth Api::from_token(const TokenCheck& c, const std::string& scheme) {
  if (c.state == TokenCheck::State::kServerError) throw InternalError(c.why);
  Auth a;
  a.scheme = scheme;
  a.state = c.state == TokenCheck::State::kValid ? AuthState::kOk : AuthState::kInvalid;
  a.user = c.user;
  a.scopes = c.scopes;
  a.why = c.why;
  a.token_expired = c.expired;
  const long now = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  a.weak = c.acr != kStrongAcr || c.auth_time < now - kStepUpMaxAge;
  return a;
}

Auth Api::bearer(const std::string& token) {
  const TokenCheck c = tokens_.check(token);
  Auth a = from_token(c, "Bearer");
  // A DPoP-bound token must not work as a bearer token (RFC 9449 §7.2).
  if (a.state == AuthState::kOk && !c.jkt.empty() && !d_.has(Defect::kDpopAsBearer)) {
    a.state = AuthState::kInvalid;
    a.why = "a DPoP-bound token was sent as a bearer token";
  }
  return a;
}

Auth Api::dpop(const httplib::Request& req, const Route& route, const std::string& token) {
  if (token.empty() || !is_token68(token)) {
    Auth a;
    a.scheme = "DPoP";
    a.state = AuthState::kMalformed;
    a.why = "the DPoP token is missing or malformed";
    return a;
  }
  const TokenCheck c = tokens_.check(token);
  Auth a = from_token(c, "DPoP");
  if (a.state != AuthState::kOk) {
    a.dpop_error = "invalid_token";
    return a;
  }
  std::vector<std::string> proofs;
  for (std::size_t i = 0; i < req.get_header_value_count("DPoP"); ++i)
    proofs.push_back(req.get_header_value("DPoP", i));
  const std::string htu = scheme_ + req.get_header_value("Host") + req.path;
  const ProofCheck proof = proofs_.check(proofs, req.method, htu, token, c.jkt, route.dpop_nonce);
  if (!proof.ok) {
    a.state = AuthState::kInvalid;
    a.dpop_error = proof.error;
    a.why = proof.why;
  }
  return a;
}

Auth Api::check_basic(const std::string& credentials, Auth a) {
  std::optional<std::string> decoded;
  if (d_.has(Defect::kLenientBase64)) {
    std::string kept;
    for (char c : credentials)
      if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') kept += c;
    while (kept.size() % 4) kept += '=';
    decoded = base64_decode_strict(kept);
  } else {
    decoded = base64_decode_strict(credentials);
  }
  const bool crash = d_.has(Defect::kMalformedBasic500);
  if (!decoded) {
    if (crash) throw InternalError("base64 decoding failed");
    a.why = "credentials are not valid base64";
    return a;
  }
  const auto colon = d_.has(Defect::kSplitLastColon) ? decoded->rfind(':') : decoded->find(':');
  if (colon == std::string::npos) {
    if (crash) throw InternalError("index out of range");
    a.why = "no colon in user-pass";
    return a;
  }
  std::string user = decoded->substr(0, colon), pass = decoded->substr(colon + 1);
  if (d_.has(Defect::kLatin1Credentials)) {
    user = latin1_to_utf8(user);
    pass = latin1_to_utf8(pass);
  }
  if (user.empty() || pass.empty()) {
    a.why = "empty user id or password";
    return a;
  }
  if (d_.has(Defect::kNulTruncation)) {
    for (const auto& [name, u] : users())
      if (std::strcmp(name.c_str(), user.c_str()) == 0 &&
          std::strcmp(u.password.c_str(), pass.c_str()) == 0) {
        a.state = AuthState::kOk;
        a.user = name;
        return a;
      }
    a.why = "wrong user id or password";
    return a;
  }
  if (has_ctl(user) || has_ctl(pass)) {
    a.why = "control characters in credentials";
    return a;
  }
  const auto u = users().find(user);
  if (u == users().end() || u->second.password != pass) {
    a.unknown_user = u == users().end();
    a.why = "wrong user id or password";
    // Defective variants that tell known from unknown users (same length, other words).
    if (d_.has(Defect::kEnumBody)) a.why = a.unknown_user ? "user not found" : "password wrong";
    if (d_.has(Defect::kWrongPassword400)) a.state = AuthState::kMalformed;
    return a;
  }
  if (lock_after_ > 0) {
    std::lock_guard<std::mutex> lock(logins_seen_mutex_);
    if (++logins_seen_[user] > lock_after_) {
      a.why = "account locked";
      return a;
    }
  }
  a.state = AuthState::kOk;
  a.user = user;
  return a;
}

// The user name of Basic credentials ("" when there are none or they do not decode).
std::string Api::basic_user(const httplib::Request& req) {
  const std::string v = req.get_header_value("Authorization");
  if (v.size() < 7 || !iequals(v.substr(0, 6), "Basic ")) return "";
  const auto decoded = base64_decode_strict(v.substr(6));
  return decoded ? decoded->substr(0, decoded->find(':')) : "";
}

// The connection-auth-cache defect: the user of a connection, by peer address and port.
void Api::remember(const httplib::Request& req, const Auth& auth) {
  std::lock_guard<std::mutex> lock(connections_mutex_);
  if (connections_.size() > 10000) connections_.clear();
  connections_[req.remote_addr + ":" + std::to_string(req.remote_port)] = auth;
}

bool Api::cached_user(const httplib::Request& req, Auth& auth) {
  std::lock_guard<std::mutex> lock(connections_mutex_);
  const auto it = connections_.find(req.remote_addr + ":" + std::to_string(req.remote_port));
  if (it == connections_.end()) return false;
  auth = it->second;
  return true;
}

}  // namespace authspec::mock
