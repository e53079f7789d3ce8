// Every report format checked by an outside judge: one run written in every format, each
// validated and compared with the JSON; then what each format must also get right.
// JUnit: xmllint and ../shared/schemas/junit-10.xsd (copied to fixtures/).
// SARIF 2.1.0 for code-scanning dashboards (tests/validators/validate_sarif.py: the JSON Schema of
// the objects authspec writes, the names of Microsoft's SARIF object model and the standard's
// cross-reference rules): a rule per check with its help, waivers as suppressions, the baseline
// as baselineState, the proving exchange.
// HAR 1.2 for browser developer tools (tests/validators/validate_har.py: Debian's HAR schema and
// the timing and order rules of HAR 1.2): every exchange, masked, oldest first.
// HTML: headless chromium (Debian's, installed by scripts/test.sh) renders and prints it.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "reports/report.h"
#include "suite/jose.h"
#include "suite/registry.h"
#include "tests/support/cli_runner.h"
#include "tests/support/raw_server.h"
#include "tests/support/report_tools.h"

namespace authspec::test {
namespace {

const nlohmann::json* result_of(const nlohmann::json& run, const std::string& rule) {
  for (const auto& r : run["results"])
    if (r["ruleId"] == rule && r["kind"] == "fail") return &r;
  return nullptr;
}

// The official OASIS schema file is in no Debian package and CI cannot download it; where it is
// given (../shared/schemas/sarif-schema-2.1.0.json next to the JUnit XSD, or
// $AUTHSPEC_SARIF_SCHEMA), the log is validated against it too.
TEST(Sarif, ValidatesAgainstTheOfficialSchemaWhereGiven) {
  std::string schema = AUTHSPEC_SOURCE_DIR "/../shared/schemas/sarif-schema-2.1.0.json";
  if (const char* given = std::getenv("AUTHSPEC_SARIF_SCHEMA")) schema = given;
  if (read_file(schema).empty()) GTEST_SKIP() << "no official SARIF 2.1.0 schema at " << schema;
  TempDir tmp;
  const std::string waivers =
      tmp.write("waivers.txt", "CHAL-006 | * | 2099-12-31 | quoted in the next release\n");
  run_authspec({"run", "--no-color", "--mock-defect", "realm-unquoted", "--mock-defect",
                "content-in-401", "--waivers", waivers, "--sarif", tmp.path("r.sarif")});
  EXPECT_EQ(validate_sarif(tmp.path("r.sarif"), schema), 0);
}

// A target that never answers: the log still validates, says the run was cut short, and its
// undecided results say no response was received.
TEST(Sarif, AnAbortedRunStillValidates) {
  RawServer silent(RawServer::Mode::kSilent);
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--profile", tmp.write("p.ini", mock_profile_for(silent.url())),
                    "--timeout", "0.5", "--deadline", "3", "--sarif", tmp.path("r.sarif")});
  ASSERT_EQ(r.code, 3) << r.err;
  EXPECT_EQ(validate_sarif(tmp.path("r.sarif")), 0);
  const auto log = read_json(tmp.path("r.sarif"));
  const auto& invocation = log["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  ASSERT_TRUE(invocation.contains("toolExecutionNotifications"));
  std::size_t unanswered = 0;
  for (const auto& result : log["runs"][0]["results"])
    if (result.contains("webResponse") && result["webResponse"]["noResponseReceived"] == true)
      ++unanswered;
  EXPECT_GT(unanswered, 0u);
}

// The validator fails what the standard forbids, in each of its layers; 1 (invalid) and not 2
// (cannot run), so a missing package cannot pass for a rejection.
TEST(Sarif, ValidatorRejectsWhatTheStandardForbids) {
  TempDir tmp;
  ASSERT_EQ(run_authspec({"run", "--no-color", "--only", "CHAL", "--mock-defect", "realm-unquoted",
                          "--sarif", tmp.path("good.sarif")})
                .code,
            1);
  ASSERT_EQ(validate_sarif(tmp.path("good.sarif")), 0);
  const auto good = read_json(tmp.path("good.sarif"));
  std::size_t failing = 0;
  while (good["runs"][0]["results"][failing]["kind"] != "fail") ++failing;
  const std::string result = "/runs/0/results/" + std::to_string(failing);
  const std::vector<std::pair<std::string, nlohmann::json>> broken = {
      {"an unknown level", {{"op", "replace"}, {"path", result + "/level"}, {"value", "fatal"}}},
      {"a property SARIF does not define",
       {{"op", "add"}, {"path", result + "/severity"}, {"value", "high"}}},
      {"a location that is not a URI",
       {{"op", "replace"},
        {"path", result + "/locations/0/physicalLocation/artifactLocation/uri"},
        {"value", "https://host/a path"}}},
      {"a start time that is not UTC",
       {{"op", "replace"},
        {"path", "/runs/0/invocations/0/startTimeUtc"},
        {"value", "2026-11-27 10:00"}}},
      {"a ruleIndex naming another rule",
       {{"op", "replace"}, {"path", result + "/ruleIndex"}, {"value", 0}}},
      {"a passing result with a level",
       {{"op", "replace"}, {"path", result + "/kind"}, {"value", "pass"}}},
      {"a suppression without its kind",
       {{"op", "add"}, {"path", result + "/suppressions"}, {"value", {{{"status", "accepted"}}}}}},
  };
  for (const auto& [what, patch] : broken) {
    const std::string file = tmp.path("broken.sarif");
    std::ofstream(file) << good.patch(nlohmann::json::array({patch})).dump();
    EXPECT_EQ(validate_sarif(file), 1) << what;
  }
}

// Every exchange of a run that uses every family (sessions, Digest, CORS, the proxy, bodies,
// query-string tokens) validates as HAR 1.2, oldest first, with cookies named and masked.
TEST(Har, EveryExchangeValidatesAndKeepsSecretsOut) {
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--no-color", "--har", tmp.path("r.har"), "--json", tmp.path("r.json")});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(validate_har(tmp.path("r.har")), 0);
  const auto har = read_json(tmp.path("r.har")), report = read_json(tmp.path("r.json"));
  const auto& entries = har["log"]["entries"];
  EXPECT_EQ(entries.size(), report["requests_sent"].get<std::size_t>());
  bool session_cookie_sent = false, session_cookie_set = false, query_token = false;
  std::size_t handshakes = 0, reused = 0;
  for (const auto& e : entries) {
    // libcurl's phases: a TLS handshake (inside connect) on new connections, none on reused ones.
    handshakes += e["timings"]["ssl"].get<double>() >= 0;
    reused += e["timings"]["connect"].get<double>() == -1;
    for (const auto& c : e["request"]["cookies"]) {
      EXPECT_EQ(c["value"], "[masked]") << c;
      session_cookie_sent |= c["name"] == "__Host-sid";
    }
    for (const auto& c : e["response"]["cookies"]) {
      EXPECT_EQ(c["value"], "[masked]") << c;
      session_cookie_set |= c["name"] == "__Host-sid" && c.value("httpOnly", false);
    }
    for (const auto& q : e["request"]["queryString"])
      if (q["name"] == "access_token") {
        EXPECT_EQ(q["value"], "[masked]");
        query_token = true;
      }
  }
  EXPECT_GT(handshakes, 0u);
  EXPECT_GT(reused, handshakes);  // keep-alive: most requests reuse a connection
  EXPECT_TRUE(session_cookie_sent);
  EXPECT_TRUE(session_cookie_set);
  EXPECT_TRUE(query_token);
}

TEST(Har, ValidatorRejectsWhatHarForbids) {
  TempDir tmp;
  ASSERT_EQ(
      run_authspec({"run", "--no-color", "--only", "CHAL", "--har", tmp.path("good.har")}).code, 0);
  ASSERT_EQ(validate_har(tmp.path("good.har")), 0);
  const auto good = read_json(tmp.path("good.har"));
  ASSERT_GT(good["log"]["entries"].size(), 1u);
  const std::vector<std::pair<std::string, nlohmann::json>> broken = {
      {"a request without cookies", {{"op", "remove"}, {"path", "/log/entries/0/request/cookies"}}},
      {"a relative URL",
       {{"op", "replace"}, {"path", "/log/entries/0/request/url"}, {"value", "/api/me"}}},
      {"a time that is not the sum of the timings",
       {{"op", "replace"}, {"path", "/log/entries/0/time"}, {"value", 123456}}},
      {"entries out of order",
       {{"op", "replace"},
        {"path", "/log/entries/0/startedDateTime"},
        {"value", "2999-01-01T00:00:00.000Z"}}},
      {"a status that is not a number",
       {{"op", "replace"}, {"path", "/log/entries/0/response/status"}, {"value", "401"}}},
  };
  for (const auto& [what, patch] : broken) {
    const std::string file = tmp.path("broken.har");
    std::ofstream(file) << good.patch(nlohmann::json::array({patch})).dump();
    EXPECT_EQ(validate_har(file), 1) << what;
  }
}

// Every format from one run (a baseline, a waiver, new and unchanged failures, advice that fails
// the gate): each validates with its outside judge, and each tells the JSON's story.
TEST(EveryFormat, OneRunValidatesAndAgrees) {
  ASSERT_TRUE(chromium_installed()) << "scripts/test.sh installs chromium";
  TempDir tmp;
  const GatingFixture fixture = gating_fixture(tmp);
  const std::string &baseline = fixture.baseline, &waivers = fixture.waivers;
  const auto r = run_authspec({"run", "--no-color", "--mock-defect", "realm-unquoted",
                               "--mock-defect", "nul-truncation", "--mock-defect", "hsts-missing",
                               "--mock-defect", "content-in-401", "--baseline", baseline,
                               "--waivers", waivers, "--report-dir", tmp.path("out")});
  ASSERT_EQ(r.code, 1) << r.err;
  // The JSON report, with baseline and waiver marks, against its schema.
  EXPECT_EQ(validate_report(tmp.path("out/authspec.json")), 0);
  const auto json = read_json(tmp.path("out/authspec.json"));
  const auto& summary = json["summary"];
  const auto& results = json["results"];
  std::size_t decided = 0, junit_failures = 0, waived = 0, fresh = 0;
  std::set<std::string> gate_reasons;
  for (const auto& reason : summary["gate"]["reasons"]) gate_reasons.insert(reason);
  for (const auto& res : results) {
    const std::string verdict = res["verdict"], id = res["check"], resource = res["resource"];
    decided += verdict != "skip";
    const bool is_waived = res.value("waiver", "") == "waived";
    waived += is_waived;
    fresh += res.value("baseline", "") == "new";
    junit_failures +=
        !is_waived && (verdict == "fail" ||
                       (verdict == "warn" && gate_reasons.count(id + " warn on " + resource)));
  }
  ASSERT_EQ(waived, 1u);
  ASSERT_GT(fresh, 0u);
  ASSERT_GT(junit_failures, 0u);

  // JUnit: valid, a test case per result, the failures the gate sees.
  const std::string junit = tmp.path("out/authspec-junit.xml");
  EXPECT_TRUE(junit_valid(junit));
  const std::string xml = read_file(junit);
  EXPECT_NE(xml.find("tests=\"" + std::to_string(results.size()) + "\" failures=\"" +
                     std::to_string(junit_failures) + "\""),
            std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"waived until 2099-12-31: HSTS comes with the CDN"),
            std::string::npos);

