// Authorisation: admin roles and scopes, owned objects (a refusal looks the same whether the object
// exists), and step-up (RFC 9470).
#include "mock_server/api.h"

namespace authspec::mock {

bool Api::permitted(const Auth& auth) const {
  if (auth.scheme == "X-User") return auth.user == "admin" || auth.user == "alice";
  if (auth.scheme == "Basic") return users().count(auth.user) && users().at(auth.user).admin;
  return auth.scopes.count("admin") > 0;
}

// The editor role (/api/reviews): Basic editors and admins, Bearer tokens with "review" or "admin".
bool Api::editor(const Auth& auth) const {
  if (d_.has(Defect::kEditorRefused)) return permitted(auth);  // the role grants nothing
  if (auth.scheme == "Basic")
    return users().count(auth.user) &&
           (users().at(auth.user).editor || users().at(auth.user).admin ||
            d_.has(Defect::kRoleRefused200));  // the defect: the role is not checked for Basic
  return auth.scopes.count("review") > 0 || auth.scopes.count("admin") > 0;
}

// Objects: /api/objects/<owner>-<n> belong to their owner only (even admins may not read
// others'); /api/admin/objects/<id> are for admins. A refusal looks the same whether the object
// exists.
void Api::object(const httplib::Request& req, httplib::Response& res, const std::string& path) {
  static const Route owned{"GET", {"Basic", "Bearer"}};
  static const std::set<std::string> existing = {"/api/objects/alice-1", "/api/objects/bob-1",
                                                 "/api/admin/objects/1"};
  const bool admin_space = path.rfind("/api/admin/objects/", 0) == 0;
  Auth auth;
  try {
    auth = authenticate(req, owned);
  } catch (const InternalError&) {
    auth.state = AuthState::kInvalid;
  }
  if (auth.state == AuthState::kNone || auth.state == AuthState::kInvalid)
    return unauthorized(res, owned, auth);
  if (auth.state == AuthState::kMalformed) return bad_request(res, owned, auth);
  const bool exists = existing.count(path) > 0;
  bool allowed;
  if (admin_space) {
    allowed = permitted(auth);
    if (!allowed && !exists && d_.has(Defect::kAuthzRevealsExistence))
      allowed = true;  // ...to reach the 404
  } else {
    const std::string id = path.substr(std::string("/api/objects/").size());
    allowed = id.rfind(auth.user + "-", 0) == 0 || d_.has(Defect::kIdor);
  }
  if (!allowed) {
    res.status = 403;
    res.set_header("Cache-Control", "no-store");
    res.set_content("{\"error\":\"forbidden\"}\n", "application/json");
    return;
  }
  if (!exists) {
    res.status = 404;
    res.set_content("{\"error\":\"not_found\"}\n", "application/json");
    return;
  }
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(representation(path, auth.user), "application/json");
}

// RFC 9470 §3: a valid token whose authentication is too weak or too old: 401 (not 403).
void Api::step_up(httplib::Response& res, const Route&, const Auth&) {
  res.status = d_.has(Defect::kStepUp403) ? 403 : 401;
  add_challenges(
      res, {"Bearer " + realm_param() +
            ", error=\"insufficient_user_authentication\", error_description=\"a stronger or more "
            "recent authentication is required\"" +
            step_up_params_text()});
  res.set_header("Cache-Control", "no-store");
  res.set_content("{\"error\":\"insufficient_user_authentication\"}\n", "application/json");
}

std::string Api::step_up_params_text() const {
  if (d_.has(Defect::kStepUpBadParams))
    return ", acr_values=\"urn:authspec:mfa,urn:authspec:hwk\", max_age=\"5m\"";
  return ", acr_values=\"" + std::string(kStrongAcr) +
         "\", max_age=" + std::to_string(kStepUpMaxAge);
}

}  // namespace authspec::mock
