#include "tests/support/raw_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace authspec::test {
namespace {
int listen_loopback(int& port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 64) != 0)
    throw std::runtime_error("cannot listen on 127.0.0.1");
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}
}  // namespace

RawServer::RawServer(Mode mode, std::string reply) : mode_(mode), reply_(std::move(reply)) {
  listener_ = listen_loopback(port_);
  thread_ = std::thread([this] { serve(); });
}

RawServer::~RawServer() {
  stop_ = true;
  thread_.join();
  for (auto& t : conversations_) t.join();
  for (int fd : open_) close(fd);
  close(listener_);
}

void RawServer::serve() {
  // Poll in short slices so the destructor's stop flag ends the loop promptly.
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    const int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) continue;
    ++connections_;
    if (mode_ == Mode::kSilent) {
      open_.push_back(fd);  // held open, never answered
      continue;
    }
    if (mode_ == Mode::kHeadContent || mode_ == Mode::kHeadContentLater) {
      if (conversations_.size() < 256)
        conversations_.emplace_back([this, fd] { keep_alive(fd); });
      else
        close(fd);
      continue;
    }
    // Read the request head (bounded), answer, close.
    std::string head;
    char buf[4096];
    for (int i = 0; i < 100 && head.find("\r\n\r\n") == std::string::npos; ++i) {
      pollfd q{fd, POLLIN, 0};
      if (poll(&q, 1, 50) <= 0) break;
      const ssize_t n = recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      head.append(buf, static_cast<size_t>(n));
    }
    if (mode_ == Mode::kReset) {
      linger hard{1, 0};  // close() then sends RST instead of FIN
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    } else if (mode_ == Mode::kTrickle) {
      for (std::size_t i = 0; i < reply_.size() && i < 50 && !stop_; ++i) {
        if (send(fd, reply_.data() + i, 1, MSG_NOSIGNAL) != 1) break;
        usleep(100000);
      }
    } else {
      ssize_t sent = send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
      (void)sent;
    }
    close(fd);
  }
}

void RawServer::keep_alive(int fd) {
  static const std::string body = "unauthorized";
  const std::string head =
      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"raw\"\r\n"
      "Content-Type: text/plain\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n";
  std::string in;
  char buf[4096];
  // Bounded: at most 200 requests or 2,000 idle polls of 10 ms, and it stops with the server.
  for (int requests = 0, idle = 0; !stop_ && requests < 200 && idle < 2000;) {
    const auto end = in.find("\r\n\r\n");
    if (end != std::string::npos) {
      const bool is_head = in.rfind("HEAD ", 0) == 0;
      in.erase(0, end + 4);  // requests here carry no content
      ++requests;
      if (is_head && mode_ == Mode::kHeadContentLater) {
        (void)send(fd, head.data(), head.size(), MSG_NOSIGNAL);
        usleep(50000);
        (void)send(fd, body.data(), body.size(), MSG_NOSIGNAL);
      } else {
        const std::string out = head + body;  // HEAD included: the defect under test
        (void)send(fd, out.data(), out.size(), MSG_NOSIGNAL);
      }
      continue;
    }
    pollfd q{fd, POLLIN, 0};
    if (poll(&q, 1, 10) <= 0) {
      ++idle;
      continue;
    }
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    idle = 0;
    in.append(buf, static_cast<size_t>(n));
  }
  close(fd);
}

int closed_port() {
  int port = 0;
  const int fd = listen_loopback(port);
  close(fd);
  return port;
}

}  // namespace authspec::test
