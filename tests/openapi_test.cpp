// `authspec import openapi`: OpenAPI 3.0 and 3.1 and Swagger 2.0 descriptions, JSON and YAML,
// with $refs inside the document and to sibling files, become profiles; the mock's own
// description matches the mock route for route and, filled in, runs clean against it; bad
// descriptions get one line naming the file, the JSON pointer and the problem.
#include "suite/openapi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "cli/cli.h"
#include "mock_server/mock_server.h"
#include "mock_server/world.h"
#include "suite/http.h"
#include "suite/profile.h"
#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

const std::string kFixtures = std::string(AUTHSPEC_SOURCE_DIR) + "/fixtures/";

// How many results passed; every result must pass or skip.
int passed_or_skipped(const nlohmann::json& report) {
  int passed = 0;
  for (const auto& res : report["results"]) {
    EXPECT_TRUE(res["verdict"] == "pass" || res["verdict"] == "skip")
        << res["check"] << " " << res["resource"] << ": " << res["message"];
    passed += res["verdict"] == "pass";
  }
  return passed;
}

std::string imported(const std::vector<std::string>& args) {
  std::vector<std::string> all = {"import", "openapi"};
  all.insert(all.end(), args.begin(), args.end());
  const auto r = run_authspec(all);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  return r.out;
}

// The mock's description names every route of the mock with the schemes that route takes.
TEST(OpenApiImport, TheMocksDescriptionMatchesTheMockRouteForRoute) {
  const ApiDescription d = read_api_description(kFixtures + "mock.openapi.yaml");
  EXPECT_EQ(d.base_url, "https://127.0.0.1:8443");
  for (const auto& [path, route] : mock::routes()) {
    const ApiOperation* op = nullptr;
    for (const auto& o : d.operations)
      if (o.path == path && o.method == route.method) op = &o;
    ASSERT_NE(op, nullptr) << route.method << " " << path << " is not described";
    std::set<std::string> described, served;
    for (const auto& alternative : op->security)
      for (const auto& r : alternative) {
        const ApiSecurityScheme* s = d.scheme_named(r.scheme);
        described.insert(s->type == "http" ? s->scheme : "bearer");  // oauth2 tokens are Bearer
      }
    for (const auto& s : route.schemes) served.insert(to_lower(s));
    EXPECT_EQ(described, served) << route.method << " " << path;
  }
  // The routes outside that table: API keys, Digest, objects, sessions, the token endpoint.
  std::set<std::string> paths;
  for (const auto& o : d.operations) paths.insert(o.method + " " + o.path);
  for (const char* p : {"GET /api/keyed/header", "GET /api/digest", "GET /api/objects/alice-1",
                        "GET /public/health", "GET /api/session/me"})
    EXPECT_TRUE(paths.count(p)) << p;
}

// What the mock's description cannot say, for its import: fixtures/mock.ini without the base URL,
// the resources, the public ones, the deny list's resources and [description] (the description
// gives those), its Token identity under the name the import gives it ([identity.token]).
std::string mock_identities(const MockEndpoints& mock) {
  std::string out, section;
  std::istringstream in(mock_profile_text(mock));
  for (std::string line; std::getline(in, line);) {
    const std::string t = trim(line);
    if (!t.empty() && t.front() == '[') section = t;
    if (section == "[protected]" || section == "[public]" || section == "[description]") continue;
    if ((section == "[target]" && t.rfind("base_url", 0) == 0) ||
        (section == "[deny]" && t.rfind("resource", 0) == 0))
      continue;
    out += (t == "[identity.service]" ? "[identity.token]" : line) + "\n";
  }
  return out;
}

