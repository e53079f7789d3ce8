// authspec-mock: the bundled mock as a standalone server.
#include <pthread.h>

#include <boost/program_options.hpp>
#include <csignal>
#include <fstream>
#include <iostream>

#include "mock_server/mock_server.h"
#include "suite/option_errors.h"

namespace po = boost::program_options;
using namespace authspec::mock;

int main(int argc, char** argv) {
  po::options_description desc("authspec-mock options");
  std::vector<std::string> defects, proxies, origins;
  std::string cert_out, cors_credentials = "on";
  bool plain = false;
  MockOptions options;
  // clang-format off
  desc.add_options()
      ("help,h", "show this help")
      ("port", po::value<int>(&options.port)->default_value(0), "port of the API (0: ephemeral)")
      ("bind", po::value<std::string>(&options.bind)->default_value("127.0.0.1"), "address to bind")
      ("defect", po::value<std::vector<std::string>>(&defects)->composing(),
       "plant a named defect (repeatable)")
      ("trusted-proxy", po::value<std::vector<std::string>>(&proxies)->composing(),
       "a peer address whose forwarding headers are believed (repeatable)")
      ("threads", po::value<int>(&options.threads)->default_value(128), "worker threads")
      ("plain", po::bool_switch(&plain), "serve plain http only (no TLS, no cleartext redirect port)")
      ("tls-cert", po::value<std::string>(&options.tls_cert_file),
       "TLS certificate (PEM); default: one generated in memory at start")
      ("tls-key", po::value<std::string>(&options.tls_key_file), "the certificate's private key (PEM)")
      ("cert-out", po::value<std::string>(&cert_out),
       "write the certificate in use to this file (to pass to authspec --cacert)")
      ("cors-origin", po::value<std::vector<std::string>>(&origins)->composing(),
       "a CORS origin to allow (repeatable; default https://app.authspec.test)")
      ("cors-credentials", po::value<std::string>(&cors_credentials),
       "on|off: allow credentialed CORS requests (Access-Control-Allow-Credentials)")
      ("list-defects", "list the named defects and exit");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
    if (options.port < 0 || options.port > 65535) throw po::error("--port must be 0 to 65535");
    if (options.threads < 1 || options.threads > 512) throw po::error("--threads must be 1 to 512");
    if (options.tls_cert_file.empty() != options.tls_key_file.empty())
      throw po::error("--tls-cert and --tls-key go together");
    if (plain && !options.tls_cert_file.empty())
      throw po::error("--plain serves no TLS: drop --tls-cert/--tls-key");
    if (cors_credentials != "on" && cors_credentials != "off")
      throw po::error("--cors-credentials must be on or off");
    options.tls = !plain;
    options.cors.credentials = cors_credentials == "on";
    if (!origins.empty()) options.cors.origins = origins;
    options.defects = Defects(defects);
    options.trusted_proxies.insert(proxies.begin(), proxies.end());
  } catch (const po::error& e) {
    std::cerr << "authspec-mock: " << authspec::option_error_text(e) << "\n";
    return 2;
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
  if (!cert_out.empty()) {
    std::ofstream out(cert_out, std::ios::binary);
    out << server.ca_pem();
    if (!out || server.ca_pem().empty()) {
      std::cerr << "authspec-mock: cannot write the certificate to " << cert_out
                << (server.ca_pem().empty() ? " (--plain serves no TLS)" : "") << "\n";
      return 2;
    }
  }
  std::cout << "listening on " << server.url() << "\n";
  if (!server.cleartext_url().empty())
    std::cout << "cleartext " << server.cleartext_url() << " (redirects to https)\n";
  std::cout << "proxy " << server.proxy_url() << " (user " << kProxyUser << ")" << std::endl;
  int sig = 0;
  sigwait(&stop_signals, &sig);
  server.stop();
  std::cerr << "authspec-mock: stopped\n";
  return 0;
}
