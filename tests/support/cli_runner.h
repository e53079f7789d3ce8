// Runs the authspec CLI in-process and reads what it wrote.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace authspec::mock {
class MockServer;
}

namespace authspec::test {

struct CliRun {
  int code = -1;
  std::string out, err;
};

CliRun run_authspec(const std::vector<std::string>& args);

// Runs a shell command (sh -c); its exit code, and what it printed (stdout and stderr) into
// `output`. The command bounds its own time (timeout N ...) where it could hang.
int shell(const std::string& command, std::string* output = nullptr);

// A fresh temporary directory for one test (removed by the caller's TempDir).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  std::string path(const std::string& name) const { return dir_ + "/" + name; }
  std::string write(const std::string& name, const std::string& content) const;
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

std::string read_file(const std::string& path);
nlohmann::json read_json(const std::string& path);
// The exchanges a result of a JSON report refers to (by "exchange_ids"), as an array.
nlohmann::json result_exchanges(const nlohmann::json& report, const nlohmann::json& result);

// fixtures/mock.ini as text to be written elsewhere: key paths made absolute, and with
// base_url replaced when one is given.
std::string mock_profile_text(const std::string& base_url = "");
inline std::string mock_profile_for(const std::string& base_url) {
  return mock_profile_text(base_url);
}

// Where a running mock listens, and the file holding its certificate.
// A profile's settings: section headers and key = value lines, comments and blanks dropped (what
// import tests compare).
std::vector<std::string> profile_settings(const std::string& profile);

struct MockEndpoints {
  std::string url, cleartext_url, proxy_url, cacert_file;
};
// fixtures/mock.ini for a running mock: its URLs, and its certificate as tls.cacert (without a
// cleartext URL, [tls] http_url is dropped: a plain mock is probed as it is).
std::string mock_profile_text(const MockEndpoints& mock);
// The endpoints of an in-process mock, its certificate written into `dir`.
MockEndpoints endpoints_of(const mock::MockServer& server, const TempDir& dir);

// Every verdict is "pass" unless `expected_non_pass` names it (with its verdict), and every one
// it names ran (real-server tests: each non-pass checked by hand).
void expect_verdicts(const std::map<std::string, std::string>& verdicts,
                     const std::map<std::string, std::string>& expected_non_pass);

// What the gating tests run against, written into `tmp`: a baseline (a run of the `only`
// families, all when empty, with realm-unquoted failing CHAL-006) and a waivers file with a live
// waiver for TLS-004 (which hsts-missing makes warn) and a stale one for SESS-001.
struct GatingFixture {
  std::string baseline, waivers;
};
GatingFixture gating_fixture(const TempDir& tmp, const std::vector<std::string>& only = {});

// verdict by "CHECK resource" from a JSON report.
std::map<std::string, std::string> verdicts(const nlohmann::json& report);

// Did the run send a Digest answer again with the fresh nonce of a stale=true refusal (a loaded
// machine outlasting the mock's one-second nonces)? Its verdicts hold, but the run-wide checks
// then count one more 401 and challenge set, so their messages' numbers may differ.
bool run_renewed_a_nonce(const nlohmann::json& report);

}  // namespace authspec::test
