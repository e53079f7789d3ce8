#include "suite/oauth_fetch.h"

#include <nlohmann/json.hpp>

#include "suite/base64.h"

namespace authspec {

Request token_request(const Profile& p, const std::string& client_secret,
                      const std::string& label) {
  return token_request(*p.oauth, client_secret, label);
}

Request token_request(const OAuthSettings& o, const std::string& client_secret,
                      const std::string& label) {
  Request req;
  req.method = "POST";
  req.target = o.path;
  req.origin = o.origin;
  req.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  req.headers.emplace_back("Accept", "application/json");
  auto add = [&](const std::string& name, const std::string& value) {
    if (value.empty()) return;
    req.body += (req.body.empty() ? "" : "&") + query_escape(name) + "=" + query_escape(value);
  };
  add("grant_type", o.grant);
  if (o.grant == "password") {
    add("username", o.owner->user);
    add("password", o.owner->password);
  }
  if (o.grant == "refresh_token") add("refresh_token", o.refresh_token);
  add("scope", o.scope);
  add("audience", o.audience);
  if (o.basic_auth) {
    // RFC 6749 §2.3.1: the client id and secret are form-encoded before Basic encodes them.
    req.headers.emplace_back(
        "Authorization",
        "Basic " + base64_encode(query_escape(o.client_id) + ":" + query_escape(client_secret)));
  } else {
    add("client_id", o.client_id);
    add("client_secret", client_secret);
  }
  req.credential = "oauth:" + label;
  req.carries_secret = true;
  return req.as(label);
}

TokenAnswer read_token_answer(const Exchange& ex) {
  TokenAnswer a;
  if (!ex.ok()) {
    a.error = ex.error.empty() ? failure_kind_name(ex.failure) : ex.error;
    return a;
  }
  a.answered = true;
  const auto body = nlohmann::json::parse(*ex.response.body.text(), nullptr, false);
  const bool object = body.is_object();
  if (ex.response.status < 200 || ex.response.status > 299) {
    a.error = "the token endpoint answered " + std::to_string(ex.response.status);
    if (object && body.contains("error") && body["error"].is_string())
      a.error += " " + body["error"].get<std::string>();
    return a;
  }
  if (!object || !body.contains("access_token") || !body["access_token"].is_string() ||
      body["access_token"].get<std::string>().empty()) {
    a.error = "the token endpoint's " + std::to_string(ex.response.status) +
              " holds no access_token (a JSON object is due, RFC 6749 §5.1)";
    return a;
  }
  a.access_token = body["access_token"].get<std::string>();
  if (body.contains("refresh_token") && body["refresh_token"].is_string())
    a.refresh_token = body["refresh_token"].get<std::string>();
  if (body.contains("expires_in") && body["expires_in"].is_number_integer())
    a.expires_in = body["expires_in"].get<long>();
  return a;
}

Exchange send_token_request(const OAuthSettings& o, const ProberOptions& options,
                            std::chrono::milliseconds timeout) {
  ProberOptions to = options;
  if (!o.origin.empty()) to.origin = o.origin;
  Prober prober(to);
  return prober.send(token_request(o, o.client_secret, "token"), timeout);
}

TokenAnswer fetch_token(const Profile& p, const ProberOptions& options,
                        std::chrono::milliseconds timeout) {
  return read_token_answer(send_token_request(*p.oauth, options, timeout));
}

DiscoveredEndpoint discover_token_endpoint(const OAuthSettings& o, const ProberOptions& options,
                                           std::chrono::milliseconds timeout) {
  ProberOptions to = options;
  if (!o.discovery_origin.empty()) to.origin = o.discovery_origin;
  Request req;
  req.method = "GET";
  req.target = o.discovery_path;
  req.headers.emplace_back("Accept", "application/json");
  req.credential = "none (OpenID Connect discovery)";
  Prober prober(to);
  const Exchange ex = prober.send(req, timeout);
  DiscoveredEndpoint d;
  const std::string where = to.origin + o.discovery_path;
  if (!ex.ok()) {
    d.error = where + ": " + (ex.error.empty() ? failure_kind_name(ex.failure) : ex.error);
    return d;
  }
  d.answered = true;
  const auto body = nlohmann::json::parse(*ex.response.body.text(), nullptr, false);
  if (ex.response.status < 200 || ex.response.status > 299 || !body.is_object() ||
      !body.contains("token_endpoint") || !body["token_endpoint"].is_string()) {
    d.error = where + " answered " + std::to_string(ex.response.status) +
              " without a token_endpoint (OpenID Connect Discovery 1.0 §3)";
    return d;
  }
  const std::string endpoint = body["token_endpoint"].get<std::string>();
  try {
    parse_base_url(endpoint, "token_endpoint", d.origin, d.path);
  } catch (const ProfileError& e) {
    d.error = where + ": token_endpoint " + endpoint + ": " + e.what();
    return d;
  }
  if (d.path.empty()) d.path = "/";
  return d;
}

OAuthSettings client_of(const Profile& p, const RoleIdentity& id) {
  OAuthSettings client = *p.oauth;
  client.client_id = id.client_id;
  client.client_secret = id.client_secret;
  client.grant = "client_credentials";
  return client;
}

}  // namespace authspec
