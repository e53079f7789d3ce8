// Resources: the protected representation (with the canary), its Cache-Control, the Digest-only
// route and the password-reset form.
#include "mock_server/api.h"

namespace authspec::mock {

std::string Api::representation(const std::string& path, const std::string& user) {
  return "{\"resource\":\"" + path + "\",\"user\":\"" + user + "\",\"secret\":\"" + kCanary +
         "\"}\n";
}

// The Cache-Control of authenticated content: private and not stored (RFC 9111 §3.5, §5.2.2).
void Api::cache_authenticated(httplib::Response& res, bool deceived) const {
  if (deceived || d_.has(Defect::kAuthenticatedPublicCache))
    res.set_header("Cache-Control", deceived ? "public, max-age=3600" : "public, max-age=600");
  else if (d_.has(Defect::kNoCacheControl))
    res.set_header("Pragma", "no-cache");
  else if (d_.has(Defect::kCacheableWithoutVary))
    res.set_header("Cache-Control", "private, max-age=300");
  else
    res.set_header("Cache-Control", "private, no-store");
}

// GET /api/digest: Digest authentication only (RFC 7616), realm naming the host (§5.2).
void Api::digest_route(const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  std::string host = req.get_header_value("Host");
  host = host.substr(0, host[0] == '[' ? host.find(']') + 1 : host.find(':'));
  const std::string realm =
      d_.has(Defect::kDigestGenericRealm) ? "Restricted" : "authspec-mock@" + host;
  const std::string value = req.get_header_value("Authorization");
  DigestOutcome outcome;
  if (value.size() > 7 && iequals(value.substr(0, 7), "Digest ")) {
    std::vector<std::string> names;
    for (const auto& [name, u] : users()) names.push_back(name);
    outcome = digest_.verify(
        req.method, req.target, value, realm,
        [](const std::string& user) -> std::optional<std::string> {
          const auto it = users().find(user);
          return it == users().end() ? std::nullopt : std::optional(it->second.password);
        },
        names);
  }
  if (outcome.status == 200 && req.method != "GET" && req.method != "HEAD") {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    return;
  }
  res.status = outcome.status;
  if (outcome.status == 200) {
    if (!outcome.authentication_info.empty())
      res.set_header("Authentication-Info", outcome.authentication_info);
    res.set_header("Cache-Control", "private, no-store");
    res.set_content(representation("/api/digest", outcome.user), "application/json");
    return;
  }
  if (outcome.status == 401)
    for (const auto& c : digest_.challenges(realm, outcome.stale))
      res.headers.emplace("WWW-Authenticate", c);
  res.set_content("{\"error\":\"" +
                      std::string(outcome.status == 401   ? "unauthorized"
                                  : outcome.status == 400 ? "invalid_request"
                                                          : "internal") +
                      "\",\"message\":\"" +
                      (outcome.why.empty() ? "credentials required" : outcome.why) + "\"}\n",
                  "application/json");
}

// POST /password-reset (form user=...): the same answer whether or not the account exists.
void Api::password_reset(const httplib::Request& req, httplib::Response& res) {
  res.set_header("Cache-Control", "no-store");
  if (req.method != "POST") {
    res.status = 405;
    res.set_header("Allow", "POST");
    return;
  }
  if (d_.has(Defect::kEnumReset) && !users().count(form_value(req.body, "user"))) {
    res.status = 404;
    res.set_content("{\"error\":\"no such account\"}\n", "application/json");
    return;
  }
  res.status = 202;
  res.set_content("{\"message\":\"if the account exists, a reset link is on its way\"}\n",
                  "application/json");
}

}  // namespace authspec::mock
