// The bundled mock: a reference-correct protected API (cpp-httplib) in which each well-known
// defect can be switched on by name. It is authspec's embedded default target.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mock_server/clocks.h"
#include "mock_server/cors.h"
#include "mock_server/defects.h"

namespace authspec::mock {

// What the mock serves; fixtures/mock.ini describes the same.
inline constexpr const char* kCanary = "AUTHSPEC-CANARY-7d41c9";
inline constexpr const char* kRealm = "authspec-mock";
// The forward proxy's own credentials and realm (RFC 9110 §11.7).
inline constexpr const char* kProxyUser = "proxy";
inline constexpr const char* kProxyPassword = "proxy-pass-2026";
// A valid proxy user the proxy does not permit (403).
inline constexpr const char* kProxyGuest = "proxy-guest";
inline constexpr const char* kProxyGuestPassword = "guest-pass-2026";
inline constexpr const char* kProxyRealm = "authspec-proxy";

struct MockOptions {
  std::string bind = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port
  Defects defects;
  int threads = 128;  // many: idle connections each hold one for up to the 1 s read timeout
  // Peers whose forwarding headers are believed (none by default: a client's claim is never).
  std::set<std::string> trusted_proxies;
  // https with a certificate generated in memory (or read from the two files), plus a cleartext
  // port that redirects to it. false: plain http only.
  bool tls = true;
  std::string tls_cert_file, tls_key_file;
  CorsSettings cors;
  // For tests of a run during which an account gets locked (by someone else): after this many
  // successful Basic logins a user is refused with 401 like a wrong password. 0: never.
  int lock_basic_users_after = 0;
  MockClocks clocks;
};

class MockServer {
 public:
  explicit MockServer(MockOptions options);
  ~MockServer();  // stops the server
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds and starts serving on background threads; returns the API's port. Throws
  // std::runtime_error when an address cannot be bound or the TLS files cannot be used.
  int start();
  void stop();
  int port() const;
  std::string url() const;            // the API: https://HOST:PORT (http:// without TLS)
  std::string cleartext_url() const;  // the cleartext port of the https API ("" without TLS)
  std::string proxy_url() const;      // the forward proxy in front of the API
  std::string ca_pem() const;         // the certificate to trust ("" without TLS)

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authspec::mock