  // SARIF: valid, a result per decided verdict, the waiver a suppression, the new ones new.
  const std::string sarif_file = tmp.path("out/authspec.sarif");
  EXPECT_EQ(validate_sarif(sarif_file), 0);
  const auto sarif = read_json(sarif_file);
  const auto& sarif_results = sarif["runs"][0]["results"];
  EXPECT_EQ(sarif_results.size(), decided);
  std::size_t suppressed = 0, sarif_new = 0;
  for (const auto& res : sarif_results) {
    suppressed += res.contains("suppressions");
    sarif_new += res.value("baselineState", "") == "new";
  }
  EXPECT_EQ(suppressed, waived);
  EXPECT_EQ(sarif_new, fresh);
  const auto& run = sarif["runs"][0];
  EXPECT_EQ(run["properties"]["score"], summary["score"]);
  // The waived failure is an accepted external suppression with the waiver's reason.
  const auto* hsts = result_of(run, "TLS-004");
  ASSERT_NE(hsts, nullptr);
  EXPECT_EQ((*hsts)["suppressions"][0]["kind"], "external");
  EXPECT_EQ((*hsts)["suppressions"][0]["status"], "accepted");
  EXPECT_NE((*hsts)["suppressions"][0]["justification"].get<std::string>().find(
                "HSTS comes with the CDN in 2027"),
            std::string::npos);
  // The baseline's failure is unchanged; a new one is new and carries its proving exchange.
  ASSERT_NE(result_of(run, "CHAL-006"), nullptr);
  EXPECT_EQ((*result_of(run, "CHAL-006"))["baselineState"], "unchanged");
  const auto* leak = result_of(run, "CHAL-002");
  ASSERT_NE(leak, nullptr);
  EXPECT_EQ((*leak)["baselineState"], "new");
  EXPECT_FALSE(leak->contains("suppressions"));
  EXPECT_EQ((*leak)["webRequest"]["method"], "GET");
  EXPECT_EQ((*leak)["webResponse"]["statusCode"], 401);
  EXPECT_NE((*leak)["webResponse"]["body"]["text"].get<std::string>().find("AUTHSPEC-CANARY"),
            std::string::npos);
  // Each result has its own fingerprint, from check, resource and target: the same result in
  // the next run is the same alert on the dashboard.
  std::set<std::string> fingerprints;
  for (const auto& res : sarif_results)
    fingerprints.insert(res["partialFingerprints"]["authspecResult/v1"].get<std::string>());
  EXPECT_EQ(fingerprints.size(), sarif_results.size());
  EXPECT_EQ((*leak)["partialFingerprints"]["authspecResult/v1"],
            jwt::sha256_b64url("CHAL-002\n" + (*leak)["properties"]["resource"].get<std::string>() +
                               "\n" + json["target"].get<std::string>()));
  // The waiver that matched nothing is a configuration warning for the dashboard.
  const auto& notes = run["invocations"][0]["toolConfigurationNotifications"];
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0]["message"]["text"].get<std::string>().find("SESS-001"), std::string::npos);
  // Each rule has its help, and a link to the RFC section it enforces (a revision draft's page
  // for RFC 6265bis).
  for (const auto& rule : run["tool"]["driver"]["rules"]) {
    EXPECT_FALSE(rule["help"]["text"].get<std::string>().empty()) << rule["id"];
    if (rule["properties"]["spec"].get<std::string>().rfind("RFC ", 0) == 0) {
      ASSERT_TRUE(rule.contains("helpUri")) << rule["id"];
      const std::string uri = rule["helpUri"];
      EXPECT_TRUE(uri.rfind("https://www.rfc-editor.org/rfc/rfc", 0) == 0 ||
                  uri.rfind("https://datatracker.ietf.org/doc/draft-ietf-httpbis-", 0) == 0)
          << rule["id"] << " " << uri;
    }
  }

  // HAR: valid, an entry per request sent.
  const std::string har_file = tmp.path("out/authspec.har");
  EXPECT_EQ(validate_har(har_file), 0);
  EXPECT_EQ(read_json(har_file)["log"]["entries"].size(), json["requests_sent"].get<std::size_t>());

  // Markdown and the console summary: the score, the grade and the gate.
  const std::string md = read_file(tmp.path("out/authspec.md"));
  EXPECT_NE(md.find("## authspec: score " + std::to_string(summary["score"].get<int>()) +
                    ", grade " + summary["grade"].get<std::string>() + " (gate failed)"),
            std::string::npos);
  EXPECT_NE(md.find("- gate failed by " + std::to_string(gate_reasons.size()) + " results"),
            std::string::npos);
  EXPECT_NE(md.find("stale waiver: line 2: SESS-001"), std::string::npos);
  EXPECT_NE(read_file(tmp.path("out/summary.txt"))
                .find("Score " + std::to_string(summary["score"].get<int>()) + ", grade " +
                      summary["grade"].get<std::string>()),
            std::string::npos);

  // HTML: self-contained (nothing is loaded from anywhere; links to the RFCs are only links);
  // renders in chromium without a console message, its script run, with the same numbers.
  const std::string page = read_file(tmp.path("out/authspec.html"));
  EXPECT_FALSE(std::regex_search(page, std::regex(R"(<(script|img|link|iframe)[^>]*(src|href)=)")));
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  std::string log;
  const std::string dom = render_in_chromium(tmp, tmp.path("out/authspec.html"), &log);
  ASSERT_FALSE(dom.empty()) << log;
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;
  for (const char* k : {"passed", "failed", "warned", "skipped", "errors"})
    EXPECT_NE(
        dom.find(std::string("data-") + k + "=\"" + std::to_string(summary[k].get<int>()) + "\""),
        std::string::npos)
        << k;
  EXPECT_NE(dom.find("id=\"score\">" + std::to_string(summary["score"].get<int>()) + "<"),
            std::string::npos);
  EXPECT_NE(dom.find("id=\"gate\">failed<"), std::string::npos);
  EXPECT_NE(dom.find("id=\"grade\">" + summary["grade"].get<std::string>() + "<"),
            std::string::npos);
  EXPECT_NE(dom.find("id=\"shown\">" + std::to_string(results.size()) + "<"), std::string::npos);
  // Each failure opens to what was expected and what came back, the spec, the fix, the
  // exchanges and a curl command.
  EXPECT_NE(dom.find("<details><summary><b>"), std::string::npos);
  EXPECT_NE(dom.find("<b>Expected:</b>"), std::string::npos);
  EXPECT_NE(dom.find("<b>Came back:</b>"), std::string::npos);
  EXPECT_NE(dom.find("$AUTHSPEC_CREDENTIAL"), std::string::npos);
  EXPECT_NE(dom.find("https://www.rfc-editor.org/rfc/rfc9110#section-11.5"), std::string::npos);
}

