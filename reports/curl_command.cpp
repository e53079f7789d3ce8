#include <sstream>

#include "reports/report.h"

namespace authspec {
namespace {

// Single quotes for the shell, with each ' closed, escaped and reopened.
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string curl_command(const Exchange& ex, const ReportInput& in) {
  const Masker& masker = in.masker;
  std::string cmd = "curl -i --path-as-is";
  // The TLS options the run used: the bundled mock's certificate lives only for its run.
  if (ex.url.rfind("https://", 0) == 0) {
    const TlsSettings& tls = in.profile.tls;
    if (in.profile.bundled_mock || tls.insecure)
      cmd += " -k";
    else if (!tls.cacert_file.empty())
      cmd += " --cacert " + shell_quote(tls.cacert_file);
    if (!tls.cert_file.empty())
      cmd += " --cert " + shell_quote(tls.cert_file) + " --key " + shell_quote(tls.key_file);
  }
  if (ex.request.method == "HEAD")
    cmd += " --head";
  else if (ex.request.method != "GET")
    cmd += " -X " + shell_quote(ex.request.method);
  std::istringstream head(masker.request_head(ex));
  std::string line;
  std::getline(head, line);  // the request line
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto colon = line.find(':');
    const std::string name = line.substr(0, colon);
    if (iequals(name, "Host") || iequals(name, "User-Agent") || iequals(name, "Accept")) continue;
    if (line.find("[masked]") != std::string::npos) {
      const auto masked = line.find("[masked]");
      cmd += " -H \"" + line.substr(0, masked) + "$AUTHSPEC_CREDENTIAL\"";
    } else {
      cmd += " -H " + shell_quote(line);
    }
  }
  if (!ex.request.body.empty())
    cmd += " --data-binary " + shell_quote(masker.text(ex.request.body));
  return cmd + " " + shell_quote(masker.text(ex.url));
}

}  // namespace authspec
