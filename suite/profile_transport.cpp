// [tls], [cors] and [proxy]: how the target is reached, from where, and through what.
#include <algorithm>
#include <tuple>

#include "suite/profile_reader.h"

namespace authspec {
namespace {

void load_tls(const ProfileReader& r, Profile& p, const ProfileOverrides& overrides) {
  p.tls.insecure = r.flag("insecure").value_or(p.tls.insecure);
  for (auto [key, field, file] : {std::tuple{"cacert", &p.tls.cacert_pem, &p.tls.cacert_file},
                                  std::tuple{"cert", &p.tls.cert_pem, &p.tls.cert_file},
                                  std::tuple{"key", &p.tls.key_pem, &p.tls.key_file}}) {
    if (r.text(key).value_or("").empty()) continue;
    const std::string content = r.file(key);
    if (content.find("-----BEGIN ") == std::string::npos) r.fail(key, *r.text(key) + " is not PEM");
    *field = content;
    *file = *r.text(key);
  }
  if (p.tls.insecure && !p.tls.cacert_pem.empty())
    r.fail("insecure", "true contradicts tls.cacert (verify with it, or skip verifying)");
  if (overrides.insecure) p.tls.insecure = *overrides.insecure;
  if (overrides.cacert_pem) p.tls.cacert_pem = *overrides.cacert_pem;
  if (auto v = overrides.http_url ? overrides.http_url : r.text("http_url"))
    p.tls.http_origin = r.origin(*v, "http_url", 0, "http://");
  p.tls.throwaway = r.password("throwaway_user", "throwaway_password");
}

void load_cors(const ProfileReader& r, Profile& p, const ProfileOverrides&) {
  if (!r.has("allowed_origin")) {
    if (r.has("disallowed_origin") || r.has("credentials"))
      r.fail(r.has("credentials") ? "credentials" : "disallowed_origin",
             "needs cors.allowed_origin (an origin the target allows)");
    return;
  }
  CorsSettings c;
  const auto lines = r.list("allowed_origin");
  for (std::size_t i = 0; i < lines.size(); ++i)
    c.allowed_origins.push_back(r.origin(lines[i], "allowed_origin", i, nullptr));
  if (auto v = r.text("disallowed_origin"))
    c.disallowed_origin = r.origin(*v, "disallowed_origin", 0, nullptr);
  if (std::find(c.allowed_origins.begin(), c.allowed_origins.end(), c.disallowed_origin) !=
      c.allowed_origins.end())
    r.fail("disallowed_origin", "is also an allowed_origin");
  c.credentials = r.flag("credentials").value_or(c.credentials);
  p.cors = c;
}

void load_proxy(const ProfileReader& r, Profile& p, const ProfileOverrides& overrides) {
  if (!r.has("url") && !overrides.proxy_url) {
    for (const char* key : {"user", "password", "password_file", "resource", "forbidden_user"})
      if (r.has(key)) r.fail(key, "needs proxy.url (where the forward proxy listens)");
    return;
  }
  ProxySettings px;
  px.origin =
      r.origin(overrides.proxy_url ? *overrides.proxy_url : *r.text("url"), "url", 0, nullptr);
  const auto cred = r.password("user", "password");
  if (!cred) r.fail("url", "needs proxy.user and proxy.password (the proxy's own)");
  px.credentials = *cred;
  px.forbidden = r.password("forbidden_user", "forbidden_password");
  if (r.has("resource")) {
    px.resource = r.resource("resource", false);
    // A protected resource, or a public one: a proxy in front of an origin that needs no
    // credentials of its own is judged on what that origin serves to anyone.
    bool found = false;
    for (const auto* list : {&p.protected_resources, &p.public_resources})
      for (const auto& res : *list)
        if (!found && res.method == px.resource->method && res.path == px.resource->path) {
          px.resource = res;
          found = true;
        }
    if (!found)
      r.fail("resource", px.resource->label() +
                             " is neither a protected nor a public resource of this profile");
  }
  p.proxy = px;
}

}  // namespace

void add_transport_sections(std::vector<ProfileSection>& out) {
  out.push_back(
      {{"tls",
        "For https targets: verification, a client certificate, the cleartext origin.",
        {{"insecure", KeyKind::kFlag, false, "skip certificate verification (--insecure)", "false"},
         {"cacert", KeyKind::kText, false, "a CA bundle to verify with, PEM (--cacert)"},
         {"cert", KeyKind::kText, false, "a client certificate, PEM (--cert)"},
         {"key", KeyKind::kText, false, "its private key, PEM (--key)"},
         {"http_url", KeyKind::kText, false, "the cleartext origin, http://host:port (TLS-002)"},
         {"throwaway_user", KeyKind::kText, false,
          "a Basic user that may be exposed over cleartext (TLS-001)"},
         {"throwaway_password", KeyKind::kText, true, "its password"},
         {"throwaway_password_file", KeyKind::kText, true, "a file holding it instead"}}},
       load_tls,
       "no [tls] http_url: the cleartext origin was not probed",
       [](const Profile& p) {
         return p.origin.rfind("https://", 0) != 0 || !p.tls.http_origin.empty();
       }});
  out.push_back(
      {{"cors",
        "The origins the target allows for browser clients (CORS).",
        {{"allowed_origin", KeyKind::kList, false, "an allowed origin, one per line"},
         {"disallowed_origin", KeyKind::kText, false, "an origin the target must refuse",
          "https://evil.example"},
         {"credentials", KeyKind::kFlag, false,
          "the target allows credentialed requests (Access-Control-Allow-Credentials)", "false"}}},
       load_cors,
       "no [cors] allowed_origin: CORS checks skipped",
       [](const Profile& p) { return p.cors.has_value(); }});
  out.push_back(
      {{"proxy",
        "A forward proxy in front of the target, with its own Basic credentials (RFC 9110 §11.7).",
        {{"url", KeyKind::kText, false, "the proxy's origin, http://host:port"},
         {"user", KeyKind::kText, false, "the proxy's user"},
         {"password", KeyKind::kText, true, "its password"},
         {"password_file", KeyKind::kText, true, "a file holding it instead"},
         {"resource", KeyKind::kText, false,
          "METHOD PATH of the protected (or public) resource fetched through it",
          "the first protected resource"},
         {"forbidden_user", KeyKind::kText, false,
          "a valid proxy user the proxy does not permit (PROXY-006: 403)"},
         {"forbidden_password", KeyKind::kText, true, "its password"}}},
       load_proxy,
       "no [proxy]: the proxy's own checks skipped",
       [](const Profile& p) { return p.proxy.has_value(); }});
}

}  // namespace authspec