// Printable: printing opens every failure's details (request, response, fix, curl), so the
// printout is longer than the same page printed with its details left closed.
// The schema of the JSON report is not a rubber stamp: it refuses a damaged report.
TEST(JsonReport, SchemaRejectsADamagedReport) {
  TempDir tmp;
  ASSERT_EQ(
      run_authspec({"run", "--no-color", "--only", "CHAL-001", "--json", tmp.path("r.json")}).code,
      0);
  EXPECT_EQ(validate_report(tmp.path("r.json")), 0);
  auto report = read_json(tmp.path("r.json"));
  for (const auto& damage : std::vector<std::function<void(nlohmann::json&)>>{
           [](nlohmann::json& j) { j["results"][0]["verdict"] = "maybe"; },
           [](nlohmann::json& j) { j["results"][0]["exchange_ids"].push_back(100000); },
           [](nlohmann::json& j) { j["exchanges"][0]["id"] = 7; },
           [](nlohmann::json& j) { j["exchanges"][0]["response"]["status"] = "401"; },
           [](nlohmann::json& j) { j["summary"].erase("grade"); }}) {
    auto damaged = report;
    damage(damaged);
    EXPECT_EQ(validate_report(tmp.write("d.json", damaged.dump())), 1) << damaged.dump();
  }
}

