// STAT: status-code semantics and form (RFC 9110 §15, §15.5.1; RFC 9112 §4).
#include <regex>
#include <set>

#include "suite/base64.h"
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

// 4xx codes in the IANA HTTP status code registry (RFC 9110 §15.5, RFC 6585, RFC 7725, ...).
const std::set<int> kRegistered4xx = {400, 401, 402, 403, 404, 405, 406, 407, 408, 409,
                                      410, 411, 412, 413, 414, 415, 416, 417, 421, 422,
                                      423, 424, 425, 426, 428, 429, 431, 451};

// The bounded fuzz set of STAT-005: malformed authentication input a parser may choke on.
std::vector<Request> malformed_inputs(const Context& ctx) {
  const std::string jwt_header = base64url_encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
  const std::string nested =
      base64url_encode("{\"a\":" + std::string(2000, '[') + std::string(2000, ']') + "}");
  std::string digest = "Digest ";
  for (int i = 0; i < 500; ++i) digest += (i ? ", p" : "p") + std::to_string(i) + "=\"x\"";
  std::string binary;
  for (int i = 0; i < 48; ++i) binary += static_cast<char>((i * 37 + 0x80) & 0xff);
  return {ctx.with_authorization("Basic " + std::string(16384, 'A'), "16 KiB Basic credentials"),
          ctx.with_authorization("Bearer " + std::string(16384, 'a'), "16 KiB Bearer token"),
          ctx.with_authorization("Basic !!!not-base64!!!", "invalid base64"),
          ctx.with_authorization("Basic " + base64_encode(binary), "base64 of binary bytes"),
          ctx.with_authorization("Basic \xc3\xa9\xff\xfe", "non-ASCII octets"),
          ctx.with_authorization("Bearer " + jwt_header + ".eyJzdWIiOiJhbGljZSIsImV4cCI6",
                                 "truncated JWT"),
          ctx.with_authorization("Bearer " + nested + "." + nested + ".c2ln", "deeply nested JWT"),
          ctx.with_authorization(digest, "Digest with 500 parameters")};
}

}  // namespace

