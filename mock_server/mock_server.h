// The bundled mock: a reference-correct protected API (cpp-httplib) in which each well-known
// defect can be switched on by name. It is authspec's embedded default target.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "mock_server/defects.h"

namespace authspec::mock {

// What the mock serves; fixtures/mock.ini describes the same.
inline constexpr const char* kCanary = "AUTHSPEC-CANARY-7d41c9";
inline constexpr const char* kRealm = "authspec-mock";

struct MockOptions {
  std::string bind = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port
  Defects defects;
  int threads = 16;  // at least the prober's concurrency, or keep-alive connections queue
  // Peers whose forwarding headers are believed (none by default: a client's claim is never).
  std::set<std::string> trusted_proxies;
};

class MockServer {
 public:
  explicit MockServer(MockOptions options);
  ~MockServer();  // stops the server
  MockServer(const MockServer&) = delete;
  MockServer& operator=(const MockServer&) = delete;

  // Binds and starts serving on a background thread; returns the port. Throws std::runtime_error
  // when the address cannot be bound.
  int start();
  void stop();
  int port() const;
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authspec::mock