TEST(HtmlReport, PrintsEveryFailureOpen) {
  ASSERT_TRUE(chromium_installed()) << "scripts/test.sh installs chromium";
  TempDir tmp;
  ASSERT_EQ(run_authspec({"run", "--no-color", "--mock-defect", "realm-unquoted", "--mock-defect",
                          "nul-truncation", "--html", tmp.path("r.html")})
                .code,
            1);
  std::string page = read_file(tmp.path("r.html"));
  const int printed = print_pages(tmp, tmp.path("r.html"));
  EXPECT_GT(printed, 1);
  const auto handler = page.find("'beforeprint'");
  ASSERT_NE(handler, std::string::npos);
  page.replace(handler, 13, "'never-fired'");
  std::ofstream(tmp.path("closed.html")) << page;
  const int closed = print_pages(tmp, tmp.path("closed.html"));
  EXPECT_GT(closed, 0);
  EXPECT_GT(printed, closed);
  // "Came back" shows the status line each exchange got.
  EXPECT_NE(page.find("&rarr; <code>HTTP/1.1 401"), std::string::npos);
}

// A whole API's run (issue 17): past 20 resources the HTML groups its results by check, the
// resources inside, a group with a failure open; the filter runs over every row in chromium.
TEST(HtmlReport, AWholeApisResultsAreGroupedByCheck) {
  ASSERT_TRUE(chromium_installed()) << "scripts/test.sh installs chromium";
  std::string text = "[target]\nbase_url = https://api.example.test\ncanary = C-1\n[protected]\n";
  for (int i = 0; i < 1000; ++i) text += "resource = GET /items/" + std::to_string(i) + " basic\n";
  text += "[basic]\nuser = alice\npassword = secret-one\n";
  const Profile profile = load_profile_text(
      text, "big.ini", {},
      [](const std::string&) -> std::string { throw std::runtime_error("no files"); });
  RunResult run;
  std::size_t failed = 0;
  for (const char* id : {"CHAL-002", "CHAL-003", "BYP-001"}) {
    const Check* check = select_checks({id}, {}).back();
    for (const auto& r : profile.protected_resources) {
      if (r.head_twin) continue;
      Result result{check, r.label(), {}, {}, {}};
      if (std::string(id) == "CHAL-003" && r.path.size() > 9 && r.path[9] == '7') {
        result.verdict = {Outcome::kFail, "200 with the protected content", {}};
        ++failed;
      }
      run.results.push_back(std::move(result));
    }
  }
  const Score score = score_run(profile, run);
  const Gate gate = apply_gate(score, run, FailOn::kAny, 0, nullptr);
  const Masker masker(profile);
  TempDir tmp;
  {
    std::ofstream page(tmp.path("big.html"));
    write_html(ReportInput{profile, run, score, gate, masker, {}, nullptr}, page);
  }
  std::string log;
  const std::string dom = render_in_chromium(tmp, tmp.path("big.html"), &log);
  ASSERT_FALSE(dom.empty()) << log;
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;
  std::size_t groups = 0, open = 0;
  for (std::size_t at = 0; (at = dom.find("<details class=\"check\"", at)) != std::string::npos;
       ++at) {
    ++groups;
    const std::string tag = dom.substr(at, dom.find('>', at) - at);
    open += tag.find(" open") != std::string::npos;
  }
  EXPECT_EQ(groups, 3u);
  EXPECT_EQ(open, 1u) << "only the group with failures is open";
  EXPECT_GT(failed, 0u);
  EXPECT_NE(dom.find("CHAL-003</b>"), std::string::npos);
  EXPECT_NE(
      dom.find("(" + std::to_string(failed) + " fail, " + std::to_string(1000 - failed) + " pass)"),
      std::string::npos);
  EXPECT_NE(dom.find("id=\"shown\">3000<"), std::string::npos) << "the filter ran over every row";
  EXPECT_NE(dom.find("data-group=\"2\""), std::string::npos);
}

