// The role matrix: [identity.NAME] sections as the loader reads them (and refuses them), the
// cell judgement AUTHZ-007/008 and the reports share, and per-resource canaries.
#include "suite/role_matrix.h"

#include <gtest/gtest.h>

#include "suite/base64.h"
#include "suite/checks/token_forge.h"
#include "suite/lockout_pacing.h"
#include "suite/mock_profile.h"
#include "suite/registry.h"
#include "suite/runner.h"

namespace authspec::test {
namespace {

Profile load(const std::string& text) {
  return load_profile_text(text, "p.ini", {}, mock_fixture_file);
}

// The mock profile with `from` replaced by `to` (which must be there).
std::string mock_with(const std::string& from, const std::string& to) {
  std::string text = kMockProfile;
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::invalid_argument("not in mock.ini: " + from);
  return text.replace(at, from.size(), to);
}

// The ProfileError message of loading `text` ("" when it loads).
std::string error_of(const std::string& text) {
  try {
    load(text);
  } catch (const ProfileError& e) {
    return e.what();
  }
  return "";
}

TEST(IdentityProfile, EveryCredentialKindLoads) {
  const Profile p = load(kMockProfile);
  ASSERT_EQ(p.identities.size(), 9u);
  using Kind = RoleIdentity::Kind;
  const std::vector<std::pair<std::string, Kind>> expected = {
      {"admin", Kind::kBasic},        {"editor", Kind::kBearer},
      {"reader", Kind::kBasic},       {"service", Kind::kAuthorization},
      {"integration", Kind::kApiKey}, {"client", Kind::kOAuthClient},
      {"auditor", Kind::kDigest},     {"brief", Kind::kOAuthClient},
      {"browser", Kind::kLogin}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(p.identities[i].name, expected[i].first);
    EXPECT_EQ(p.identities[i].kind, expected[i].second) << expected[i].first;
  }
  EXPECT_EQ(p.identities[2].refused.size(), 2u);
  EXPECT_EQ(p.identities[3].scheme(), "token");
  // The custom scheme is the valid credential of every check on a resource that takes it.
  ASSERT_NE(p.custom_credential("token"), nullptr);
  EXPECT_TRUE(p.has_credentials("token"));
  // Every identity's secret is masked.
  const auto secrets = p.secrets();
  for (const char* s :
       {"builder-2026", "mock-token-dave-6a1f3b52", "Token mock-svc-token-8e3b5a90",
        "client-secret-9d2e51a7", "brief-secret-5c8e21d4", "user=bob&password=builder-2026"})
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), s), secrets.end()) << s;
}

TEST(IdentityProfile, RequestsCarryTheCredentialWhereItBelongs) {
  const Profile p = load(kMockProfile);
  const Context ctx{p, nullptr, nullptr};
  const Request service = ctx.as_identity(p.identities[3], p.identities[3].may[0]);
  ASSERT_EQ(service.headers.size(), 1u);
  EXPECT_EQ(service.headers[0].first, "Authorization");
  EXPECT_EQ(service.headers[0].second, "Token mock-svc-token-8e3b5a90");
  EXPECT_TRUE(service.carries_secret);
  EXPECT_EQ(service.credential, "identity:service (authorization)");
  const Request key = ctx.as_identity(p.identities[4], p.identities[4].may[0]);
  ASSERT_EQ(key.headers.size(), 1u);
  EXPECT_EQ(key.headers[0].first, "X-API-Key");
  const Request valid = *Context{p, &p.identities[3].may[0], nullptr}.valid("token", "TOKEN");
  EXPECT_EQ(valid.headers[0].second, "TOKEN mock-svc-token-8e3b5a90");
}

// The mock profile without its [oauth] section.
std::string without_oauth() {
  std::string text = kMockProfile;
  const auto from = text.find("\n[oauth]\n"), to = text.find("\n# Optional: named identities");
  return text.erase(from, to - from);
}

// The mock profile without [session] (its login identity then has no login to post to).
std::string without_session() {
  std::string text = kMockProfile;
  const auto from = text.find("\n[session]\n"), to = text.find("\n[enum]\n");
  return text.erase(from, to - from);
}

