// Never crash, never hang, never lie: bad profiles and options, report paths, unusable answers.
// Each test here failed before its fix (the issue lists them); every run is bounded by its own
// timeout and deadline.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>

#include "mock_server/mock_server.h"
#include "suite/base64.h"
#include "tests/support/cli_runner.h"
#include "tests/support/raw_server.h"

namespace authspec::test {
namespace {

bool one_line(const std::string& s) {
  return !s.empty() && s.find('\n') == s.size() - 1;
}

// One line saying why, after whatever live progress a long run printed first ("authspec: ..."
// lines at most every 5 s; the error lines are "authspec run: ...").
bool one_line_after_progress(const std::string& s) {
  std::size_t start = 0;
  while (s.compare(start, 10, "authspec: ") == 0 && s.find('\n', start) != std::string::npos)
    start = s.find('\n', start) + 1;
  return one_line(s.substr(start));
}

// A compact JWS with the given header and payload JSON (the signature does not matter here).
std::string jws(const std::string& header, const std::string& payload) {
  return base64url_encode(header) + "." + base64url_encode(payload) + ".c2ln";
}

// fixtures/mock.ini with a [jwt] token of the given header and payload.
std::string profile_with_jwt(const std::string& token) {
  std::string text = mock_profile_text("https://127.0.0.1:9");
  const auto at = text.find("\nkid = mock-rs");
  text.insert(at + 1, "token = " + token + "\n");
  return text;
}

// A JWT member of an unexpected type or range was a std::terminate (exit 134) in the plans; it
// is a profile error naming the key.
TEST(BadProfile, JwtMembersOfTheWrongTypeAreAProfileError) {
  const std::string payload = R"({"sub":"alice","exp":4102444800})";
  for (const auto& token :
       {jws(R"({"alg":5})", payload), jws(R"({"alg":null})", payload),
        jws(R"({"alg":"RS256","kid":7})", payload),
        jws(R"({"alg":"RS256"})", R"({"sub":"alice","exp":"soon"})"),
        jws(R"({"alg":"RS256"})", R"({"sub":"alice","exp":1e300})"),
        jws(R"({"alg":"RS256"})", R"({"sub":"alice","exp":9223372036854775807})"),
        jws(R"({"alg":"RS256"})", R"({"sub":"alice","aud":[1]})")}) {
    TempDir tmp;
    const auto r = run_authspec(
        {"run", "--dry-run", "--profile", tmp.write("p.ini", profile_with_jwt(token))});
    EXPECT_EQ(r.code, 2) << token << ": " << r.err;
    EXPECT_NE(r.err.find("key jwt.token: the JWT's "), std::string::npos) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
  }
}

// Boost.Program_options 1.74 formats "%...%" in the offending text as placeholders of its own
// message and loops forever: no user text may reach it.
TEST(BadProfile, PercentSignsInLinesAndValuesGiveOneLine) {
  TempDir tmp;
  const std::string base = mock_profile_text("https://127.0.0.1:9");
  const auto line = run_authspec(
      {"run", "--dry-run", "--profile", tmp.write("a.ini", "%invalid_line%\n" + base)});
  EXPECT_EQ(line.code, 2);
  EXPECT_NE(line.err.find("a.ini:1: not a \"key = value\" line"), std::string::npos) << line.err;
  std::string text = base;
  text.replace(text.find("hide_with_404 = false"), 21, "hide_with_404 = %value%");
  const auto value = run_authspec({"run", "--dry-run", "--profile", tmp.write("b.ini", text)});
  EXPECT_EQ(value.code, 2);
  EXPECT_NE(value.err.find("key target.hide_with_404: not a boolean"), std::string::npos)
      << value.err;
  for (const char* option : {"--concurrency", "--timeout", "--fail-under"}) {
    const auto flag = run_authspec({"run", "--dry-run", option, "%value%"});
    EXPECT_EQ(flag.code, 2) << option;
    EXPECT_TRUE(one_line(flag.err)) << flag.err;
    EXPECT_NE(flag.err.find("invalid value"), std::string::npos) << flag.err;
  }
}

TEST(BadOptions, TimeoutsBelowOneMillisecondAreRefused) {
  for (const char* v : {"0.0004", "0.0009", "0"}) {
    EXPECT_EQ(run_authspec({"run", "--dry-run", "--timeout", v}).code, 2) << v;
    EXPECT_EQ(run_authspec({"run", "--dry-run", "--deadline", v}).code, 2) << v;
  }
  EXPECT_EQ(run_authspec({"run", "--dry-run", "--timeout", "0.001"}).code, 0);
}

// The files a profile may be: a pipe blocked forever, a folder said "target.base_url: missing",
// a binary file's bytes were echoed, a byte order mark was not named.
TEST(BadProfile, FilesThatAreNotTextProfilesGiveOneLine) {
  TempDir tmp;
  const std::string fifo = tmp.path("fifo.ini");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const std::string binary = tmp.write("bin.ini", std::string("\x7f"
                                                              "ELF\x02\x01\x00\x00\xff\xfe",
                                                              10));
  const std::string bom =
      tmp.write("bom.ini", "\xEF\xBB\xBF" + mock_profile_text("https://127.0.0.1:9"));
  const std::string dir = tmp.path("folder");
  std::filesystem::create_directory(dir);
  for (const auto& [path, expected] : std::vector<std::pair<std::string, std::string>>{
           {fifo, "not a regular file"},
           {dir, "is a folder"},
           {binary, "not a text file"},
           {bom, "byte order mark"},
           {tmp.path("missing.ini"), "no such file"}}) {
    const auto r = run_authspec({"run", "--dry-run", "--profile", path});
    EXPECT_EQ(r.code, 2) << path;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_EQ(r.err.find("ELF"), std::string::npos) << "raw bytes echoed: " << r.err;
  }
}

TEST(BadProfile, ContradictionsAreNamed) {
  TempDir tmp;
  const std::string base = mock_profile_text("https://127.0.0.1:9");
  auto with = [&](const std::string& after, const std::string& line) {
    std::string text = base;
    const auto at = text.find(after);
    EXPECT_NE(at, std::string::npos) << after;
    text.insert(text.find('\n', at) + 1, line + "\n");
    return text;
  };
  struct Case {
    std::string text, expected;
  };
  const std::string pw_file = tmp.write("pw", "wonderland-2026\n");
  // Neither a [bearer] token nor an [oauth] endpoint to fetch one from.
  std::string no_bearer = base;
  for (const char* section : {"\n[bearer]", "\n[oauth]"}) {
    const auto b = no_bearer.find(section);
    const auto next = no_bearer.find("\n[", b + 1);
    no_bearer.erase(b, next == std::string::npos ? std::string::npos : next - b);
  }
  for (const auto& c : std::vector<Case>{
           {with("[basic]", "password_file = " + pw_file), "given together with basic.password"},
           {[&] {
              std::string t = base;
              t.replace(t.find("insecure = false\ncacert ="), 25,
                        "insecure = true\ncacert = " + std::string(AUTHSPEC_SOURCE_DIR) +
                            "/fixtures/keys/mock-rs256.pub.pem");
              return t;
            }(),
            "contradicts tls.cacert"},
           {with("[protected]", "resource = GET /api/data basic,bearer"), "is listed twice"},
           {no_bearer, "accepts bearer, but the profile has no [bearer] token"}}) {
    const auto r = run_authspec({"run", "--dry-run", "--profile", tmp.write("p.ini", c.text)});
    EXPECT_EQ(r.code, 2) << c.expected;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << r.err;
  }
  // A report that would overwrite the profile itself.
  const std::string profile = tmp.write("mine.ini", base);
  const auto over = run_authspec({"run", "--profile", profile, "--json", profile});
  EXPECT_EQ(over.code, 2);
  EXPECT_NE(over.err.find("it is the profile itself"), std::string::npos) << over.err;
}

// Report paths were found out only after every request was sent.
TEST(ReportPaths, CheckedBeforeAnythingIsSent) {
  TempDir tmp;
  for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"--json", "/nonexistent/dir/r.json"}, "does not exist"},
           {{"--html", tmp.dir()}, "it is a folder"},
           {{"--report-dir", "/nonexistent/dir/out"}, "does not exist"}}) {
    std::vector<std::string> argv = {"run", "--no-color"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_authspec(argv);
    EXPECT_EQ(r.code, 2) << expected;
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("requests in"), std::string::npos) << "it sent: " << r.out;
  }
  // A write that still fails at the end: the other reports are written, the failure named with
  // the gate's verdict.
  const auto full = run_authspec({"run", "--no-color", "--only", "CHAL-001", "--json", "/dev/full",
                                  "--markdown", tmp.path("r.md")});
  EXPECT_EQ(full.code, 2);
  EXPECT_NE(full.err.find("could not write /dev/full"), std::string::npos) << full.err;
  EXPECT_NE(full.err.find("the gate passed"), std::string::npos) << full.err;
  EXPECT_TRUE(std::filesystem::exists(tmp.path("r.md")));
}