// The run-wide lines and resource names are masked in every report like every other text: why a
// run stopped (built from what the target or curl said), and the results' resources, the caps,
// gate reasons and what was not covered, which name them (a key given in a resource's query, here
// the password; the console masked resources already, the other writers did not).
TEST(EveryFormat, RunWideLinesAreMasked) {
  Profile profile = load_profile_text(
      "[target]\nbase_url = https://api.example.test\ncanary = C-1\n[protected]\nresource = GET "
      "/items basic\n[basic]\nuser = alice\npassword = secret-one\n",
      "p.ini", {}, [](const std::string&) -> std::string { throw std::runtime_error("no files"); });
  // (A profile refuses a scheme it has no credentials for; a zero-config run has such resources.)
  Resource feed;
  feed.method = "GET";
  feed.path = "/feed?key=secret-one";
  feed.schemes = {"bearer"};
  profile.protected_resources.push_back(feed);
  RunResult run;
  run.aborted = "target unreachable: could not resolve secret-one";
  const Check* check = select_checks({"CHAL-003"}, {}).back();
  run.results.push_back({check, "GET /feed?key=secret-one", {Outcome::kFail, "200", {}}, {}, {}});
  const Score score = score_run(profile, run);
  const Gate gate = apply_gate(score, run, FailOn::kAny, 0, nullptr);
  ASSERT_FALSE(score.not_covered.empty());
  const Masker masker(profile);
  const ReportInput in{profile, run, score, gate, masker, {}, nullptr};
  const std::vector<std::pair<const char*, std::function<void(std::ostream&)>>> writers = {
      {"console", [&](std::ostream& o) { write_console(in, o, false); }},
      {"json", [&](std::ostream& o) { write_json(in, o); }},
      {"html", [&](std::ostream& o) { write_html(in, o); }},
      {"markdown", [&](std::ostream& o) { write_markdown(in, o); }},
      {"sarif", [&](std::ostream& o) { write_sarif(in, o); }},
      {"junit", [&](std::ostream& o) { write_junit(in, o); }},
      {"har", [&](std::ostream& o) { write_har(in, o); }}};
  for (const auto& [name, write] : writers) {
    std::ostringstream out;
    write(out);
    const std::string text = out.str();
    const auto at = text.find("secret-one");
    EXPECT_EQ(at, std::string::npos)
        << name << ": ..." << text.substr(at < 80 ? 0 : at - 80, 120) << "...";
  }
  std::ostringstream console;
  write_console(in, console, false);
  EXPECT_NE(console.str().find("could not resolve [masked]"), std::string::npos) << console.str();
  EXPECT_NE(console.str().find("not covered: GET /feed?key=[masked] accepts bearer"),
            std::string::npos)
      << console.str();
}