// Done when: `authspec import openapi fixtures/mock.openapi.yaml`, filled in, runs against the mock
// with score 100 and the same results as fixtures/mock.ini. The description names two operations
// mock.ini leaves to other sections (alice's object, the Digest route): only their results are
// added, and they pass or skip.
TEST(OpenApiImport, TheMocksDescriptionImportedAndFilledInGivesTheSameResultsAsMockIni) {
  TempDir tmp;
  nlohmann::json by_ini, by_description;
  {
    mock::MockServer server{mock::MockOptions{}};
    server.start();
    const auto r =
        run_authspec({"run", "--no-color", "--profile",
                      tmp.write("mock.ini", mock_profile_text(endpoints_of(server, tmp))), "--json",
                      tmp.path("ini.json")});
    ASSERT_EQ(r.code, 0) << r.err;
    by_ini = read_json(tmp.path("ini.json"));
  }
  {
    mock::MockServer server{mock::MockOptions{}};
    server.start();
    const MockEndpoints mock = endpoints_of(server, tmp);
    const std::string profile = overlay_profile_text(
        imported({kFixtures + "mock.openapi.yaml", "--base-url", mock.url, "--writes-ok",
                  "addNote,getData,getAdmin,getDeniedByAddress"}),
        mock_identities(mock));
    const auto r = run_authspec({"run", "--no-color", "--profile", tmp.write("p.ini", profile),
                                 "--json", tmp.path("description.json")});
    ASSERT_EQ(r.code, 0) << r.out.substr(r.out.size() > 3000 ? r.out.size() - 3000 : 0) << r.err
                         << profile;
    by_description = read_json(tmp.path("description.json"));
  }
  EXPECT_EQ(by_description["summary"]["score"], 100);
  EXPECT_EQ(by_description["summary"]["grade"], by_ini["summary"]["grade"]);
  auto a = verdicts(by_ini), b = verdicts(by_description);
  for (const auto& [key, v] : a) EXPECT_EQ(b.count(key) ? b[key] : "(not run)", v) << key;
  int added = 0;
  for (const auto& [key, v] : b) {
    if (a.count(key)) continue;
    ++added;
    EXPECT_TRUE(key.find(" /api/objects/alice-1") != std::string::npos ||
                key.find(" /api/digest") != std::string::npos)
        << key << " is only in the description's run";
    EXPECT_TRUE(v == "pass" || v == "skip") << key << ": " << v;
  }
  EXPECT_GT(added, 0);
  // Both runs group by the description's operations.
  EXPECT_EQ(by_ini["description"]["operations"].size(), 8u);
  EXPECT_EQ(by_description["description"]["operations"].size(), 10u);
}

// [description]: which operation a resource is (an exact path before a template, a HEAD twin is
// its GET's, the query aside), and one line naming the key for a malformed operation line.
TEST(OpenApiProfile, ResourcesAreMatchedToTheDescribedOperations) {
  const std::string head =
      "[target]\nbase_url = https://api.example\ncanary = c\n[protected]\nresource = GET /pets/17 "
      "basic\n"
      "[description]\nfile = api.yaml\n";
  const Profile p =
      load_profile_text(head +
                            "operation = GET /pets/{id} getPet /paths/~1pets~1{id}/get\n"
                            "operation = GET /pets/mine myPets /paths/~1pets~1mine/get\n"
                            "operation = GET /pets/{id}/toys - pets.yaml:/toys/get\n"
                            "operation = GET /health health /paths/~1health/get public\n",
                        "p.ini", {}, nullptr);
  ASSERT_TRUE(p.description);
  EXPECT_EQ(p.operation_of("GET /pets/17")->id, "getPet");
  EXPECT_EQ(p.operation_of("HEAD /pets/17")->id, "getPet");
  EXPECT_EQ(p.operation_of("GET /pets/17?x=1")->id, "getPet");
  EXPECT_EQ(p.operation_of("GET /pets/mine")->id, "myPets");
  const DescribedOperation* toys = p.operation_of("GET /pets/3/toys");
  ASSERT_NE(toys, nullptr);
  EXPECT_EQ(toys->name(), "GET /pets/{id}/toys");
  EXPECT_EQ(toys->pointer, "pets.yaml#/toys/get");
  EXPECT_TRUE(p.operation_of("GET /health")->is_public);
  EXPECT_EQ(p.operation_of("GET /pets/"), nullptr);
  EXPECT_EQ(p.operation_of("DELETE /pets/17"), nullptr);
  EXPECT_EQ(p.operation_of("*"), nullptr);
  for (const auto& [line, expected] : std::vector<std::pair<std::string, std::string>>{
           {"operation = GET /pets getPets\n", "expected METHOD PATH-TEMPLATE"},
           {"operation = get /pets getPets /paths/~1pets/get\n", "the method is upper-case"},
           {"operation = GET pets getPets /paths/~1pets/get\n", "starts with /"},
           {"operation = GET /pets getPets paths\n", "the pointer is a JSON pointer"},
           {"operation = GET /pets a /paths/~1pets/get\noperation = GET /pets b /x\n",
            "GET /pets is listed twice"}}) {
    try {
      load_profile_text(head + line, "p.ini", {}, nullptr);
      ADD_FAILURE() << line << " was accepted";
    } catch (const ProfileError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("key description.operation"), std::string::npos)
          << e.what();
    }
  }
}

