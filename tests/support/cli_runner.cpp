#include "tests/support/cli_runner.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/cli.h"

namespace authspec::test {

CliRun run_authspec(const std::vector<std::string>& args) {
  std::ostringstream out, err;
  CliRun r;
  r.code = run_cli(args, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
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

std::string mock_profile_text(const std::string& base_url) {
  const std::string fixtures = AUTHSPEC_SOURCE_DIR "/fixtures";
  std::string text = read_file(fixtures + "/mock.ini");
  for (auto at = text.find("= keys/"); at != std::string::npos; at = text.find("= keys/", at + 2))
    text.replace(at, 2, "= " + fixtures + "/");
  if (!base_url.empty()) {
    const auto at = text.find("base_url = ");
    text.replace(at, text.find('\n', at) - at, "base_url = " + base_url);
  }
  return text;
}

std::map<std::string, std::string> verdicts(const nlohmann::json& report) {
  std::map<std::string, std::string> out;
  for (const auto& r : report["results"])
    out[r["check"].get<std::string>() + " " + r["resource"].get<std::string>()] = r["verdict"];
  return out;
}

}  // namespace authspec::test