// Reports that lead with what failed (issue 18): at 1400x900, without scrolling, a failing report
// shows its first failing check (the block and its fix) and a passing one says nothing failed.
// Screenshots of both are taken; the layout is read back from chromium itself (a copy of the
// report measures where the first failure sits), so the test does not compare pixels.
TEST(HtmlReport, TheFailureIsAboveTheFoldAt1400x900) {
  ASSERT_TRUE(chromium_installed()) << "scripts/test.sh installs chromium";
  TempDir tmp;
  ASSERT_EQ(run_authspec({"run", "--no-color", "--quiet", "--html", tmp.path("pass.html")}).code,
            0);
  ASSERT_EQ(run_authspec({"run", "--no-color", "--quiet", "--mock-defect", "no-challenge",
                          "--mock-defect", "realm-unquoted", "--html", tmp.path("fail.html")})
                .code,
            1);
  for (const char* page : {"pass", "fail"}) {
    const std::string png = tmp.path(std::string(page) + ".png");
    ASSERT_TRUE(screenshot_in_chromium(tmp, tmp.path(std::string(page) + ".html"), png, "1400,900"))
        << page;
    const std::string bytes = read_file(png);
    ASSERT_GT(bytes.size(), 24u);
    EXPECT_EQ(bytes.substr(1, 3), "PNG");
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    auto be32 = [&](std::size_t at) {
      return (static_cast<unsigned char>(bytes[at]) << 24) |
             (static_cast<unsigned char>(bytes[at + 1]) << 16) |
             (static_cast<unsigned char>(bytes[at + 2]) << 8) |
             static_cast<unsigned char>(bytes[at + 3]);
    };
    EXPECT_EQ(be32(16), 1400u);
    EXPECT_EQ(be32(20), 900u);
  }
  const std::string probe =
      "<script>addEventListener('load',function(){var f=document.querySelector("
      "'#what-failed details.failed-check');var fix=f&&f.querySelector('p:nth-of-type(2)');"
      "var none=document.querySelector('#what-failed p.muted');document.body.setAttribute("
      "'data-layout',JSON.stringify({first:f?f.getBoundingClientRect().top:-1,"
      "summary:f?f.querySelector('summary').getBoundingClientRect().bottom:-1,"
      "fix:fix?fix.getBoundingClientRect().bottom:-1,"
      "none:none?none.getBoundingClientRect().bottom:-1,height:innerHeight}));});</script>";
  auto layout = [&](const std::string& page) {
    std::string html = read_file(tmp.path(page + ".html"));
    html.insert(html.rfind("</body>"), probe);
    const std::string copy = tmp.write(page + "-probe.html", html);
    std::string log;
    const std::string dom = render_in_chromium(tmp, copy, &log, "1400,900");
    const auto at = dom.find("data-layout=\"");
    if (at == std::string::npos) return nlohmann::json();
    std::string value = dom.substr(at + 13, dom.find('"', at + 13) - at - 13);
    for (std::size_t q; (q = value.find("&quot;")) != std::string::npos;) value.replace(q, 6, "\"");
    return nlohmann::json::parse(value);
  };
  const auto failing = layout("fail");
  ASSERT_TRUE(failing.is_object());
  // The viewport of a 1400x900 window (headless chromium keeps room for its frame: about 757).
  const double viewport = failing["height"].get<double>();
  EXPECT_GT(viewport, 700);
  EXPECT_LE(viewport, 900);
  EXPECT_GT(failing["first"].get<double>(), 0);
  EXPECT_LT(failing["summary"].get<double>(), viewport) << failing.dump();
  EXPECT_LT(failing["fix"].get<double>(), viewport)
      << "the fix of the first failure too: " << failing.dump();
  const auto passing = layout("pass");
  ASSERT_TRUE(passing.is_object());
  EXPECT_EQ(passing["first"], -1);
  EXPECT_GT(passing["none"].get<double>(), 0);
  EXPECT_LT(passing["none"].get<double>(), passing["height"].get<double>())
      << "\"Nothing failed.\" is above the fold";
  EXPECT_NE(read_file(tmp.path("pass.html")).find("Nothing failed."), std::string::npos);
}

