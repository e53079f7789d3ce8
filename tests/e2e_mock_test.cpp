// End-to-end: the whole catalogue against the bundled mock, compliant and with each named defect.
#include <gtest/gtest.h>

#include <regex>

#include "mock_server/defects.h"
#include "mock_server/mock_server.h"
#include "mock_server/tokens.h"
#include "suite/checks/token_forge.h"
#include "suite/mock_profile.h"
#include "suite/registry.h"
#include "tests/defect_matrix.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

struct Baseline {
  nlohmann::json report;
  std::map<std::string, std::string> verdicts;
};

// The compliant run, computed once for all matrix rows.
const Baseline& baseline() {
  static const Baseline b = [] {
    TempDir tmp;
    const auto run = run_authspec({"run", "--no-color", "--json", tmp.path("r.json")});
    EXPECT_EQ(run.code, 0) << run.out << run.err;
    Baseline out;
    out.report = read_json(tmp.path("r.json"));
    out.verdicts = verdicts(out.report);
    return out;
  }();
  return b;
}

TEST(CompliantMock, PassesEveryCheckWithScore100) {
  const auto& b = baseline();
  EXPECT_EQ(b.report["summary"]["score"], 100);
  EXPECT_EQ(b.report["summary"]["grade"].get<std::string>()[0], 'A');
  EXPECT_EQ(b.report["summary"]["failed"], 0);
  EXPECT_TRUE(b.report["summary"]["gate"]["passed"].get<bool>());
  // mock.ini fills every optional section: nothing is left uncovered.
  EXPECT_TRUE(b.report["coverage"]["not_covered"].empty()) << b.report["coverage"].dump();
  for (const auto& [key, verdict] : b.verdicts) EXPECT_EQ(verdict, "pass") << key;
  // Every check of the catalogue produced at least one result against the mock.
  std::set<std::string> seen;
  for (const auto& r : b.report["results"]) seen.insert(r["check"].get<std::string>());
  for (const auto& c : catalogue())
    EXPECT_TRUE(seen.count(c.id)) << c.id << " never ran against the mock";
}

TEST(CompliantMock, ReportCarriesVersionsOptionsAndEvidence) {
  const auto& r = baseline().report;
  EXPECT_EQ(r["tool"]["name"], "authspec");
  EXPECT_FALSE(r["tool"]["version"].get<std::string>().empty());
  EXPECT_FALSE(r["tool"]["catalogue"].get<std::string>().empty());
  EXPECT_EQ(r["options"]["fail_on"], "any");
  EXPECT_GT(r["requests_sent"].get<int>(), 50);
  for (const auto& res : r["results"]) {
    for (const char* field :
         {"check", "family", "level", "resource", "verdict", "message", "spec", "exchange_ids"})
      EXPECT_TRUE(res.contains(field)) << field;
    if (res["check"] == "CHAL-002") {
      const auto used = result_exchanges(r, res);
      ASSERT_FALSE(used.empty());
      const auto& ex = used[0];
      EXPECT_EQ(ex["response"]["status"], 401);
      EXPECT_NE(ex["request"]["head"].get<std::string>().find("HTTP/1.1"), std::string::npos);
    }
  }
}

TEST(DefectMatrix, EveryNamedDefectHasARow) {
  std::set<std::string> rows;
  for (const auto& r : defect_matrix()) rows.insert(r.defect);
  for (const auto& d : mock::all_defects())
    EXPECT_TRUE(rows.count(d.name)) << d.name << " is not in the matrix";
  EXPECT_EQ(rows.size(), mock::all_defects().size());
}

// The compliant mock's verdicts from tests/snapshots/ (snapshot_tests prove a live run still gives
// them), so a defect row runs the catalogue once, not twice.
const std::map<std::string, std::string>& compliant_verdicts() {
  static const auto v = verdicts(
      read_json(std::string(AUTHSPEC_SOURCE_DIR) + "/tests/snapshots/compliant-verdicts.json"));
  return v;
}

class DefectRun : public ::testing::TestWithParam<DefectRow> {};

