// authspec-mock: the bundled mock as a standalone server.
#include <pthread.h>

#include <boost/program_options.hpp>
#include <csignal>
#include <iostream>

#include "mock_server/mock_server.h"

namespace po = boost::program_options;
using namespace authspec::mock;

int main(int argc, char** argv) {
  po::options_description desc("authspec-mock options");
  std::vector<std::string> defects, proxies;
  MockOptions options;
  desc.add_options()("help,h", "show this help")(
      "port", po::value<int>(&options.port)->default_value(0), "port to listen on (0: ephemeral)")(
      "bind", po::value<std::string>(&options.bind)->default_value("127.0.0.1"), "address to bind")(
      "defect", po::value<std::vector<std::string>>(&defects)->composing(),
      "plant a named defect (repeatable)")(
      "threads", po::value<int>(&options.threads)->default_value(16), "worker threads")(
      "list-defects", "list the named defects and exit");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
    if (options.port < 0 || options.port > 65535) throw po::error("--port must be 0 to 65535");
    if (options.threads < 1 || options.threads > 512) throw po::error("--threads must be 1 to 512");
    options.defects = Defects(defects);
    options.trusted_proxies.insert(proxies.begin(), proxies.end());
  } catch (const std::exception& e) {
    std::cerr << "authspec-mock: " << e.what() << "\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << "Usage: authspec-mock [options]\n" << desc;
    return 0;
  }
  if (vm.count("list-defects")) {
    for (const auto& d : all_defects()) std::cout << d.name << "\t" << d.breaks << "\n";
    return 0;
  }
  // Signals are taken by sigwait below, never by the server threads.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  MockServer server(options);
  try {
    server.start();
  } catch (const std::exception& e) {
    std::cerr << "authspec-mock: " << e.what() << "\n";
    return 3;
  }
  std::cout << "listening on " << server.url() << std::endl;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  std::cerr << "authspec-mock: stopped\n";
  return 0;
}