// Every failure carries a curl command that reproduces it (issue 18): in JUnit's system-out, the
// Markdown summary and the console with -v, not only the HTML; for https with the TLS options
// the run used (-k for the bundled mock, whose certificate lives only for its run).
// The Markdown report is a GitHub job summary: text outside code spans that holds "<...>" would
// be dropped as an HTML tag, so there it is escaped; inside code spans (the reproduction) it stays
// as it is.
TEST(MarkdownReport, EscapesAngleBracketsOutsideCodeSpansOnly) {
  TempDir tmp;
  const auto r =
      run_authspec({"run", "--no-color", "--quiet", "--only", "RATE-002", "--mock-defect",
                    "retry-after-malformed", "--markdown", tmp.path("r.md")});
  ASSERT_EQ(r.code, 1) << r.err;
  const std::string md = read_file(tmp.path("r.md"));
  // RATE-002's fix, "Send Retry-After: <seconds> with every 429.", then the reproduction.
  EXPECT_NE(md.find("Fix: Send Retry-After: &lt;seconds&gt; with every 429. Reproduce: ``"),
            std::string::npos)
      << md;
  // Outside code spans (`...` and `` ... ``) no < or > is left.
  const std::string prose = std::regex_replace(md, std::regex("``[^`]*``|`[^`]*`"), "");
  EXPECT_EQ(prose.find_first_of("<>"), std::string::npos) << prose;
  // Inside the reproduction's code span nothing is escaped.
  std::smatch repro;
  ASSERT_TRUE(std::regex_search(md, repro, std::regex("Reproduce: `` (curl [^`]*) ``"))) << md;
  EXPECT_EQ(repro[1].str().find("&lt;"), std::string::npos) << repro[1];
  EXPECT_EQ(repro[1].str().find("&gt;"), std::string::npos) << repro[1];
}

