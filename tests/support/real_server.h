// A real server (nginx, Apache httpd) from Debian's package, started in the foreground on a free
// loopback port from a config template in fixtures/, and stopped with the test.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/cli_runner.h"
#include "tests/support/process.h"

namespace authspec::test {

class RealServer {
 public:
  // Copies fixtures/<fixture>/{html, and each of `files`} into a private prefix, fills
  // @PREFIX@, @PORT@ and `extra` into fixtures/<fixture>/<conf_template>, and runs `argv` (where
  // "@PREFIX@" and "@CONF@" are replaced). Waits (bounded) until the port accepts connections.
  RealServer(const std::string& fixture, const std::string& conf_template,
             const std::vector<std::string>& files, std::vector<std::string> argv,
             const std::map<std::string, std::string>& extra = {});
  ~RealServer();  // stops it (SIGTERM, then SIGKILL)
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  bool up() const;
  std::string error_log() const { return read_file(tmp_.path("error.log")); }

 private:
  TempDir tmp_;
  int port_ = 0;
  std::unique_ptr<Process> process_;
};

}  // namespace authspec::test