// Verdicts never rest on answers that cannot be read.
TEST(UnusableAnswers, GarbageOverCleartextIsUndecidedNotAPass) {
  RawServer garbage(RawServer::Mode::kReply, "garbage, not http\r\n\r\n");
  mock::MockServer server({});
  server.start();
  TempDir tmp;
  MockEndpoints m = endpoints_of(server, tmp);
  m.cleartext_url = garbage.url();
  run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", mock_profile_text(m)),
                "--only", "TLS-002", "--json", tmp.path("r.json")});
  const auto report = read_json(tmp.path("r.json"));
  int seen = 0;
  for (const auto& r : report["results"])
    if (r["check"] == "TLS-002") {
      ++seen;
      EXPECT_EQ(r["verdict"], "error") << r["message"];
    }
  EXPECT_GT(seen, 0);
}

TEST(UnusableAnswers, OversizedAndColonlessHeadersAreNamed) {
  RawServer huge(RawServer::Mode::kReply,
                 "HTTP/1.1 401 Unauthorized\r\nX-Big: " + std::string(150 * 1024, 'a') +
                     "\r\nContent-Length: 0\r\n\r\n");
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("p.ini", mock_profile_text(huge.url())), "--timeout", "2",
                               "--deadline", "20"});
  EXPECT_EQ(r.code, 3);
  EXPECT_NE(r.err.find("a response header line over 100 KB"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("Out of memory"), std::string::npos) << r.err;

  RawServer colonless(RawServer::Mode::kReply,
                      "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate Basic\r\n"
                      "Content-Length: 0\r\n\r\n");
  const auto c = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("q.ini", mock_profile_text(colonless.url())), "--timeout",
                               "2", "--deadline", "20"});
  EXPECT_EQ(c.code, 3);
  EXPECT_NE(c.err.find("malformed response"), std::string::npos) << c.err;
  EXPECT_NE(c.err.find("without colon"), std::string::npos) << c.err;
}