TEST(IdentityProfile, MistakesNameTheKey) {
  const std::string editor = "[identity.editor]\ntoken = mock-token-dave-6a1f3b52\n";
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {mock_with(editor, "[identity.editor]\n"), "[identity.editor] has no credential"},
           {mock_with(editor, editor + "user = dave\npassword = editor-2026\n"),
            "has one credential"},
           {mock_with(editor, editor + "may = GET /api/nowhere\n"),
            "key identity.editor.may: GET /api/nowhere is not a protected resource"},
           {mock_with(editor, editor + "may = GET /api/basic/profile\n"),
            "GET /api/basic/profile does not accept bearer"},
           {mock_with(editor, editor + "refused = GET /api/data\n"), "is also under may"},
           {mock_with(editor, editor + "pasword = x\n"), "did you mean identity.editor.password?"},
           {mock_with("[identity.editor]", "[identity.ed itor]"), "a name is letters, digits"},
           {mock_with("authorization = Token mock-svc-token-8e3b5a90", "authorization = Token"),
            "expected \"SCHEME VALUE\""},
           {mock_with("[identity.reader]\nuser = bob\npassword = builder-2026\n",
                      "[identity.reader]\ncookie = sid=\n"),
            "expected \"NAME=VALUE\""},
           {without_oauth(), "needs [oauth] token_url"},
           {without_session(), "a login identity needs [session]"},
           {mock_with("\nscheme = digest\n", "\nscheme = ntlm\n"), "must be basic or digest"},
           {mock_with("scheme = digest\nmay = GET /api/digest",
                      "scheme = digest\nmay = GET /api/data"),
            "GET /api/data does not accept digest"}}) {
    const std::string e = error_of(text);
    EXPECT_NE(e.find(expected), std::string::npos) << "expected: " << expected << "\ngot: " << e;
  }
}

TEST(IdentityProfile, ACanaryPerResourceStandsInForTheProfilesOne) {
  // Without [target] canary a resource needs its own, or credentials to learn one with.
  const std::string no_canary = mock_with("canary = AUTHSPEC-CANARY-7d41c9\n", "");
  EXPECT_EQ(error_of(no_canary), "");
  const std::string digest_only = no_canary + "\n[protected]\nresource = GET /api/digest digest\n";
  EXPECT_NE(error_of(digest_only).find("key target.canary: missing"), std::string::npos)
      << error_of(digest_only);
  EXPECT_NE(error_of(digest_only).find("canary=TEXT on GET /api/digest"), std::string::npos);
  const std::string text =
      mock_with("resource = GET /api/data basic,bearer writes-ok",
                "resource = GET /api/data basic,bearer writes-ok canary=DATA-MARK");
  const Profile p = load(text);
  const Resource* data = matrix_resource(p, "GET /api/data");
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(p.canary_of(data), "DATA-MARK");
  EXPECT_EQ(p.canary_of(&p.protected_resources.front()), "AUTHSPEC-CANARY-7d41c9");
  // Any resource's marker in a refusal is a leak.
  EXPECT_TRUE(p.holds_protected_content("... DATA-MARK ..."));
  EXPECT_FALSE(p.holds_protected_content("nothing here"));
  EXPECT_NE(error_of(mock_with("writes-ok\nresource = POST", "canary=\nresource = POST"))
                .find("unknown flag \"canary=\""),
            std::string::npos);
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

Exchange answer(int status, std::string body = "") {
  Exchange ex;
  ex.response.status = status;
  ex.response.status_line = "HTTP/1.1 " + std::to_string(status) + " Reason";
  ex.response.body = std::move(body);
  return ex;
}

struct CellCase {
  CellExpect expect;
  int status;
  std::string body;
  bool proven;
  Outcome outcome;
  bool breach;
};

TEST(MatrixCells, EachExpectationAcceptsWhatTheSpecAllows) {
  const Profile p = load(kMockProfile);
  const Context at{p, matrix_resource(p, "GET /api/admin"), nullptr};
  const std::string content = "{\"secret\":\"AUTHSPEC-CANARY-7d41c9\"}";
  using E = CellExpect;
  for (const auto& c : std::vector<CellCase>{
           {E::kAllowed, 200, content, true, Outcome::kPass, false},
           {E::kAllowed, 200, "{}", true, Outcome::kFail, false},  // not the protected content
           {E::kAllowed, 403, "", false, Outcome::kFail, false},
           {E::kRefused, 403, "", true, Outcome::kPass, false},
           {E::kRefused, 404, "", true, Outcome::kPass, false},  // RFC 9110 §15.5.5: may hide
           {E::kRefused, 200, content, true, Outcome::kFail, true},
           {E::kRefused, 403, content, true, Outcome::kFail, true},
           {E::kRefused, 401, "", true, Outcome::kFail, false},    // authenticated elsewhere
           {E::kRefused, 401, "", false, Outcome::kError, false},  // maybe a broken credential
           {E::kRefused, 500, "", true, Outcome::kFail, false},
           {E::kAnonymous, 401, "", false, Outcome::kPass, false},
           {E::kAnonymous, 200, content, false, Outcome::kFail, true}}) {
    const Exchange ex = answer(c.status, c.body);
    const CellJudgement j = judge_cell(at, c.expect, ex, c.proven);
    EXPECT_EQ(j.outcome, c.outcome)
        << expect_name(c.expect) << " " << c.status << ": " << j.problem;
    EXPECT_EQ(j.breach, c.breach) << expect_name(c.expect) << " " << c.status;
  }
  Exchange down;
  down.failure = FailureKind::kTimeout;
  down.error = "timeout";
  EXPECT_EQ(judge_cell(at, E::kRefused, down, true).outcome, Outcome::kError);
}

TEST(MatrixSteps, StepNamesRoundTrip) {
  const auto s = parse_matrix_step(matrix_step(CellExpect::kRefused, "reader", "GET /api/admin"));
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->expect, CellExpect::kRefused);
  EXPECT_EQ(s->identity, "reader");
  EXPECT_EQ(s->resource, "GET /api/admin");
  EXPECT_FALSE(parse_matrix_step("control").has_value());
  EXPECT_FALSE(parse_matrix_step("other|a|b").has_value());
}