// Text read off the wire (a server's message, a path) shows as it is in Markdown prose: nothing in
// it is taken for emphasis, a code span, a tag, an entity or a table's column.
TEST(MarkdownReport, ProseShowsServerTextAsItIs) {
  EXPECT_EQ(markdown_prose("a *b* c"), "a \\*b\\* c");
  EXPECT_EQ(markdown_prose("_hidden_ and __Host-x"), "\\_hidden\\_ and \\_\\_Host-x");
  // An underscore inside a word starts nothing: insufficient_scope stays readable.
  EXPECT_EQ(markdown_prose("error=insufficient_scope"), "error=insufficient_scope");
  EXPECT_EQ(markdown_prose("`x` <b>"), "\\`x\\` &lt;b&gt;");
  EXPECT_EQ(markdown_prose("&lt; &#60; R & D"), "&amp;lt; &amp;#60; R & D");
  EXPECT_EQ(markdown_prose("a\\*b c\\d"), "a\\\\\\*b c\\d");
  EXPECT_EQ(markdown_prose("a|b\nc"), "a\\|b c");
  // In a code span only the table's pipes and line breaks matter.
  EXPECT_EQ(markdown_cell("a*b_c|d\ne"), "a*b_c\\|d e");
}

TEST(Reproduction, EveryFormatCarriesACurlCommandWithTheRunsTlsOptions) {
  TempDir tmp;
  const auto r = run_authspec({"run", "--no-color", "--quiet", "-v", "--only", "CHAL-002",
                               "--mock-defect", "no-challenge", "--junit", tmp.path("r.xml"),
                               "--markdown", tmp.path("r.md"), "--html", tmp.path("r.html")});
  ASSERT_EQ(r.code, 1) << r.err;
  const std::string expected = "curl -i --path-as-is -k ";
  EXPECT_NE(read_file(tmp.path("r.xml")).find("Reproduce: " + expected), std::string::npos);
  EXPECT_NE(read_file(tmp.path("r.md")).find("Reproduce: `` " + expected), std::string::npos);
  EXPECT_NE(read_file(tmp.path("r.html")).find(expected), std::string::npos);
  EXPECT_NE(r.out.find("    reproduce ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(expected), std::string::npos) << r.out;
  // Without -v the console stays short.
  const auto quiet = run_authspec(
      {"run", "--no-color", "--quiet", "--only", "CHAL-002", "--mock-defect", "no-challenge"});
  EXPECT_EQ(quiet.out.find("reproduce ("), std::string::npos);

  // A target verified with a CA file, and a client certificate: the command names the files.
  Profile profile = load_profile_text(
      "[target]\nbase_url = https://api.example.test\ncanary = C-1\n[protected]\n"
      "resource = GET /a basic\n[basic]\nuser = alice\npassword = secret-one\n",
      "p.ini", {}, [](const std::string&) -> std::string { throw std::runtime_error("none"); });
  profile.tls.cacert_file = "ca dir/ca.pem";
  profile.tls.cert_file = "client.pem";
  profile.tls.key_file = "client.key";
  RunResult run;
  const Score score = score_run(profile, run);
  const Gate gate = apply_gate(score, run, FailOn::kAny, 0, nullptr);
  const Masker masker(profile);
  const ReportInput in{profile, run, score, gate, masker, {}, nullptr};
  Exchange ex;
  ex.url = "https://api.example.test/a";
  ex.request.method = "GET";
  ex.sent_head = "GET /a HTTP/1.1\r\nHost: api.example.test\r\nX-Test: 1\r\n\r\n";
  EXPECT_EQ(curl_command(ex, in),
            "curl -i --path-as-is --cacert 'ca dir/ca.pem' --cert 'client.pem' --key "
            "'client.key' -H 'X-Test: 1' 'https://api.example.test/a'");
  ex.url = "http://api.example.test/a";
  EXPECT_EQ(curl_command(ex, in).find("--cacert"), std::string::npos) << "plain http: no TLS";
}

}  // namespace
}  // namespace authspec::test
