#include "tests/support/real_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "tests/support/raw_server.h"

namespace authspec::test {
namespace {

namespace fs = std::filesystem;

bool accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

void fill(std::string& text, const std::string& key, const std::string& value) {
  for (auto at = text.find(key); at != std::string::npos; at = text.find(key))
    text.replace(at, key.size(), value);
}

}  // namespace

RealServer::RealServer(const std::string& fixture, const std::string& conf_template,
                       const std::vector<std::string>& files, std::vector<std::string> argv,
                       const std::map<std::string, std::string>& extra) {
  const std::string source = AUTHSPEC_SOURCE_DIR "/fixtures/" + fixture;
  const std::string prefix = tmp_.dir();
  fs::copy(source + "/html", prefix + "/html", fs::copy_options::recursive);
  for (const auto& f : files) fs::copy(source + "/" + f, prefix + "/" + f);
  fs::create_directories(prefix + "/tmp");
  // Servers started as root drop to an unprivileged user, which must still read the prefix.
  fs::permissions(prefix, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  port_ = closed_port();
  std::string conf = read_file(source + "/" + conf_template);
  fill(conf, "@PREFIX@", prefix);
  fill(conf, "@PORT@", std::to_string(port_));
  for (const auto& [key, value] : extra) fill(conf, key, value);
  const std::string conf_path = tmp_.write("server.conf", conf);
  for (auto& arg : argv) {
    fill(arg, "@PREFIX@", prefix);
    fill(arg, "@CONF@", conf_path);
  }
  process_ = std::make_unique<Process>(argv);
  for (int i = 0; i < 500 && !accepts_connections(port_); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

RealServer::~RealServer() {
  if (process_->stop(SIGTERM, 5000) < 0) process_->stop(SIGKILL, 1000);
}

bool RealServer::up() const {
  return accepts_connections(port_);
}

}  // namespace authspec::test
