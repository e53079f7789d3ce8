// Sends one Request and records the exchange byte-exact. Built on libcurl (see docs/design.md: the
// Debian cpp-httplib client percent-decodes and reorders response headers, which a checker cannot
// have).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "suite/http.h"

namespace authspec {

struct ProberOptions {
  std::string origin;  // scheme://host[:port], no path
  std::chrono::milliseconds timeout{10000};
  bool insecure = false;
  std::string cacert_pem;            // CA bundle to verify the server with (PEM text)
  std::string cert_pem, key_pem;     // client certificate and key (PEM text)
  std::size_t body_limit = 1 << 20;  // bytes kept of each response body
  std::string user_agent;
};

// One Prober per thread: it keeps its connection alive between requests.
class Prober {
 public:
  explicit Prober(ProberOptions options);
  ~Prober();
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;

  // Never throws for network trouble: the failure is recorded in the Exchange. `cancel`, when
  // set, aborts the transfer (the run's deadline).
  Exchange send(const Request& request, std::chrono::milliseconds timeout,
                const std::atomic<bool>* cancel = nullptr);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `value` percent-encoded for a URI query (RFC 3986 §2.1: every byte but the unreserved ones).
std::string query_escape(const std::string& value);

}  // namespace authspec
