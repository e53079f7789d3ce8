#include "tests/support/cli_runner.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"
#include "mock_server/mock_server.h"

namespace authspec::test {

CliRun run_authspec(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CliRun r;
  r.code = run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

int shell(const std::string& command, std::string* output) {
  std::string text;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return -1;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
  const int status = pclose(pipe);
  if (output) *output = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "authspec-test-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string TempDir::write(const std::string& name, const std::string& content) const {
  std::ofstream(path(name), std::ios::binary) << content;
  return path(name);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

nlohmann::json read_json(const std::string& path) {
  return nlohmann::json::parse(read_file(path));
}

nlohmann::json result_exchanges(const nlohmann::json& report, const nlohmann::json& result) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& id : result.at("exchange_ids"))
    out.push_back(report.at("exchanges").at(id.get<std::size_t>()));
  return out;
}

namespace {

void set_key(std::string& text, const std::string& section, const std::string& key,
             const std::string& value) {
  const auto in = text.find("[" + section + "]");
  const auto at = text.find("\n" + key + " =", in) + 1;
  const auto end = text.find('\n', at);
  text.replace(at, end - at, value.empty() ? "# " + key + " =" : key + " = " + value);
}

std::string fixture_text() {
  const std::string fixtures = AUTHSPEC_SOURCE_DIR "/fixtures";
  std::string text = read_file(fixtures + "/mock.ini");
  for (auto at = text.find("= keys/"); at != std::string::npos; at = text.find("= keys/", at + 2))
    text.replace(at, 2, "= " + fixtures + "/");
  return text;
}

}  // namespace

std::string mock_profile_text(const std::string& base_url) {
  std::string text = fixture_text();
  if (!base_url.empty()) {
    // Only the given target: no cleartext port and no proxy beside it.
    set_key(text, "target", "base_url", base_url);
    set_key(text, "tls", "http_url", "");
    const auto proxy = text.find("[proxy]");
    text.erase(proxy, text.find("\n[", proxy) + 1 - proxy);
  }
  return text;
}

std::string mock_profile_text(const MockEndpoints& mock) {
  std::string text = fixture_text();
  set_key(text, "target", "base_url", mock.url);
  set_key(text, "tls", "cacert", mock.cacert_file);
  set_key(text, "tls", "http_url", mock.cleartext_url);
  set_key(text, "proxy", "url", mock.proxy_url);
  return text;
}

std::vector<std::string> profile_settings(const std::string& profile) {
  std::vector<std::string> out;
  std::istringstream in(profile);
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

MockEndpoints endpoints_of(const mock::MockServer& server, const TempDir& dir) {
  return {server.url(), server.cleartext_url(), server.proxy_url(),
          server.ca_pem().empty() ? "" : dir.write("mock-ca.pem", server.ca_pem())};
}

void expect_verdicts(const std::map<std::string, std::string>& v,
                     const std::map<std::string, std::string>& expected_non_pass) {
  for (const auto& [key, verdict] : v) {
    const auto it = expected_non_pass.find(key);
    EXPECT_EQ(verdict, it == expected_non_pass.end() ? "pass" : it->second) << key;
  }
  for (const auto& [key, verdict] : expected_non_pass)
    EXPECT_TRUE(v.count(key)) << key << " did not run";
}

std::map<std::string, std::string> verdicts(const nlohmann::json& report) {
  std::map<std::string, std::string> out;
  for (const auto& r : report["results"])
    out[r["check"].get<std::string>() + " " + r["resource"].get<std::string>()] = r["verdict"];
  return out;
}

bool run_renewed_a_nonce(const nlohmann::json& report) {
  for (const auto& ex : report["exchanges"])
    if (ex["request"].value("preceded_by", "").find("stale=true") != std::string::npos) return true;
  return false;
}

GatingFixture gating_fixture(const TempDir& tmp, const std::vector<std::string>& only) {
  GatingFixture f{tmp.path("before.json"),
                  tmp.write("waivers.txt",
                            "TLS-004 | * | 2099-12-31 | HSTS comes with the CDN in 2027\n"
                            "SESS-001 | * | 2099-12-31 | fixed long ago\n")};
  std::vector<std::string> args = {"run",    "--no-color", "--mock-defect", "realm-unquoted",
                                   "--json", f.baseline};
  for (const auto& family : only) args.insert(args.end(), {"--only", family});
  EXPECT_EQ(run_authspec(args).code, 1);
  return f;
}

}  // namespace authspec::test