TEST_P(DefectRun, FailsItsOwnChecksAndNoOther) {
  const DefectRow& row = GetParam();
  const auto& compliant = compliant_verdicts();
  TempDir tmp;
  const auto run = run_authspec(
      {"run", "--no-color", "--mock-defect", row.defect, "--json", tmp.path("r.json")});
  // A row that fails nothing is a compliant variant: behaviour the specs allow, which a check
  // once judged too strictly. It must pass.
  const bool variant = row.fails.empty();
  EXPECT_EQ(run.code, variant ? 0 : 1) << run.err;
  const auto report = read_json(tmp.path("r.json"));
  std::set<std::string> failing;
  for (const auto& [key, verdict] : verdicts(report)) {
    const std::string check = key.substr(0, key.find(' '));
    if (row.scattered) {
      if ((verdict == "fail" || verdict == "warn") && row.fails.count(check)) failing.insert(check);
      continue;
    }
    if (verdict == "fail" || verdict == "warn") {
      failing.insert(check);
    } else if (row.undecidable.count(check)) {
      EXPECT_TRUE(verdict == "skip" || verdict == compliant.at(key))
          << key << " became " << verdict;
    } else {
      ASSERT_TRUE(compliant.count(key)) << key;
      EXPECT_EQ(verdict, compliant.at(key)) << key << " changed verdict";
    }
  }
  EXPECT_EQ(failing, row.fails);
  EXPECT_EQ(report["summary"]["gate"]["passed"].get<bool>(), variant);
  // A result shows the level it was judged at: a warning is a best practice, a failure a MUST or
  // SHOULD (or a security breach, whatever the level).
  for (const auto& r : report["results"]) {
    const std::string verdict = r["verdict"], level = r["level"];
    if (verdict == "warn") {
      EXPECT_EQ(level, "BP") << r["check"] << " warns at " << level;
    }
    // (A positive control fails when the server and the profile disagree on what is public.)
    if (verdict == "fail") {
      EXPECT_TRUE(level == "MUST" || level == "SHOULD" || level == "PREREQUISITE" ||
                  r["security"].get<bool>())
          << r["check"] << " fails at " << level;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Mock, DefectRun, ::testing::ValuesIn(defect_matrix()),
                         [](const auto& info) {
                           std::string name = info.param.defect;
                           for (auto& c : name) c = c == '-' ? '_' : c;
                           return name;
                         });

TEST(Grading, SecurityBreachCapsAtFAndMustFailureBelowA) {
  TempDir tmp;
  run_authspec(
      {"run", "--no-color", "--mock-defect", "nul-truncation", "--json", tmp.path("a.json")});
  const auto breach = read_json(tmp.path("a.json"));
  EXPECT_EQ(breach["summary"]["grade"], "F");
  ASSERT_FALSE(breach["summary"]["caps"].empty());
  EXPECT_NE(breach["summary"]["caps"][0].get<std::string>().find("BASIC-006"), std::string::npos);

  run_authspec(
      {"run", "--no-color", "--mock-defect", "realm-unquoted", "--json", tmp.path("b.json")});
  const auto must = read_json(tmp.path("b.json"));
  EXPECT_GE(must["summary"]["score"].get<int>(), 90);  // one MUST check among many
  EXPECT_EQ(must["summary"]["grade"], "B");            // ...but a MUST failure caps below A
}

TEST(Gate, FailOnLevelsAndFailUnder) {
  // A best-practice defect fails the default gate (any) but not --fail-on should.
  EXPECT_EQ(run_authspec({"run", "--no-color", "--mock-defect", "challenges-one-line"}).code, 1);
  EXPECT_EQ(run_authspec({"run", "--no-color", "--mock-defect", "challenges-one-line", "--fail-on",
                          "should"})
                .code,
            0);
  // A SHOULD defect passes --fail-on must, fails --fail-on should.
  EXPECT_EQ(run_authspec(
                {"run", "--no-color", "--mock-defect", "wrong-password-400", "--fail-on", "must"})
                .code,
            0);
  EXPECT_EQ(run_authspec(
                {"run", "--no-color", "--mock-defect", "wrong-password-400", "--fail-on", "should"})
                .code,
            1);
  EXPECT_EQ(run_authspec({"run", "--no-color", "--mock-defect", "wrong-password-400", "--fail-on",
                          "must", "--fail-under", "99"})
                .code,
            1);
  // A security breach fails every gate.
  EXPECT_EQ(
      run_authspec({"run", "--no-color", "--mock-defect", "nul-truncation", "--fail-on", "must"})
          .code,
      1);
}

// RATE is left out: whether a limiter's window still holds at a follow-up depends on how long the
// run took, which is what concurrency changes (those checks then say they cannot decide).
TEST(Runner, ResultsAreStableWhateverTheConcurrency) {
  TempDir tmp;
  run_authspec({"run", "--no-color", "--concurrency", "1", "--skip", "RATE", "--mock-defect",
                "open-resource", "--json", tmp.path("a.json")});
  run_authspec({"run", "--no-color", "--concurrency", "32", "--skip", "RATE", "--mock-defect",
                "open-resource", "--json", tmp.path("b.json")});
  const auto a = read_json(tmp.path("a.json")), b = read_json(tmp.path("b.json"));
  // On a loaded machine a run can outlast the mock's one-second Digest nonces: the stale answers
  // are sent again with a fresh nonce (the verdicts hold), but the run-wide checks then count
  // more 401s and challenge sets, so their numbers may differ.
  const bool renewed = run_renewed_a_nonce(a) || run_renewed_a_nonce(b);
  auto message = [&](const nlohmann::json& result) {
    const std::string m = result["message"].get<std::string>();
    return renewed ? std::regex_replace(m, std::regex("[0-9]+"), "N") : m;
  };
  ASSERT_EQ(a["results"].size(), b["results"].size());
  for (std::size_t i = 0; i < a["results"].size(); ++i) {
    EXPECT_EQ(a["results"][i]["check"], b["results"][i]["check"]);
    EXPECT_EQ(a["results"][i]["resource"], b["results"][i]["resource"]);
    EXPECT_EQ(a["results"][i]["verdict"], b["results"][i]["verdict"]);
    if (a["results"][i]["check"] != "ENUM-003") {  // its message reports measured times
      EXPECT_EQ(message(a["results"][i]), message(b["results"][i]));
    }
  }
}

// A profile with only a valid JWT and no key: the keyless forgeries run, the key-dependent checks
// are skipped and say why.
TEST(JwtProfile, WithoutAKeyRunsTheKeylessChecksAndSkipsTheRest) {
  const Profile full = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  const std::string token = forge::mint(full, forge::valid_header(full), forge::valid_claims(full));
  mock::MockServer server({});
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  for (const char* key : {"private_key_file = ", "public_key_file = ", "revoked_jti = "}) {
    const auto at = text.find(key);
    text.erase(at, text.find('\n', at) + 1 - at);
  }
  text.replace(text.find("kid = mock-rs"), 13, "token = " + token);
  text.erase(text.find("[dpop]"),
             text.find("[deny]") - text.find("[dpop]"));  // DPoP needs a key to mint
  const auto run = run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", text),
                                 "--only", "JWT", "--json", tmp.path("r.json")});
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  const auto report = read_json(tmp.path("r.json"));
  for (const auto& r : report["results"]) {
    const std::string id = r["check"], verdict = r["verdict"], message = r["message"];
    if (id == "CHAL-000") continue;
    static const std::set<std::string> keyless = {"JWT-001", "JWT-002", "JWT-003", "JWT-011",
                                                  "JWT-013", "JWT-014", "JWT-015"};
    if (keyless.count(id)) {
      EXPECT_EQ(verdict, "pass") << id << ": " << message;
    } else {
      EXPECT_EQ(verdict, "skip") << id;
      EXPECT_FALSE(message.empty()) << id;
    }
    if (id == "JWT-006") {
      EXPECT_NE(message.find("no signing material"), std::string::npos) << message;
    }
  }
}