// 10,000 short challenge lines on every answer took 1 GB of memory and a 140 MB JSON report: what
// is kept per exchange is bounded and marked, and the report lists each exchange once. (ctest runs
// each test in its own process, so the process's peak RSS is this run's.)
TEST(UnusableAnswers, ThousandsOfHeaderLinesAreBounded) {
  std::string reply = "HTTP/1.1 401 Unauthorized\r\n";
  for (int i = 0; i < 10000; ++i)
    reply += "WWW-Authenticate: B" + std::to_string(i) + "\r\n";  // 240 KB: under libcurl's cap
  reply += "Content-Length: 0\r\n\r\n";
  RawServer many(RawServer::Mode::kReply, reply);
  TempDir tmp;
  run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", mock_profile_text(many.url())),
                "--timeout", "2", "--deadline", "30", "--json", tmp.path("r.json")});
#ifndef __SANITIZE_ADDRESS__  // ASan's shadow memory and quarantine make the figure meaningless
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  EXPECT_LT(usage.ru_maxrss, 400L * 1024) << "peak KiB";
#endif
  // About 1,000 distinct requests of at most 200 header lines each, listed once: ~17 MB indented.
  EXPECT_LT(std::filesystem::file_size(tmp.path("r.json")), 32u << 20);
  const auto report = read_json(tmp.path("r.json"));
  EXPECT_LE(report["exchanges"].size(), report["requests_sent"].get<std::size_t>());
  bool truncated = false;
  for (const auto& r : report["results"])
    for (const auto& ex : result_exchanges(report, r))
      if (ex.contains("response")) {
        EXPECT_LE(ex["response"]["headers"].size(), 200u);
        truncated = truncated || ex["response"].value("headers_truncated", false);
      }
  EXPECT_TRUE(truncated);
}