const Check& check(const std::string& id) {
  for (const auto& c : catalogue())
    if (c.id == id) return c;
  throw std::invalid_argument("no check " + id);
}

// AUTHZ-007 on a reader that got in where it is refused, and on one whose credential never
// worked (undecided, not failed).
TEST(MatrixJudges, RefusedIdentityThatGetsInIsABreachAnUnprovenOneIsUndecided) {
  const Profile p = load(kMockProfile);
  const Check& c = check("AUTHZ-007");
  const Context ctx{p, nullptr, nullptr};
  const Plan plan = c.plan(ctx);
  ASSERT_TRUE(plan.skip.empty());
  const std::string content = "{\"secret\":\"AUTHSPEC-CANARY-7d41c9\"}";
  auto run = [&](int reader_data, int reader_reviews, bool login_sets_cookie = true) {
    std::vector<Exchange> answers;
    Evidence ev;
    for (const auto& r : plan.requests) {
      const auto s = parse_matrix_step(r.step);
      if (!s) {  // an OAuth client's token request, a login (their cells would follow them)
        answers.push_back(answer(200, "{\"access_token\":\"issued-token-0123456789\"}"));
        if (r.step.rfind("nonce|", 0) == 0) {  // a Digest identity's challenge to answer
          answers.back().response.status = 401;
          answers.back().response.headers.emplace_back(
              "WWW-Authenticate", R"(Digest realm="api", nonce="n0nce", qop="auth")");
        }
        if (r.step.rfind("login|", 0) == 0 && login_sets_cookie)
          answers.back().response.headers.emplace_back("Set-Cookie",
                                                       "__Host-sid=0123456789abcdef; Path=/");
        answers.back().request = r;
        ev.steps.push_back(r.step);
        continue;
      }
      int status = s->expect == CellExpect::kAllowed   ? 200
                   : s->expect == CellExpect::kRefused ? 403
                                                       : 401;
      if (s->identity == "reader" && s->resource == "GET /api/data") status = reader_data;
      if (s->identity == "reader" && s->resource == "GET /api/reviews") status = reader_reviews;
      answers.push_back(answer(status, status == 200 ? content : ""));
      answers.back().request = r;
      ev.steps.push_back(r.step);
    }
    for (const auto& a : answers) ev.mine.push_back(&a);
    ev.all = ev.mine;
    return decide(c, ctx, ev, plan.requests.size());
  };
  EXPECT_EQ(run(200, 403).outcome, Outcome::kPass);
  // A login identity whose login set no session cookie has no cells: undecided, and why.
  const Verdict no_cookie = run(200, 403, false);
  EXPECT_EQ(no_cookie.outcome, Outcome::kError);
  EXPECT_NE(no_cookie.message.find("identity browser: its login (200"), std::string::npos)
      << no_cookie.message;
  EXPECT_NE(no_cookie.message.find("set no __Host-sid cookie"), std::string::npos)
      << no_cookie.message;
  const Verdict breach = run(200, 200);
  EXPECT_EQ(breach.outcome, Outcome::kFail);
  EXPECT_TRUE(breach.security_breach);
  EXPECT_NE(breach.message.find("GET /api/reviews"), std::string::npos) << breach.message;
  // Proven on /api/data, so the 401 is wrong: at the check's level (best practice), a warning.
  EXPECT_EQ(run(200, 401).outcome, Outcome::kWarn);
  EXPECT_EQ(run(401, 401).outcome, Outcome::kError);  // never got in: undecided
}