// Each optional section a profile leaves out is named in the coverage: without [jwt] (and the
// [step] and [dpop] that need its key) the lines say so, and [low], which is there, is not blamed.
TEST(Coverage, NamesEachMissingSection) {
  mock::MockServer server({});
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  const auto from = text.find("\n[jwt]\n"), to = text.find("\n[deny]\n");
  ASSERT_NE(from, std::string::npos);
  text.erase(from, to - from);
  const auto run = run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", text),
                                 "--only", "CHAL-001", "--json", tmp.path("r.json")});
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  const auto lines = read_json(tmp.path("r.json"))["coverage"]["not_covered"].dump();
  EXPECT_NE(lines.find("no [jwt]"), std::string::npos) << lines;
  EXPECT_EQ(lines.find("no [low]"), std::string::npos) << lines;
}

// The JWT family with each kind of signing key the mock knows (mock.ini itself uses RS256).
class JwtKeyKind : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(JwtKeyKind, EveryTokenCheckPassesAgainstTheCompliantMock) {
  const auto& [key_line, kid] = GetParam();
  mock::MockServer server({});
  server.start();
  TempDir tmp;
  std::string text = mock_profile_text(endpoints_of(server, tmp));
  for (const char* key : {"private_key_file = ", "public_key_file = "}) {
    const auto at = text.find(key);
    text.erase(at, text.find('\n', at) + 1 - at);
  }
  text.replace(text.find("kid = mock-rs"), 13, key_line + "\nkid = " + kid);
  const auto run = run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", text),
                                 "--only", "JWT", "--only", "BEARER", "--only", "DPOP", "--only",
                                 "STEP", "--json", tmp.path("r.json")});
  EXPECT_EQ(run.code, 0) << run.out << run.err;
  const auto report = read_json(tmp.path("r.json"));
  int passed = 0;
  for (const auto& r : report["results"]) {
    const std::string verdict = r["verdict"];
    passed += verdict == "pass";
    EXPECT_TRUE(verdict == "pass" || verdict == "skip")
        << r["check"] << " " << r["resource"] << ": " << r["message"];
  }
  EXPECT_GT(passed, 80);
}

