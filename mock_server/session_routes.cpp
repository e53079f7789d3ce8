// Cookie sessions: the login and logout routes and the per-user page the cookie opens, the session
// id (cookie, or the URL under a defect) and the cookie attributes.
#include "mock_server/api.h"

namespace authspec::mock {

// Cookie sessions: GET /login hands out an anonymous (pre-login) session, POST /login with a
// form user and password authenticates (with a new id), POST /logout ends the session on the
// server, and /api/session/me is the per-user resource the cookie opens.
void Api::session(const httplib::Request& req, httplib::Response& res, const std::string& path) {
  res.set_header("Cache-Control", "no-store");
  const std::string sid = session_id(req, path);
  if (path == "/login" && req.method == "GET") {
    res.set_header("Set-Cookie", session_cookie(sessions_.create("")));
    res.set_content("{\"login\":\"POST user and password as a form\"}\n", "application/json");
    return;
  }
  if (path == "/login" && req.method == "POST") {
    const std::string user = form_value(req.body, "user"), pass = form_value(req.body, "password");
    const auto u = users().find(user);
    if (u == users().end() || u->second.password != pass) {
      Auth none;
      none.why = "wrong user or password";
      return session_unauthorized(res, none.why);
    }
    std::string id;
    if (d_.has(Defect::kSessionFixation) && !sid.empty() && sessions_.exists(sid)) {
      sessions_.authenticate(sid, user);  // the pre-login id becomes the session: fixation
      id = sid;
    } else {
      if (!sid.empty()) sessions_.invalidate(sid);
      id = sessions_.create(user);
    }
    res.set_header("Set-Cookie", session_cookie(id));
    res.set_content("{\"user\":\"" + user + "\"}\n", "application/json");
    return;
  }
  if (path == "/logout" && req.method == "POST") {
    if (!d_.has(Defect::kLogoutKeepsSession)) sessions_.invalidate(sid);
    res.status = 204;
    res.set_header("Set-Cookie",
                   std::string(cookie_name()) + "=; Path=/; Max-Age=0; Secure; HttpOnly");
    return;
  }
  if (path.rfind("/api/session/me", 0) != 0 || (req.method != "GET" && req.method != "HEAD")) {
    res.status = 405;
    res.set_header("Allow", path == "/api/session/me" ? "GET, HEAD" : "GET, POST");
    return;
  }
  if (d_.has(Defect::kSessionForgery500) && !sid.empty() &&
      !std::regex_match(sid, std::regex("^[0-9a-f]{32}$"))) {
    res.status = 500;
    res.set_content("{\"error\":\"internal\",\"detail\":\"cannot decode session\"}\n",
                    "application/json");
    return;
  }
  const auto user =
      sid.empty() ? std::nullopt : sessions_.user_of(sid, d_.has(Defect::kSessionNeverExpires));
  if (!user) return session_unauthorized(res, "a session is required");
  res.set_header("Cache-Control", d_.has(Defect::kSessionPageCacheable) ? "public, max-age=600"
                                                                        : "private, no-store");
  res.set_content(representation("/api/session/me", *user), "application/json");
}

// The session id: from the cookie; from the URL only under a defect (";jsessionid=", "?sid=").
std::string Api::session_id(const httplib::Request& req, const std::string& path) const {
  const std::string cookies = req.get_header_value("Cookie");
  const std::string name = std::string(cookie_name()) + "=";
  for (std::size_t at = 0; at < cookies.size();) {
    std::size_t end = cookies.find(';', at);
    if (end == std::string::npos) end = cookies.size();
    std::string pair = cookies.substr(at, end - at);
    pair.erase(0, pair.find_first_not_of(' '));
    if (pair.rfind(name, 0) == 0) return pair.substr(name.size());
    at = end + 1;
  }
  if (d_.has(Defect::kSessionIdInUrl)) {
    if (req.has_param("sid")) return req.get_param_value("sid");
    const auto at = path.find(";jsessionid=");
    if (at != std::string::npos) return path.substr(at + 12);
  }
  return "";
}

std::string Api::session_cookie(const std::string& id) const {
  std::string c = std::string(cookie_name()) + "=" + id + "; Path=/";
  if (d_.has(Defect::kCookieBroadDomain)) c += "; Domain=authspec.test";
  if (!d_.has(Defect::kCookieNoSecure)) c += "; Secure";
  if (!d_.has(Defect::kCookieNoHttponly)) c += "; HttpOnly";
  if (!d_.has(Defect::kCookieNoSamesite)) c += "; SameSite=Lax";
  return c;
}

std::string Api::form_value(const std::string& body, const std::string& key) {
  std::string params = "&" + body;
  const auto at = params.find("&" + key + "=");
  if (at == std::string::npos) return "";
  const auto start = at + key.size() + 2;
  return httplib::detail::decode_url(params.substr(start, params.find('&', start) - start), true);
}

}  // namespace authspec::mock