// OpenAPI 3.0 (YAML), 3.1 (JSON, parameters by $ref, examples) and Swagger 2.0 (JSON, x-example)
// describe one API: the profiles they import to say the same.
TEST(OpenApiImport, ThreeDialectsOfOneApiImportToTheSameProfile) {
  // (Each names its own file in [description].)
  auto without_file = [](const std::string& profile) {
    auto s = profile_settings(profile);
    s.erase(std::remove_if(s.begin(), s.end(),
                           [](const std::string& l) { return l.rfind("file = ", 0) == 0; }),
            s.end());
    return s;
  };
  const std::string v30 = imported({kFixtures + "openapi/shop-3.0.yaml"});
  const auto settings = without_file(v30);
  EXPECT_EQ(without_file(imported({kFixtures + "openapi/shop-3.1.json"})), settings);
  EXPECT_EQ(without_file(imported({kFixtures + "openapi/shop-2.0.json"})), settings);
  const std::vector<std::string> expected = {
      "[target]", "base_url = https://shop.example/v1", "[protected]",
      "resource = GET /orders/17 bearer", "[public]", "resource = GET /health", "[description]",
      "operation = GET /health health /paths/~1health/get public",
      "operation = GET /orders/{id} getOrder /paths/~1orders~1{id}/get",
      "operation = DELETE /orders/{id} deleteOrder /paths/~1orders~1{id}/delete",
      "operation = GET /customers/{customer}/notes customerNotes "
      "/paths/~1customers~1{customer}~1notes/get",
      "[oauth]", "token_url = https://auth.shop.example/token", "grant = client_credentials",
      "client_id = FILL-IN", "client_secret = FILL-IN", "scope = orders:read orders:write",
      "[basic]", "user = FILL-IN", "password = FILL-IN", "[apikey]", "in = header",
      "name = X-Shop-Key", "key = FILL-IN", "resource = GET /customers/FILL-IN-customer/notes",
      // A token without orders:read, for getOrder: 403.
      "[low]", "scope = orders:write", "resource = GET /orders/17"};
  EXPECT_EQ(settings, expected) << v30;
  // What the profile cannot say is a comment: scopes, a parameter to fill, a write left out.
  EXPECT_NE(v30.find("# scopes: orders:write"), std::string::npos) << v30;
  EXPECT_NE(v30.find("FILL-IN: no example for the path parameter customer"), std::string::npos);
  EXPECT_NE(v30.find("import with --writes-ok deleteOrder to add it)\n# resource = DELETE "
                     "/orders/17 basic,bearer\n"),
            std::string::npos)
      << v30;
  // --writes-ok names the operations whose methods may be sent.
  const std::string writes =
      imported({kFixtures + "openapi/shop-3.0.yaml", "--writes-ok", "deleteOrder"});
  EXPECT_NE(writes.find("resource = DELETE /orders/17 basic,bearer writes-ok"), std::string::npos);
  // run refuses the profile until the marks are filled, naming the line.
  TempDir tmp;
  const auto r = run_authspec({"run", "--profile", tmp.write("shop.ini", v30), "--dry-run"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("still FILL-IN"), std::string::npos) << r.err;
}

// Every bad description gets one line naming the file, the JSON pointer and the problem, and
// exit 2; bad flags too.
TEST(OpenApiImport, BadDescriptionsGetOneLine) {
  TempDir tmp;
  const std::string head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
  const std::string big = tmp.path("big.yaml");
  {
    std::ofstream out(big);
    out << head << "paths: {}\nx-padding: '" << std::string(21 * 1024 * 1024, 'x') << "'\n";
  }
  const std::vector<std::pair<std::string, std::string>> cases = {
      {tmp.write("nopaths.yaml", head), "#/paths: missing"},
      {tmp.write("broken.yaml", head + "paths:\n  /a:\n    $ref: '#/nowhere'\n"),
       "#/paths/~1a/$ref: a broken $ref: #/nowhere names nothing"},
      {tmp.write(
           "cycle.yaml",
           head + "paths:\n  /a: {$ref: '#/x-a'}\nx-a: {$ref: '#/x-b'}\nx-b: {$ref: '#/x-a'}\n"),
       "a $ref cycle"},
      {tmp.write("scheme.yaml", head + "paths: {}\ncomponents:\n  securitySchemes:\n    s: {type: "
                                       "kerberos}\n"),
       "#/components/securitySchemes/s/type: an unknown security scheme type \"kerberos\""},
      {tmp.write("undeclared.yaml",
                 head + "paths:\n  /a:\n    get:\n      security: [{nope: []}]\n"),
       "#/paths/~1a/get/security/0/nope: names no security scheme"},
      {tmp.write("syntax.yaml", head + "paths: [unclosed\n"), "line"},
      {tmp.write("swagger1.json", R"({"swagger": "1.2"})"), "Swagger 1.2 (2.0 is read)"},
      {tmp.write("sibling.yaml", head + "paths:\n  /a: {$ref: 'missing.yaml#/a'}\n"),
       "missing.yaml: cannot read it"},
      {big, "too large (21 MB; at most 20 MB)"},
      {tmp.write("bomb.yaml", head + "paths: {}\nx-a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                                     "x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                                     "x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                                     "x-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                                     "x-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                                     "x-f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                                     "x-g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"),
       "values once its aliases are expanded"},
      {tmp.path("absent.yaml"), "absent.yaml: cannot read it"},
      // Found by fuzz/fuzz_openapi.cpp: a YAML string that is not UTF-8, and nesting that
      // would exhaust the stack inside yaml-cpp's parser before any level could be counted.
      {tmp.write("latin1.yaml", head + "paths: {}\nx-a: caf\xe9\n"), "not UTF-8 text"},
      {tmp.write("deep.yaml", head + "paths: {}\nx-a: " + std::string(100000, '[') + "\n"),
       "nested deeper than 256 levels"},
      {tmp.write(
           "dashes.yaml", head + "paths: {}\nx-a:\n" +
                              [] {
                                std::string s;
                                for (int i = 0; i < 5000; ++i) s += "- ";
                                return s + "x\n";
                              }()),
       "nested deeper than 256 levels"},
  };
  for (const auto& [file, expected] : cases) {
    const auto r = run_authspec({"import", "openapi", file});
    EXPECT_EQ(r.code, 2) << file;
    EXPECT_NE(r.err.find(expected), std::string::npos)
        << "expected: " << expected << "\ngot: " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(file.substr(file.rfind('/') + 1)), std::string::npos) << r.err;
    EXPECT_EQ(r.out, "");
  }
  for (const auto& [args, expected] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"import"}, "what to import is missing"},
           {{"import", "raml", "x"}, "unknown kind \"raml\""},
           {{"import", "openapi"}, "the description FILE or URL is missing"},
           {{"import", "openapi", kFixtures + "openapi/shop-3.0.yaml", "--writes-ok", "nosuchop"},
            "--writes-ok nosuchop: no operation of"}}) {
    const auto r = run_authspec(args);
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find(expected), std::string::npos) << r.err;
  }
  // A URL nobody answers: one line, exit 3 (as for an unreachable target).
  const auto down = run_authspec({"import", "openapi", "http://127.0.0.1:1/openapi.json"});
  EXPECT_EQ(down.code, 3);
  EXPECT_NE(down.err.find("http://127.0.0.1:1/openapi.json: cannot fetch it"), std::string::npos)
      << down.err;
  EXPECT_EQ(std::count(down.err.begin(), down.err.end(), '\n'), 1) << down.err;
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// run --openapi: straight from the description, the credentials from an identities file (its
// keys complete or replace the description's); without them the FILL-IN marks are refused.
TEST(OpenApiRun, RunsStraightFromTheDescriptionAndAnIdentitiesFile) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const MockEndpoints mock = endpoints_of(server, tmp);
  const std::string ids =
      "[target]\ncanary = AUTHSPEC-CANARY-7d41c9\n"
      "[basic]\nuser = alice\npassword = wonderland-2026\n"
      "[bearer]\ntoken = mock-token-alice-5b7e2f90\n"
      "[digest]\nuser = alice\npassword = wonderland-2026\n"
      "[apikey]\nkey = mock-key-alice-3f9a1c27d0\n"
      "[oauth]\nclient_id = authspec-client\nclient_secret = client-secret-9d2e51a7\n"
      "[identity.token]\nauthorization = Token mock-svc-token-8e3b5a90\n"
      "[tls]\ncacert = " +
      mock.cacert_file + "\n";
  const auto r =
      run_authspec({"run", "--no-color", "--openapi", kFixtures + "mock.openapi.yaml", "--profile",
                    tmp.write("ids.ini", ids), "--target", mock.url, "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out.substr(r.out.size() > 3000 ? r.out.size() - 3000 : 0) << r.err;
  const auto report = read_json(tmp.path("r.json"));
  EXPECT_GT(passed_or_skipped(report), 200);
  EXPECT_EQ(report.dump().find("wonderland-2026"), std::string::npos);
  // getAdmin needs the admin scope: [low] fetched a token without it, and the mock refuses it
  // with 403 insufficient_scope.
  const auto v = verdicts(report);
  EXPECT_EQ(v.count("BEARER-006 *") ? v.at("BEARER-006 *") : "(not run)", "pass");
  // [low] scope needs the token endpoint.
  const auto no_oauth = run_authspec(
      {"run", "--dry-run", "--profile",
       tmp.write("low.ini",
                 "[target]\nbase_url = " + mock.url +
                     "\n[protected]\nresource = GET /api/admin bearer\n[bearer]\ntoken = "
                     "t\n[low]\nscope = read\nresource = GET /api/admin\n")});
  EXPECT_EQ(no_oauth.code, 2);
  EXPECT_NE(no_oauth.err.find("key low.scope: needs [oauth]"), std::string::npos) << no_oauth.err;

  const auto unfilled = run_authspec(
      {"run", "--openapi", kFixtures + "mock.openapi.yaml", "--target", mock.url, "--dry-run"});
  EXPECT_EQ(unfilled.code, 2);
  EXPECT_NE(unfilled.err.find("still FILL-IN"), std::string::npos) << unfilled.err;
  // Its lines are the imported profile's, and it says so.
  EXPECT_EQ(unfilled.err.rfind("authspec run: profile error: the profile imported from ", 0), 0u)
      << unfilled.err;
  // A path parameter without an example: the resource line names it, and what to do.
  TempDir params;
  const auto param = run_authspec(
      {"run", "--dry-run", "--profile",
       params.write("ids.ini", "[basic]\nuser = u\npassword = p\n"), "--openapi",
       params.write("p.yaml",
                    "openapi: 3.0.0\ninfo: {title: t, version: '1'}\nservers: [{url: '" + mock.url +
                        "'}]\ncomponents: {securitySchemes: {b: {type: http, scheme: basic}}}\n"
                        "security: [{b: []}]\npaths:\n  /orders/{id}:\n    get:\n"
                        "      operationId: getOrder\n"
                        "      parameters: [{name: id, in: path, required: true, schema: {type: "
                        "string}}]\n      responses: {'200': {description: ok}}\n")});
  EXPECT_EQ(param.code, 2) << param.err;
  EXPECT_NE(param.err.find("key protected.resource: still FILL-IN (GET /orders/FILL-IN-id"),
            std::string::npos)
      << param.err;
  EXPECT_NE(param.err.find("x-authspec-skip"), std::string::npos) << param.err;
  // A secret's value is never shown, even half filled in.
  const auto secret = run_authspec(
      {"run", "--dry-run", "--profile",
       params.write("s.ini", "[target]\nbase_url = " + mock.url +
                                 "\n[protected]\nresource = GET /x basic\n[basic]\nuser = "
                                 "u\npassword = hunter2-FILL-IN\n")});
  EXPECT_EQ(secret.code, 2);
  EXPECT_NE(secret.err.find("key basic.password: still FILL-IN:"), std::string::npos) << secret.err;
  EXPECT_EQ(secret.err.find("hunter2"), std::string::npos) << secret.err;
  const auto broken = run_authspec({"run", "--openapi", tmp.write("bad.yaml", "openapi: 3.0.3\n")});
  EXPECT_EQ(broken.code, 2);
  EXPECT_NE(broken.err.find("bad.yaml: #/paths: missing"), std::string::npos) << broken.err;
}

// A run from a description split into shards: the merged report groups results by operation and
// names each result's operation and pointer, as the unsharded run does.
TEST(OpenApiRun, MergedShardsKeepTheOperations) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const MockEndpoints mock = endpoints_of(server, tmp);
  const std::string ids = tmp.write("ids.ini", mock_identities(mock));
  auto run = [&](const std::string& json, const std::vector<std::string>& more) {
    std::vector<std::string> args = {"run",
                                     "--no-color",
                                     "--quiet",
                                     "--only",
                                     "CHAL",
                                     "--openapi",
                                     kFixtures + "mock.openapi.yaml",
                                     "--profile",
                                     ids,
                                     "--target",
                                     mock.url,
                                     "--json",
                                     json};
    args.insert(args.end(), more.begin(), more.end());
    return run_authspec(args).code;
  };
  ASSERT_EQ(run(tmp.path("whole.json"), {}), 0);
  ASSERT_EQ(run(tmp.path("s1.json"), {"--shard", "1/2"}), 0);
  ASSERT_EQ(run(tmp.path("s2.json"), {"--shard", "2/2"}), 0);
  const auto merged = run_authspec({"merge", "--json", tmp.path("m.json"), "--sarif",
                                    tmp.path("m.sarif"), tmp.path("s1.json"), tmp.path("s2.json")});
  ASSERT_EQ(merged.code, 0) << merged.err;
  const auto whole = read_json(tmp.path("whole.json")), m = read_json(tmp.path("m.json"));
  ASSERT_FALSE(whole["description"]["operations"].empty());
  EXPECT_EQ(m["description"], whole["description"]);
  ASSERT_EQ(m["results"].size(), whole["results"].size());
  std::size_t with_operation = 0;
  for (std::size_t i = 0; i < whole["results"].size(); ++i) {
    EXPECT_EQ(m["results"][i].value("operation", ""), whole["results"][i].value("operation", ""));
    EXPECT_EQ(m["results"][i].value("operation_pointer", ""),
              whole["results"][i].value("operation_pointer", ""));
    with_operation += whole["results"][i].contains("operation");
  }
  EXPECT_GT(with_operation, 10u);
  EXPECT_NE(read_file(tmp.path("m.sarif")).find("mock.openapi.yaml"), std::string::npos);
}