TEST(MatrixJudges, WithoutIdentitiesBothSkip) {
  Profile p = load(kMockProfile);
  p.identities.clear();
  for (const char* id : {"AUTHZ-007", "AUTHZ-008"})
    EXPECT_FALSE(check(id).plan(Context{p, nullptr, nullptr}).skip.empty()) << id;
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// [jwt] claim and header lines: extra members of every minted token, JSON or a plain string;
// the members authspec sets or varies itself are refused; issuer and audience are optional.
TEST(JwtProfile, ExtraClaimsAndHeaderParametersReachMintedTokens) {
  const std::string header = mock_with("claim = permissions=",
                                       "header = x5c=[\"MIIC-test\"]\n"
                                       "header = x5t=abc\n"
                                       "claim = permissions=");
  const Profile p = load(header);
  ASSERT_TRUE(p.jwt.has_value());
  ASSERT_EQ(p.jwt->claims.size(), 1u);
  EXPECT_EQ(p.jwt->claims[0].first, "permissions");
  EXPECT_EQ(p.jwt->claims[0].second, "[\"reports:read\",\"reports:write\"]");
  ASSERT_EQ(p.jwt->header_params.size(), 2u);
  EXPECT_EQ(p.jwt->header_params[1].second, "\"abc\"");  // not JSON: a string
  // Every minted token carries them.
  EXPECT_EQ(forge::valid_header(p)["x5c"], nlohmann::json::array({"MIIC-test"}));
  EXPECT_EQ(forge::valid_claims(p)["permissions"][1], "reports:write");
  for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
           {mock_with("claim = permissions=", "claim = exp=1\nclaim = permissions="),
            "key jwt.claim: exp is set by authspec"},
           {mock_with("claim = permissions=", "header = alg=none\nclaim = permissions="),
            "key jwt.header: alg is set by authspec"},
           {mock_with("claim = permissions=", "claim = novalue\nclaim = permissions="),
            "expected NAME=VALUE"}}) {
    const std::string e = error_of(text);
    EXPECT_NE(e.find(expected), std::string::npos) << "expected: " << expected << "\ngot: " << e;
  }
  // Without issuer and audience a profile still mints.
  const std::string bare =
      mock_with("issuer = https://issuer.authspec.test\naudience = authspec-mock-api\n", "");
  EXPECT_EQ(error_of(bare), "");
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

Request basic_request(const std::string& userpass) {
  Request r;
  r.headers.emplace_back("Authorization", "Basic " + base64_encode(userpass));
  return r;
}

// [rate] lockout_attempts: wrong passwords for an account the run tests with stay one below the
// limit; the valid password, unknown users and the sacrificial lockout account are not counted.
TEST(LockoutPacing, WrongPasswordsStayBelowThePolicy) {
  Profile p = load(kMockProfile);
  p.rate->lockout_attempts = 3;
  std::vector<Request> plan;
  for (int i = 0; i < 4; ++i) plan.push_back(basic_request("alice:wrong-" + std::to_string(i)));
  plan.push_back(basic_request("alice:wonderland-2026"));  // valid
  plan.push_back(basic_request("nobody-known:wrong"));     // unknown user
  plan.push_back(basic_request("mallory:wrong"));          // the sacrificial account
  plan.push_back(basic_request("bob:wrong"));              // [low] and [identity.reader]
  std::vector<std::string> notes;
  const auto held = held_back_for_lockout(p, plan, notes);
  EXPECT_EQ(held, (std::vector<bool>{false, false, true, true, false, false, false, false}));
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("held back 2 of the run's wrong-password requests for alice"),
            std::string::npos)
      << notes[0];
  p.rate->lockout_attempts = 0;  // not stated: nothing held back
  notes.clear();
  EXPECT_EQ(held_back_for_lockout(p, plan, notes), std::vector<bool>(plan.size(), false));
}

}  // namespace
}  // namespace authspec::test

namespace authspec::test {
namespace {

// An identity's secrets come from the environment as for every section:
// AUTHSPEC_IDENTITY_<NAME>_<KEY>, overriding the file.
TEST(IdentityProfile, SecretsComeFromTheEnvironment) {
  ::setenv("AUTHSPEC_IDENTITY_ADMIN_PASSWORD", "from-the-environment-1", 1);
  ::setenv("AUTHSPEC_IDENTITY_EDITOR_TOKEN", "from-the-environment-2", 1);
  const Profile p = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  ::unsetenv("AUTHSPEC_IDENTITY_ADMIN_PASSWORD");
  ::unsetenv("AUTHSPEC_IDENTITY_EDITOR_TOKEN");
  ASSERT_GE(p.identities.size(), 2u);
  EXPECT_EQ(p.identities[0].basic->password, "from-the-environment-1");
  EXPECT_EQ(p.identities[1].secret, "from-the-environment-2");
  // The fixed sections keep their one-underscore form.
  ::setenv("AUTHSPEC_BASIC_PASSWORD", "from-the-environment-3", 1);
  const Profile q = load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
  ::unsetenv("AUTHSPEC_BASIC_PASSWORD");
  EXPECT_EQ(q.basic->password, "from-the-environment-3");
}

}  // namespace
}  // namespace authspec::test