// A hostile target, mode by mode: the run ends near its deadline, says what happened in one line
// when it cannot go on, and no pass or fail rests on an exchange that has no usable answer.
struct HostileMode {
  const char* name;
  std::string reply;
};

class HostileTarget : public ::testing::TestWithParam<HostileMode> {};

TEST_P(HostileTarget, EndsBoundedAndJudgesNothingItCouldNotRead) {
  const std::string name = GetParam().name;
  RawServer server(name == "reset"     ? RawServer::Mode::kReset
                   : name == "trickle" ? RawServer::Mode::kTrickle
                                       : RawServer::Mode::kReply,
                   GetParam().reply);
  TempDir tmp;
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("p.ini", mock_profile_text(server.url())), "--timeout",
                               "1", "--deadline", "8", "--json", tmp.path("r.json")});
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  EXPECT_LE(seconds, 8 + 20) << "a bound against hangs, not a speed: the deadline held";
#ifndef __SANITIZE_ADDRESS__  // (ASan's shadow memory makes the figure meaningless)
  // Bounded memory whatever the mode (each test is its own process under ctest): 10 MB of
  // headers per answer once took a gigabyte.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  EXPECT_LT(usage.ru_maxrss, 400L * 1024) << "peak KiB";
#endif
  EXPECT_TRUE(r.code >= 0 && r.code <= 3) << r.code;
  if (r.code == 3) {
    EXPECT_TRUE(one_line_after_progress(r.err)) << r.err;
    EXPECT_EQ(r.out.find("Gate passed"), std::string::npos);
  }
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& res : report["results"]) {
    const auto used = result_exchanges(report, res);
    if (used.empty()) continue;
    bool usable = false;
    for (const auto& ex : used) usable = usable || ex.contains("response");
    if (!usable) {
      EXPECT_TRUE(res["verdict"] == "error" || res["verdict"] == "skip")
          << res["check"] << " " << res["verdict"] << ": " << res["message"];
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Modes, HostileTarget,
    ::testing::Values(
        HostileMode{"garbage", "\x16\x03\x01 not http at all\r\n\r\n"}, HostileMode{"reset", ""},
        HostileMode{"trickle",
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"slow\"\r\n"
                    "Content-Length: 0\r\n\r\n"},
        HostileMode{"http09", "just a body, no status line"}, HostileMode{"empty", ""},
        HostileMode{"bad_status_letters", "HTTP/1.1 4O1 Unauthorized\r\nContent-Length: 0\r\n\r\n"},
        HostileMode{"bad_status_iis", "HTTP/1.1 401.2 Unauthorized\r\nContent-Length: 0\r\n\r\n"},
        HostileMode{"bad_status_short", "HTTP/1.1 41\r\nContent-Length: 0\r\n\r\n"},
        HostileMode{
            "nul_in_challenge",
            std::string("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"a\0b\"\r\n"
                        "Content-Length: 0\r\n\r\n",
                        85)},
        HostileMode{
            "non_utf8_challenge",
            "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"\xff\xfe\xc3\"\r\n"
            "Content-Length: 0\r\n\r\n"},
        HostileMode{
            "redirect_loop",
            "HTTP/1.1 302 Found\r\nLocation: /api/basic/profile\r\nContent-Length: 0\r\n\r\n"},
        HostileMode{"body_shorter_than_said",
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"r\"\r\n"
                    "Content-Length: 1000\r\n\r\nshort"},
        HostileMode{"broken_chunks",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nnot hex\r\n"},
        HostileMode{"megabyte_headers", "HTTP/1.1 401 Unauthorized\r\n" +
                                            [] {
                                              std::string h;
                                              for (int i = 0; i < 4000; ++i)
                                                h += "X-Pad-" + std::to_string(i) + ": " +
                                                     std::string(250, 'p') + "\r\n";
                                              return h;
                                            }() +
                                            "Content-Length: 0\r\n\r\n"}),
    [](const auto& info) { return std::string(info.param.name); });

// 200 connections that never send a byte (idle, or a TLS handshake never begun) kept a new
// client of the mock waiting 10-18 s; each now holds a worker for at most the 1 s read timeout.
// A damaged or foreign JSON report (a member of the wrong type, a result that is not an object)
// ended merge, diff and --baseline with std::terminate: every reader now goes through one checked
// reader (reports/json_report.h) and says what is wrong in one line.
TEST(BadReports, MergeDiffAndBaselineSayWhatIsWrong) {
  TempDir tmp;
  for (const std::string& text :
       {std::string(R"({"results":[1],"summary":{}})"),
        std::string(R"({"results":[{"check":5}],"summary":{}})"),
        std::string(R"({"results":[],"summary":{"aborted":7}})"),
        std::string(R"({"results":[],"summary":{},"options":{"shard":1}})"),
        std::string(R"({"results":[{"check":"CHAL-001","exchange_ids":[0]}],"summary":{},)"
                    R"("exchanges":[{"request":{"method":1}}]})"),
        std::string(R"({"results":[{"check":"CHAL-001","exchanges":[{"response":)"
                    R"({"headers":[["a"]]}}]}],"summary":{}})"),
        std::string("[]"), std::string("not json")}) {
    const std::string file = tmp.write("bad.json", text);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"merge", file},
             {"diff", file, file},
             {"run", "--no-color", "--only", "CHAL-001", "--baseline", file}}) {
      const auto r = run_authspec(args);
      EXPECT_EQ(r.code, 2) << args[0] << " " << text << ": " << r.err;
      EXPECT_TRUE(one_line(r.err)) << r.err;
      EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
    }
  }
}

TEST(MockUnderLoad, IdleConnectionsDoNotStarveANewClient) {
  mock::MockServer server({});
  const int port = server.start();
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0)
      idle.push_back(fd);
    else
      close(fd);
  }
  EXPECT_GT(idle.size(), 150u);
  TempDir tmp;
  const auto start = std::chrono::steady_clock::now();
  const auto r = run_authspec({"run", "--no-color", "--profile",
                               tmp.write("p.ini", mock_profile_text(endpoints_of(server, tmp))),
                               "--only", "CHAL-001", "--timeout", "20", "--deadline", "60"});
  const auto waited =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  for (int fd : idle) close(fd);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_LE(waited, 8) << "a bound, not a speed: idle connections held the mock's workers";
}

TEST(Secrets, UrlUserinfoIsRefusedWithoutEchoingIt) {
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--dry-run", "--profile", tmp.write("p.ini", mock_profile_text()),
                    "--target", "https://alice:s3cr3t-pw@127.0.0.1:9/"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("credentials in the URL are not allowed"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("s3cr3t-pw"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace authspec::test