// openIdConnect: the import names the discovery document, and the run reads the token endpoint
// from it before it fetches the token (the mock serves /.well-known/openid-configuration); a
// document without token_endpoint is a profile error, an unreachable one exit 3, one line each.
TEST(OpenApiRun, AnOpenIdConnectSchemeFindsItsTokenEndpointByDiscovery) {
  mock::MockServer server{mock::MockOptions{}};
  server.start();
  TempDir tmp;
  const MockEndpoints mock = endpoints_of(server, tmp);
  const std::string description = tmp.write(
      "oidc.yaml",
      "openapi: 3.1.0\ninfo: {title: oidc, version: '1'}\n"
      "security: [{oidc: [read]}]\n"
      "paths:\n  /api/bearer/reports:\n    get: {operationId: getReports, responses: {'200': "
      "{description: ok}}}\n"
      "components:\n  securitySchemes:\n    oidc: {type: openIdConnect, openIdConnectUrl: "
      "/.well-known/openid-configuration}\n");
  const std::string profile = imported({description});
  EXPECT_NE(profile.find("\ndiscovery = /.well-known/openid-configuration\n"), std::string::npos)
      << profile;
  EXPECT_EQ(profile.find("token_url"), std::string::npos) << profile;
  auto ids = [&](const std::string& discovery) {
    return tmp.write("ids.ini",
                     "[target]\ncanary = AUTHSPEC-CANARY-7d41c9\n"
                     "[oauth]\nclient_id = authspec-client\n"
                     "client_secret = client-secret-9d2e51a7\n" +
                         (discovery.empty() ? "" : "discovery = " + discovery + "\n") +
                         "[tls]\ncacert = " + mock.cacert_file + "\n");
  };
  const auto r = run_authspec({"run", "--no-color", "--openapi", description, "--target", mock.url,
                               "--profile", ids(""), "--json", tmp.path("r.json")});
  EXPECT_EQ(r.code, 0) << r.out.substr(r.out.size() > 3000 ? r.out.size() - 3000 : 0) << r.err;
  EXPECT_NE(r.out.find("the [oauth] token endpoint is " + mock.url + "/oauth/token, from " +
                       mock.url + "/.well-known/openid-configuration"),
            std::string::npos)
      << r.out;
  const auto v = verdicts(read_json(tmp.path("r.json")));
  EXPECT_EQ(v.count("CHAL-000 GET /api/bearer/reports") ? v.at("CHAL-000 GET /api/bearer/reports")
                                                        : "(not run)",
            "pass");
  // A document without token_endpoint (the mock's 404 for another path): exit 2, one line.
  const auto missing = run_authspec({"run", "--openapi", description, "--target", mock.url,
                                     "--profile", ids("/.well-known/nothing-here")});
  EXPECT_EQ(missing.code, 2) << missing.err;
  EXPECT_NE(missing.err.find("[oauth] discovery " + mock.url +
                             "/.well-known/nothing-here answered 404 without a token_endpoint"),
            std::string::npos)
      << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1) << missing.err;
  // Nobody answers there: exit 3.
  const auto down = run_authspec({"run", "--openapi", description, "--target", mock.url,
                                  "--profile", ids("http://127.0.0.1:1/.well-known/x")});
  EXPECT_EQ(down.code, 3) << down.err;
  EXPECT_NE(down.err.find("target unreachable: [oauth] discovery http://127.0.0.1:1"),
            std::string::npos)
      << down.err;
}

// The overlay: a key the identities file sets replaces the description's, section by section;
// the rest stays.
TEST(OpenApiRun, AnIdentitiesFileReplacesOnlyTheKeysItSets) {
  const std::string base =
      "[basic]\nuser = FILL-IN\npassword = FILL-IN\n[bearer]\ntoken = FILL-IN\n";
  const std::string merged = overlay_profile_text(base, "[basic]\npassword = secret\nuser = bob\n");
  EXPECT_EQ(merged.find("user = FILL-IN"), std::string::npos) << merged;
  EXPECT_EQ(merged.find("password = FILL-IN"), std::string::npos) << merged;
  EXPECT_NE(merged.find("token = FILL-IN"), std::string::npos) << merged;
  EXPECT_NE(merged.find("user = bob"), std::string::npos) << merged;
}

}  // namespace
}  // namespace authspec::test
