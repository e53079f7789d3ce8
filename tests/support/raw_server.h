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
  // kReply: the fixed bytes, then close. kSilent: never answer. kHeadContent: a keep-alive HTTP
  // server that answers 401 to everything and sends content after HEAD responses too, in the
  // same write as the header block; kHeadContentLater sends it 50 ms later, in a write of its own.
  // kReset: read the request, then reset the connection (RST). kTrickle: the reply one byte every
  // 100 ms (at most 5 s a connection).
  enum class Mode { kReply, kSilent, kHeadContent, kHeadContentLater, kReset, kTrickle };
  RawServer(Mode mode, std::string reply = "");
  ~RawServer();
  int port() const { return port_; }
  int connections() const { return connections_.load(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve();
  void keep_alive(int fd);
  Mode mode_;
  std::string reply_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
  std::vector<int> open_;
  std::vector<std::thread> conversations_;
};

// A loopback port with nothing listening on it (bound, then closed).
int closed_port();

}  // namespace authspec::test