void register_stat(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "STAT-001",
      .level = Level::kMust,
      .spec = "RFC 9112 §4; RFC 9110 §15",
      .title = "Status lines carry exactly three digits",
      .requirement = "The status code on the wire is three digits from 100 to 599; IIS-style "
                     "sub-codes such as 401.1 or 401.503 never appear in the status line.",
      .remediation =
          "Send plain three-digit codes; keep sub-status detail in logs or the response body.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return Plan{probes::anonymous_everywhere(ctx), ""}; };
  out.back().judge = [](const Context&, const Evidence& ev) {
    static const std::regex status_line("^HTTP/1\\.[01] [1-5][0-9]{2}( .*)?$");
    Findings f;
    std::set<std::string> seen;
    for (const auto* ex : ev.all)
      if (ex->ok() && !std::regex_match(ex->response.status_line, status_line) &&
          seen.insert(ex->response.status_line).second)
        f.expect(*ex, "malformed status line \"" + ex->response.status_line + "\"");
    return f.verdict("every status line is well-formed");
  };

  out.push_back(Check{
      .id = "STAT-006",
      .level = Level::kMust,
      .spec = "RFC 9110 §15.5.6",
      .title = "A 405 carries Allow",
      .requirement = "Every 405 (Method Not Allowed) of the run carries an Allow field listing the "
                     "methods the resource supports.",
      .remediation = "Add Allow: <the resource's methods> to every 405 (frameworks often drop it "
                     "on their default handler).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    // Safe methods a resource is unlikely to support, with valid credentials where the profile
    // has them (a server may authenticate before it routes); the run's other 405s count too.
    Plan p;
    for (const auto& r : ctx.profile.protected_resources) {
      if (r.head_twin || !ctx.asks_about(r)) continue;
      Context at{ctx.profile, &r, ctx.controls};
      const auto schemes = at.testable_schemes();
      for (const char* m : {"TRACE", "PROPFIND"}) {
        Request req = schemes.empty() ? at.anonymous() : *at.valid(schemes[0]);
        req.method = m;
        req.credential += std::string(", method ") + m;
        p.requests.push_back(req);
      }
    }
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    int seen = 0;
    for (const auto* ex : ev.all)
      if (ex->ok() && ex->response.status == 405) {
        ++seen;
        if (!ex->response.has("Allow")) f.expect(*ex, "405 without an Allow field");
      }
    if (!seen) return nothing_to_judge("no 405 was observed");
    return f.verdict("every 405 (of " + std::to_string(seen) + ") carries Allow");
  };

  out.push_back(Check{
      .id = "STAT-002",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15",
      .title = "Only registered status codes",
      .requirement = "Authentication outcomes use registered codes (401, 403, 407, 429), not "
                     "private ones such as 419, 440, 498 or 499.",
      .remediation = "Replace private codes with 401 (plus a challenge), 403 or 429; clients treat "
                     "unknown 4xx as a plain 400 and lose the challenge semantics.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p{probes::anonymous_everywhere(ctx), ""};
    for (const auto& r : ctx.profile.protected_resources) {
      if (!ctx.asks_about(r)) continue;
      Context at{ctx.profile, &r, ctx.controls};
      for (auto& req : probes::invalid_credentials(at)) p.requests.push_back(req);
    }
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    std::set<int> seen;
    for (const auto* ex : ev.all) {
      const int s = ex->response.status;
      if (ex->ok() && s >= 400 && s < 500 && !kRegistered4xx.count(s) && seen.insert(s).second)
        f.expect(*ex, "unregistered status code " + std::to_string(s));
    }
    return f.verdict("every 4xx code is registered");
  };

  out.push_back(Check{
      .id = "STAT-003",
      .level = Level::kShould,
      .spec = "RFC 9110 §15.5.1, §11.4",
      .title = "Missing or wrong credentials are not a 400",
      .requirement = "400 is for malformed requests; missing or wrong credentials are not "
                     "malformed and get 401.",
      .remediation = "Answer missing and rejected credentials with 401 and a challenge; keep 400 "
                     "for requests that are actually malformed.",
      .heads = true,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p{{ctx.anonymous()}, ""};
    if (!ctx.resource->head_twin)
      for (auto& r : probes::invalid_credentials(ctx)) p.requests.push_back(r);
    return p;
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine)
      if (step->response.status == 400)
        f.expect(*step, "400 for credentials that are missing or wrong, not malformed");
    return f.verdict("no 400 for missing or wrong credentials");
  };

  out.push_back(Check{
      .id = "STAT-005",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5, §15.6; RFC 6585 §5",
      .owasp = "WSTG-INPV",
      .title = "Malformed authentication input is a client error",
      .requirement = "Oversized, undecodable or garbled Authorization values get a 4xx promptly, "
                     "never a 5xx, a dropped connection or a hang.",
      .remediation = "Validate and bound Authorization before decoding it; map every parse failure "
                     "to 400 or 401 (431 for oversized fields).",
      .judges_failures = true,
  });
  out.back().applies = [](const Resource& r) { return r.method != "HEAD"; };
  out.back().plan = [](const Context& ctx) {
    // First the resource's plain anonymous request: the control that tells a target dropping
    // malformed input from one that answers nothing usable to anyone.
    Plan p{{ctx.anonymous().as("control")}, ""};
    for (auto& r : malformed_inputs(ctx)) p.requests.push_back(std::move(r).as("malformed"));
    return p;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    const Exchange& control = ev.step("control");
    if (!control.ok())
      return Verdict{
          Outcome::kError,
          "not decided: even the well-formed request got no usable answer (" + control.error + ")",
          {&control}};
    Findings f;
    for (const Exchange* ex : ev.steps_named("malformed")) {
      // A target that cannot be reached, or that answers nothing readable, decides nothing; a
      // reset or a hang after the malformed input is the target's failure to refuse it cleanly.
      // (The runner reports exchanges cut by the deadline as errors.)
      const FailureKind k = ex->failure;
      if (k == FailureKind::kConnect || k == FailureKind::kTls ||
          k == FailureKind::kMalformedResponse)
        return Verdict{
            Outcome::kError, "not decided: " + describe_request(*ex) + ": " + ex->error, {ex}};
      if (!ex->ok()) {
        f.expect(*ex, "no usable answer: " + ex->error);
        continue;
      }
      const int s = ex->response.status;
      if (s < 400 || s >= 500) f.expect(*ex, "expected a 4xx, got " + describe_status(*ex));
      f.expect_no_leak(ctx, *ex);
    }
    return f.verdict("4xx for every malformed input");
  };
}

}  // namespace authspec