INSTANTIATE_TEST_SUITE_P(
    Keys, JwtKeyKind,
    ::testing::Values(std::make_pair(std::string("hmac_secret = ") + mock::kHmacSecret,
                                     std::string("mock-hs")),
                      std::make_pair(std::string("private_key_file = ") + AUTHSPEC_SOURCE_DIR +
                                         "/fixtures/keys/mock-es256.pem",
                                     std::string("mock-es"))),
    [](const auto& info) {
      return info.param.second == "mock-hs" ? std::string("HS256") : std::string("ES256");
    });

// ENUM-003 never decides from one sample: it reports medians, the spread, the p-value and the
// effect size, with the mock's timing defect on (80 ms more for known users) and off.
TEST(EnumTiming, ReportsItsStatisticsWithTheDefectOnAndOff) {
  for (const bool defect : {false, true}) {
    TempDir tmp;
    std::vector<std::string> args = {"run",      "--no-color", "--only",
                                     "ENUM-003", "--json",     tmp.path("r.json")};
    if (defect) args.insert(args.end(), {"--mock-defect", "enum-timing"});
    const auto run = run_authspec(args);
    EXPECT_EQ(run.code, defect ? 1 : 0) << run.err;
    const auto report = read_json(tmp.path("r.json"));
    for (const auto& r : report["results"]) {
      if (r["check"] != "ENUM-003") continue;
      const std::string message = r["message"];
      EXPECT_EQ(r["verdict"], defect ? "warn" : "pass") << message;
      for (const char* part :
           {"30 samples each", "median", "pooled MAD", "Mann-Whitney p=", "effect size r="})
        EXPECT_NE(message.find(part), std::string::npos) << message;
      EXPECT_EQ(message.find("tells users apart") != std::string::npos, defect) << message;
    }
  }
}

TEST(Runner, EachDistinctRequestIsSentOnce) {
  const auto& r = baseline().report;
  std::set<std::string> heads;
  std::size_t listed = 0;
  for (const auto& res : r["results"])
    for (const auto& ex : result_exchanges(r, res)) {
      ++listed;
      heads.insert(ex["request"]["method"].get<std::string>() + " " +
                   ex["request"]["target"].get<std::string>() + " " +
                   ex["request"]["credential"].get<std::string>());
    }
  // Checks share exchanges: far more references than requests actually sent.
  EXPECT_GT(listed, r["requests_sent"].get<std::size_t>());
}

// The JSON report lists each exchange once, numbered in order, and every one it lists is used.
TEST(JsonReport, ListsEachExchangeOnceAndResultsReferToThem) {
  const auto& r = baseline().report;
  EXPECT_EQ(r["report_format"], 2);
  const auto& listed = r["exchanges"];
  ASSERT_FALSE(listed.empty());
  EXPECT_LE(listed.size(), r["requests_sent"].get<std::size_t>());
  std::set<std::string> distinct;
  for (std::size_t i = 0; i < listed.size(); ++i) {
    EXPECT_EQ(listed[i]["id"], i);
    auto copy = listed[i];
    copy.erase("id");
    EXPECT_TRUE(distinct.insert(copy.dump()).second) << "listed twice: " << copy.dump();
  }
  std::set<std::size_t> used;
  for (const auto& res : r["results"])
    for (const auto& id : res["exchange_ids"]) used.insert(id.get<std::size_t>());
  EXPECT_EQ(used.size(), listed.size());
}

}  // namespace
}  // namespace authspec::test
