// API keys: /api/keyed/header (X-API-Key), /api/keyed/query (?api_key=) and /api/keyed/cookie
// (Cookie: api_key=) open alice's data; /api/keyed/objects/bob-1 is bob's, refused to her key
// (403). A missing, wrong, revoked or malformed key gets 401 with a challenge naming where the key
// goes: there is no registered scheme for API keys, and RFC 9110 §11.6.1 still requires one.
#include "mock_server/api.h"

namespace authspec::mock {
namespace {

constexpr const char* kAliceKey = "mock-key-alice-3f9a1c27d0";
constexpr const char* kBobKey = "mock-key-bob-81c0e44b2a";
constexpr const char* kRevokedKey = "mock-key-revoked-77e0c1d9";

// The key where a route reads it ("" when absent).
std::string key_in(const httplib::Request& req, const std::string& place) {
  if (place == "query") return req.has_param("api_key") ? req.get_param_value("api_key") : "";
  if (place == "cookie") {
    for (const auto& part : split(req.get_header_value("Cookie"), ";")) {
      const std::string c = trim(part);
      if (c.rfind("api_key=", 0) == 0) return c.substr(8);
    }
    return "";
  }
  return req.get_header_value("X-API-Key");
}

}  // namespace

void Api::keyed_route(const httplib::Request& req, httplib::Response& res,
                      const std::string& path) {
  res.set_header("Cache-Control", "no-store");
  const bool object = path == "/api/keyed/objects/bob-1";
  const std::string place = path == "/api/keyed/query"    ? "query"
                            : path == "/api/keyed/cookie" ? "cookie"
                                                          : "header";
  if (!object && place == "header" && path != "/api/keyed/header") {
    res.status = 404;
    res.set_content("{\"error\":\"not_found\"}\n", "application/json");
    return;
  }
  std::string key = key_in(req, place);
  // The object takes the key wherever it comes (the profile's place is the client's choice).
  for (const char* other : {"query", "cookie"})
    if (object && key.empty()) key = key_in(req, other);
  // A defective gateway also takes the key from the query string, where logs keep it.
  if (key.empty() && place == "header" && d_.has(Defect::kApiKeyFromQuery) &&
      req.has_param("X-API-Key"))
    key = req.get_param_value("X-API-Key");
  std::string user;
  if (key == kAliceKey) user = "alice";
  if (key == kBobKey) user = "bob";
  if (key == kRevokedKey && d_.has(Defect::kApiKeyRevokedWorks)) user = "alice";
  // A defective comparison: any key that starts with (or is a start of) a valid one.
  if (user.empty() && d_.has(Defect::kApiKeyPrefixMatch) && key.size() >= 8 &&
      (std::string(kAliceKey).rfind(key, 0) == 0 || key.rfind(kAliceKey, 0) == 0))
    user = "alice";
  if (user.empty()) {
    const bool forbid = d_.has(Defect::kApiKeyForbidden);
    res.status = forbid ? 403 : 401;
    if (!forbid && !d_.has(Defect::kApiKeyNoChallenge))
      res.set_header("WWW-Authenticate", "ApiKey realm=\"authspec-mock\", in=\"" + place +
                                             "\", name=\"" +
                                             (place == "header" ? "X-API-Key" : "api_key") + "\"");
    res.set_content(
        std::string("{\"error\":\"") + (key.empty() ? "key required" : "invalid key") + "\"}\n",
        "application/json");
    return;
  }
  if (req.method != "GET" && req.method != "HEAD") {
    res.status = 405;
    res.set_header("Allow", "GET, HEAD");
    return;
  }
  if (object && user != "bob" && !d_.has(Defect::kApiKeyForeignObject)) {
    res.status = 403;
    res.set_content("{\"error\":\"forbidden\",\"message\":\"not your object\"}\n",
                    "application/json");
    return;
  }
  if (d_.has(Defect::kApiKeyEchoed)) res.set_header("X-Api-Key-Used", key);
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(representation(path, object ? "bob" : user), "application/json");
}

}  // namespace authspec::mock
