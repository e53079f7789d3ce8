// A raw TCP server on 127.0.0.1 for hostile-target tests: it answers every request with fixed bytes
// (garbage, a malformed status line...) or never answers. Bounded: it stops with the test.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace authspec::test {

class RawServer {
 public:
  enum class Mode { kReply, kSilent };
  RawServer(Mode mode, std::string reply = "");
  ~RawServer();
  int port() const { return port_; }
  int connections() const { return connections_.load(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve();
  Mode mode_;
  std::string reply_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
  std::vector<int> open_;
};

// A loopback port with nothing listening on it (bound, then closed).
int closed_port();

}  // namespace authspec::test
