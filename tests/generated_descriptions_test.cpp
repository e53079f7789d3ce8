// Descriptions written by real tools, not by hand: two small Flask apps (tests/flask_apps/) whose
// OpenAPI 3.0 (apispec) and Swagger 2.0 (Flasgger) descriptions are generated from their views'
// docstrings when they start. Each app runs on a loopback port; authspec imports its description
// from the app's URL and runs straight from it. The verdicts that are not passes or skips were
// checked by hand against the specs and the app's code (docs/real-servers.md).
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <regex>
#include <set>

#include "tests/support/cli_runner.h"
#include "tests/support/process.h"

namespace authspec::test {
namespace {

const std::string kApps = std::string(AUTHSPEC_SOURCE_DIR) + "/tests/flask_apps/";

// A Flask app of tests/flask_apps/ under Debian's python3, on an ephemeral loopback port (it
// prints "PORT n" once it listens); stopped with the test.
class FlaskApp {
 public:
  explicit FlaskApp(const std::string& script) : process_({"/usr/bin/python3", kApps + script}) {
    const std::string line = process_.read_line(20000);
    std::smatch m;
    if (std::regex_search(line, m, std::regex("^PORT ([0-9]+)"))) port_ = std::stoi(m[1]);
  }
  ~FlaskApp() { process_.stop(SIGTERM, 5000); }
  bool up() const { return port_ > 0; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  Process process_;
  int port_ = 0;
};

// `authspec import openapi URL --base-url` of a running app: the profile's settings.
std::vector<std::string> imported_settings(const std::string& description, const FlaskApp& app) {
  const auto r = run_authspec({"import", "openapi", description, "--base-url", app.url()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return profile_settings(r.out);
}

// Every fail, warn and error is one `expected` names, with that verdict; every one it names came.
void expect_findings(const nlohmann::json& report,
                     const std::map<std::string, std::string>& expected) {
  std::map<std::string, std::string> found;
  for (const auto& r : report["results"]) {
    const std::string v = r["verdict"];
    if (v == "pass" || v == "skip") continue;
    const std::string key = r["check"].get<std::string>() + " " + r["resource"].get<std::string>();
    found[key] = v;
    const auto it = expected.find(key);
    EXPECT_TRUE(it != expected.end() && it->second == v)
        << key << ": " << v << " (not expected): " << r["message"];
  }
  for (const auto& [key, v] : expected)
    EXPECT_EQ(found.count(key) ? found[key] : "pass or skip", v) << key;
}

// The apps' fixture credentials; plain http on purpose (loopback test apps).
const char* kNotesIdentities =
    "[target]\ncleartext = intended\n[basic]\nuser = ada\npassword = lovelace-2026\n"
    "[bearer]\ntoken = notes-token-ada-41c7\n"
    "[low]\ntoken = notes-token-bob-9e02\nresource = GET /admin/stats\n";
const char* kShopIdentities =
    "[target]\ncleartext = intended\n[basic]\nuser = carol\npassword = shopper-2026\n"
    "[apikey]\nkey = shop-key-7f3a90c1d2\n";

// apispec (OpenAPI 3.0.3): Basic or Bearer through flask-httpauth, an admin-only operation.
TEST(GeneratedDescriptions, ApispecNotesApiImportsAndRunsFromItsUrl) {
  FlaskApp app("notes_apispec.py");
  ASSERT_TRUE(app.up()) << "python3-flask, python3-apispec and python3-flask-httpauth are "
                           "installed by scripts/test.sh";
  const std::string description = app.url() + "/openapi.json";
  const std::vector<std::string> expected = {
      "[target]",
      "base_url = " + app.url(),
      "[protected]",
      "resource = GET /notes basic,bearer",
      "resource = GET /notes/1 basic,bearer",
      "resource = GET /admin/stats bearer",
      "[public]",
      "resource = GET /health",
      "[description]",
      "file = " + description,
      "operation = GET /health getHealth /paths/~1health/get public",
      "operation = GET /notes listNotes /paths/~1notes/get",
      "operation = GET /notes/{note_id} getNote /paths/~1notes~1{note_id}/get",
      "operation = DELETE /notes/{note_id} deleteNote /paths/~1notes~1{note_id}/delete",
      "operation = GET /admin/stats getAdminStats /paths/~1admin~1stats/get",
      "[basic]",
      "user = FILL-IN",
      "password = FILL-IN",
      "[bearer]",
      "token = FILL-IN"};
  EXPECT_EQ(imported_settings(description, app), expected);

  TempDir tmp;
  const auto run =
      run_authspec({"run", "--no-color", "--depth", "full", "--openapi", description, "--target",
                    app.url(), "--profile", tmp.write("ids.ini", kNotesIdentities), "--json",
                    tmp.path("r.json"), "--sarif", tmp.path("r.sarif")});
  const auto report = read_json(tmp.path("r.json"));
  ASSERT_TRUE(report.is_object()) << run.out << run.err;
  // Checked by hand (flask-httpauth 4.5 under Werkzeug 2.2; docs/real-servers.md):
  expect_findings(
      report,
      {// MultiAuth picks the Bearer scheme by its exact spelling: "bearer" gets 401 (RFC 9110
       // §11.1: case-insensitive, no keyword: advice).
       {"CHAL-008 GET /notes", "warn"},
       {"CHAL-008 GET /notes/1", "warn"},
       // Werkzeug decodes Basic leniently: trailing junk, '=' inside, spaces authenticate (a
       // recipient MAY recover, RFC 9110 §2.2: advice), and a second Authorization field is
       // ignored.
       {"CHAL-018 GET /notes", "warn"},
       {"CHAL-018 GET /notes/1", "warn"},
       {"BASIC-005 GET /notes", "warn"},
       {"BASIC-005 GET /notes/1", "warn"},
       {"CHAL-013 GET /notes", "warn"},
       {"CHAL-013 GET /notes/1", "warn"},
       // A wrong token gets a Basic challenge only (MultiAuth) or a Bearer challenge without
       // error="invalid_token" (HTTPTokenAuth): RFC 6750 §3.1 SHOULD.
       {"BEARER-004 GET /notes", "fail"},
       {"BEARER-004 GET /notes/1", "fail"},
       {"BEARER-004 GET /admin/stats", "fail"},
       // A token in the header and another in the query: the query is not read, the header
       // wins (RFC 6750 §3.1: more than one method SHOULD get 400 invalid_request).
       {"BEARER-005 GET /notes", "fail"},
       {"BEARER-005 GET /notes/1", "fail"},
       {"BEARER-005 GET /admin/stats", "fail"},
       // The role check answers 403 with no challenge at all (RFC 6750 §3.1 SHOULD).
       {"BEARER-006 *", "fail"},
       // No Cache-Control on authenticated answers; plain http (waived by cleartext = intended).
       {"CACHE-002 GET /notes", "warn"},
       {"CACHE-002 GET /notes/1", "warn"},
       {"CACHE-002 GET /admin/stats", "warn"},
       {"TLS-002 GET /notes", "warn"},
       {"TLS-002 GET /notes/1", "warn"},
       {"TLS-002 GET /admin/stats", "warn"}});
  EXPECT_EQ(run.code, 1) << run.out;
  // The description agrees with the app: DESC passes for every operation it describes.
  const auto v = verdicts(report);
  for (const char* key : {"DESC-001 GET /health", "DESC-002 GET /notes", "DESC-002 GET /notes/1",
                          "DESC-002 GET /admin/stats"})
    EXPECT_EQ(v.count(key) ? v.at(key) : "(not run)", "pass") << key;
  // Grouped by operation, and SARIF points into the description.
  std::set<std::string> operations;
  for (const auto& op : report["description"]["operations"]) operations.insert(op["operation"]);
  EXPECT_EQ(operations,
            (std::set<std::string>{"getHealth", "listNotes", "getNote", "getAdminStats"}));
}

// Flasgger (Swagger 2.0): an API key in a header for the catalogue, Basic for orders.
TEST(GeneratedDescriptions, FlasggerShopApiImportsAndRunsFromItsUrl) {
  FlaskApp app("shop_flasgger.py");
  ASSERT_TRUE(app.up()) << "python3-flask and python3-flasgger are installed by scripts/test.sh";
  const std::string description = app.url() + "/apispec_1.json";
  const std::vector<std::string> expected = {
      "[target]",
      "base_url = " + app.url(),
      "[protected]",
      "resource = GET /orders/17 basic",
      "[public]",
      "resource = GET /status",
      "[description]",
      "file = " + description,
      "operation = GET /orders/{order_id} getOrder /paths/~1orders~1{order_id}/get",
      "operation = DELETE /orders/{order_id} cancelOrder /paths/~1orders~1{order_id}/delete",
      "operation = GET /products listProducts /paths/~1products/get",
      "operation = GET /status getStatus /paths/~1status/get public",
      "[apikey]",
      "in = header",
      "name = X-API-Key",
      "key = FILL-IN",
      "resource = GET /products",
      "[basic]",
      "user = FILL-IN",
      "password = FILL-IN"};
  EXPECT_EQ(imported_settings(description, app), expected);

  TempDir tmp;
  const auto run = run_authspec({"run", "--no-color", "--depth", "full", "--openapi", description,
                                 "--target", app.url(), "--writes-ok", "cancelOrder", "--profile",
                                 tmp.write("ids.ini", kShopIdentities), "--json",
                                 tmp.path("r.json"), "--sarif", tmp.path("r.sarif")});
  const auto report = read_json(tmp.path("r.json"));
  ASSERT_TRUE(report.is_object()) << run.out << run.err;
  // Checked by hand (Flasgger 0.9.5 under Werkzeug 2.2, the app's own checks):
  expect_findings(
      report,
      {// The API-key refusals are 401 without WWW-Authenticate: RFC 9110 §11.6.1 MUST.
       {"CHAL-001 *", "fail"},
       {"APIKEY-001 *", "fail"},
       // ... and so without the challenge §11.4 says they SHOULD carry.
       {"APIKEY-002 *", "fail"},
       {"APIKEY-003 *", "fail"},
       // Non-ASCII octets in Authorization crash the hand-written decoder (500, not a 4xx).
       {"STAT-005 GET /orders/17", "warn"},
       {"STAT-005 DELETE /orders/17", "warn"},
       {"CACHE-002 GET /orders/17", "warn"},
       {"CACHE-002 DELETE /orders/17", "warn"},
       {"TLS-002 GET /orders/17", "warn"},
       {"TLS-002 DELETE /orders/17", "warn"}});
  EXPECT_EQ(run.code, 1) << run.out;
  // SARIF points at the operations in the description (its URL and JSON pointer).
  const auto sarif = read_json(tmp.path("r.sarif"));
  bool located = false;
  for (const auto& r : sarif["runs"][0]["results"])
    if (r["properties"].value("operation", "") == "cancelOrder") {
      located = true;
      EXPECT_EQ(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], description);
      EXPECT_EQ(r["properties"]["operationPointer"], "#/paths/~1orders~1{order_id}/delete");
    }
  EXPECT_TRUE(located);
}

}  // namespace
}  // namespace authspec::test
