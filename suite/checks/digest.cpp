// DIGEST: the "Digest" scheme (RFC 7616), and CHAL-009 (parameter-style credentials parsed by
// the RFC 9110 §11 rules). Each check asks for a 401 of its own (its own nonce, so nonce counts
// never collide), then answers it in the follow-up step with OpenSSL-computed responses.
#include "suite/digest.h"

#include <regex>
#include <set>

#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/stale_nonce.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoDigest = "the profile has no [digest] resource";
constexpr int kSlotBase = 2000;  // keeps each check's nonce request apart from any other request

Request nonce_request(const Context& ctx, int slot) {
  Request r = ctx.anonymous_to(ctx.profile.digest->resource);
  r.repeat = kSlotBase + slot;
  r.credential = "none (for a Digest nonce)";
  r.step = "nonce";
  return r;
}

Plan nonce_requests(const Context& ctx, std::vector<int> slots) {
  if (!ctx.profile.digest) return skip_because(kNoDigest);
  Plan p;
  for (int s : slots) p.requests.push_back(nonce_request(ctx, s));
  return p;
}

std::vector<Challenge> digest_challenges(const Exchange& ex) {
  std::vector<Challenge> out;
  for (const auto& c : challenges_of(ex).challenges)
    if (c.is("Digest")) out.push_back(c);
  return out;
}

// Correct credentials answering the challenge of `ex` for `algorithm` (default: SHA-256 when
// offered, else the first Digest challenge).
std::optional<digest::Credentials> answer(const Context& ctx, const Exchange& ex,
                                          const std::string& algorithm = "") {
  const DigestSettings& d = *ctx.profile.digest;
  return digest::answer(challenges_of(ex), d.credentials.user, d.credentials.password,
                        d.resource.method, ctx.profile.target(d.resource), algorithm);
}

Request with_digest(const Context& ctx, const std::string& authorization,
                    const std::string& label) {
  Request r = ctx.anonymous_to(ctx.profile.digest->resource);
  r.headers.emplace_back("Authorization", authorization);
  r.carries_secret = true;
  r.credential = "digest:" + label;
  return r;
}

// Follow-up requests built from a correct answer to the first 401 of the check: the steps
// "answer" (unless the builder names them otherwise, as "replay").
using Build = std::function<std::vector<Request>(const Context&, const digest::Credentials&)>;
void answers(Check& c, int slot, Build build) {
  c.plan = [slot](const Context& ctx) { return nonce_requests(ctx, {slot}); };
  c.follow_up = [build](const Context& ctx, const Evidence& ev) {
    const auto cr = answer(ctx, ev.step("nonce"));
    std::vector<Request> reqs = cr ? build(ctx, *cr) : std::vector<Request>{};
    for (auto& r : reqs)
      if (r.step.empty()) r.step = "answer";
    return reqs;
  };
}

Context at_digest(const Context& ctx) {
  return Context{ctx.profile, &ctx.profile.digest->resource, ctx.controls};
}

// Undecided when the nonce request's answer carried no challenge to answer (no "answer..." step
// was built from it).
std::optional<Verdict> no_challenge(const Evidence& ev) {
  for (const auto& step : ev.steps)
    if (step.rfind("answer", 0) == 0) return std::nullopt;
  const Exchange& nonce = ev.step("nonce");
  return Verdict{Outcome::kError,
                 "not decided: " + describe_status(nonce) + " carried no usable Digest challenge",
                 {&nonce}};
}

// Removes ", name=value" (quoted or not) from an Authorization value.
std::string without(const std::string& v, const std::string& name) {
  return std::regex_replace(v, std::regex(", " + name + "=(\"[^\"]*\"|[^,]*)"), "");
}

// Refused as malformed: a 4xx (not 2xx, not 5xx).
std::string client_error(const Context&, const Exchange& ex) {
  const int s = ex.response.status;
  if (s >= 400 && s < 500) return "";
  return "expected 4xx for improper credentials, got " + describe_status(ex);
}

// Not let in.
std::string not_granted(const Context&, const Exchange& ex) {
  return is_success(ex.response.status) ? "accepted: " + describe_status(ex) : "";
}

bool stale_true(const Exchange& ex) {
  for (const auto& c : digest_challenges(ex))
    if (const AuthParam* p = c.param("stale"); p && iequals(p->value, "true")) return true;
  return false;
}

}  // namespace

void register_digest(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "DIGEST-001",
      .level = Level::kMust,
      .spec = "RFC 7616 §3.3",
      .title = "Digest challenges carry realm, nonce and qop",
      .requirement = "Every Digest challenge carries realm, nonce and qop (the RFC 2069 form "
                     "without qop is obsolete).",
      .remediation = "Send Digest realm=\"...\", qop=\"auth\", nonce=\"...\" (and opaque).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {0}); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& nonce = ev.step("nonce");
    const auto cs = digest_challenges(nonce);
    if (cs.empty()) f.expect(nonce, describe_status(nonce) + " without a Digest challenge");
    for (const auto& c : cs)
      for (const char* p : {"realm", "nonce", "qop"})
        if (!c.param(p)) f.expect(nonce, std::string("a Digest challenge without ") + p);
    return f.verdict("realm, nonce and qop");
  };

  out.push_back(Check{
      .id = "DIGEST-002",
      .level = Level::kMust,
      .spec = "RFC 7616 §3.3",
      .title = "Digest parameters are quoted as the grammar says",
      .requirement = "realm, domain, nonce, opaque and qop are quoted strings; stale and algorithm "
                     "are tokens.",
      .remediation = "Quote realm, domain, nonce, opaque and qop; write algorithm=SHA-256 and "
                     "stale=true bare.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {0}); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& nonce = ev.step("nonce");
    for (const auto& c : digest_challenges(nonce))
      for (const auto& p : c.params) {
        const std::string n = to_lower(p.name);
        const bool must_quote =
            n == "realm" || n == "domain" || n == "nonce" || n == "opaque" || n == "qop";
        if (must_quote && !p.quoted) f.expect(nonce, n + " is not a quoted string");
        if ((n == "stale" || n == "algorithm") && p.quoted)
          f.expect(nonce, n + "=\"" + p.value + "\" is quoted");
      }
    return f.verdict("quoted as the grammar says");
  };

  out.push_back(Check{
      .id = "DIGEST-003",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.7, §3.2",
      .title = "SHA-256 is offered and preferred",
      .requirement = "A Digest server offers SHA-256 and lists it before MD5 (advice: RFC 7616 "
                     "lets a server offer MD5 alone, and the order is its preference).",
      .remediation = "Offer a SHA-256 Digest challenge first (keep MD5 only for old clients).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {0}); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& nonce = ev.step("nonce");
    const auto offered = digest::by_algorithm(challenges_of(nonce));
    if (!offered.count("SHA-256"))
      f.expect(nonce, offered.empty()
                          ? "no Digest challenge"
                          : "no SHA-256 challenge (only " + offered.begin()->first + ")");
    std::vector<std::string> order;
    for (const auto& c : digest_challenges(nonce))
      order.push_back(c.param("algorithm") ? c.param("algorithm")->value : "MD5");
    const auto md5 = std::find(order.begin(), order.end(), "MD5");
    const auto sha = std::find(order.begin(), order.end(), "SHA-256");
    if (md5 != order.end() && sha != order.end() && md5 < sha)
      f.expect(nonce, "MD5 is listed before SHA-256, so clients prefer it");
    return f.verdict("SHA-256 offered first");
  };

  out.push_back(Check{
      .id = "DIGEST-004",
      .level = Level::kMust,
      .spec = "RFC 7616 §3.7",
      .title = "One challenge per algorithm",
      .requirement = "Several Digest challenges each use a different algorithm (their order is the "
                     "server's preference; DIGEST-003 advises SHA-256 first).",
      .remediation = "Send one challenge per algorithm.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {0}); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange& nonce = ev.step("nonce");
    std::vector<std::string> algorithms;
    for (const auto& c : digest_challenges(nonce))
      algorithms.push_back(c.param("algorithm") ? c.param("algorithm")->value : "MD5");
    for (std::size_t i = 0; i < algorithms.size(); ++i)
      for (std::size_t j = i + 1; j < algorithms.size(); ++j)
        if (iequals(algorithms[i], algorithms[j]))
          f.expect(nonce, "two challenges for " + algorithms[i]);
    return f.verdict("one per algorithm");
  };

  out.push_back(Check{
      .id = "DIGEST-005",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.3, §5.12",
      .title = "Every 401 carries a fresh nonce",
      .requirement = "Two 401s never carry the same nonce.",
      .remediation = "Generate each nonce from a random value (and a timestamp), per response.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {0, 1}); };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    std::set<std::string> nonces;
    std::size_t seen = 0;
    for (const Exchange* step : ev.mine)
      for (const auto& c : digest_challenges(*step))
        if (const AuthParam* n = c.param("nonce")) {
          ++seen;
          if (!nonces.insert(n->value).second) f.expect(*step, "a nonce was sent twice");
        }
    if (seen < 2) return nothing_to_judge("fewer than two nonces came back to compare");
    return f.verdict("every nonce fresh");
  };

  out.push_back(Check{
      .id = "DIGEST-006",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.4.1-§3.4.3, §3.5",
      .title = "A correct Digest response is accepted",
      .requirement = "A correct response (qop=auth) for each offered algorithm authenticates; an "
                     "Authentication-Info field, when sent, carries the right rspauth and echoes "
                     "cnonce and nc.",
      .remediation = "Compute H(H(A1):nonce:nc:cnonce:qop:H(A2)) over the unquoted values; answer "
                     "with Authentication-Info: rspauth=..., qop=auth, nc=..., cnonce=....",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {2}); };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    std::vector<Request> reqs;
    int count = 0;
    const Exchange& nonce = ev.step("nonce");
    for (const auto& [alg, c] : digest::by_algorithm(challenges_of(nonce))) {
      auto cr = answer(ctx, nonce, alg);
      if (!cr) continue;
      cr->nc = "0000000" + std::to_string(++count);  // one nonce may serve both algorithms
      reqs.push_back(
          with_digest(ctx, digest::authorization(*cr), "valid (" + alg + ")").as("answer " + alg));
    }
    return reqs;
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    const Context at = at_digest(ctx);
    const Exchange& nonce = ev.step("nonce");
    int count = 0;
    for (const auto& [alg, c] : digest::by_algorithm(challenges_of(nonce))) {
      auto cr = answer(ctx, nonce, alg);
      if (!cr) continue;
      cr->nc = "0000000" + std::to_string(++count);  // as the follow-up computed it
      const Exchange& ex = ev.step("answer " + alg);
      // An answer that went stale was sent again with the fresh nonce of the target's stale=true
      // 401 (the runner renews it): its rspauth is over the nonce it carried, not the first one.
      if (const std::string sent = nonce_answered(ex.request); !sent.empty()) cr->nonce = sent;
      f.expect(ex, accepted(at, ex));
      const std::string info = ex.response.first("Authentication-Info");
      if (info.empty()) {
        if (ctx.profile.digest->expect_authentication_info && is_success(ex.response.status))
          f.expect(ex, "no Authentication-Info");
        continue;
      }
      const auto parsed = parse_challenges({"Digest " + info});
      if (parsed.challenges.empty()) {
        f.expect(ex, "Authentication-Info does not parse");
        continue;
      }
      const Challenge& ai = parsed.challenges[0];
      if (!ai.param("rspauth") || ai.param("rspauth")->value != digest::rspauth(*cr))
        f.expect(ex, "Authentication-Info has no correct rspauth");
      if (ai.param("qop")) {
        if (!ai.param("cnonce") || ai.param("cnonce")->value != cr->cnonce)
          f.expect(ex, "Authentication-Info does not echo cnonce");
        if (!ai.param("nc") || ai.param("nc")->value != cr->nc)
          f.expect(ex, "Authentication-Info does not echo nc as 8 hex digits");
      }
    }
    return f.verdict("accepted for every algorithm");
  };

  out.push_back(Check{
      .id = "DIGEST-007",
      .level = Level::kShould,
      .spec = "RFC 7616 §3.3 (stale)",
      .title = "A wrong password is not called stale",
      .requirement = "A wrong password with a fresh nonce gets 401 with a new challenge and "
                     "without stale=true.",
      .remediation = "Set stale=true only when the nonce alone was the problem.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 3, [](const Context& ctx, digest::Credentials cr) {
    cr.password = "authspec-wrong-password";
    return std::vector<Request>{with_digest(ctx, digest::authorization(cr), "wrong password")};
  });
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    const Context at = at_digest(ctx);
    const Exchange& wrong = ev.step("answer");
    f.expect(wrong, challenge401(at, wrong));
    f.expect_no_leak(ctx, wrong);
    if (stale_true(wrong)) f.expect(wrong, "stale=true for a wrong password");
    return f.verdict("401 with a fresh challenge, not stale");
  };

  out.push_back(Check{
      .id = "DIGEST-008",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.3, §3.6",
      .title = "An expired nonce is reported stale",
      .requirement = "A correct answer with an expired nonce is accepted, or gets 401 with a new "
                     "nonce and stale=true (so the client retries without asking the user).",
      .remediation =
          "Expire nonces, and answer a correct response with an old nonce with stale=true.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.digest) return skip_because(kNoDigest);
    const int life = ctx.profile.digest->nonce_lifetime_ms;
    if (life <= 0) return skip_because("the profile gives no digest.nonce_lifetime");
    if (life >= 10000)
      return skip_because("digest.nonce_lifetime is beyond what a test run may wait (10 s)");
    return nonce_requests(ctx, {4});
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const Exchange& nonce = ev.step("nonce");
    const auto cr = answer(ctx, nonce);
    if (!cr) return std::vector<Request>{};
    Request late =
        with_digest(ctx, digest::authorization(*cr), "valid, nonce expired").as("answer");
    late.not_before = probes::after_clock(nonce.answered(), ctx.profile.digest->nonce_lifetime_ms);
    return std::vector<Request>{late};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    const Exchange& late = ev.step("answer");
    if (!is_success(late.response.status) && !(late.response.status == 401 && stale_true(late)))
      f.expect(late, describe_status(late) + " without stale=true for an expired nonce");
    return f.verdict("accepted, or 401 with stale=true");
  };

  out.push_back(Check{
      .id = "DIGEST-009",
      .level = Level::kMust,
      .spec = "RFC 7616 §3.4.6",
      .title = "The uri parameter must match the request",
      .requirement = "A response computed for another uri than the request-target is never "
                     "accepted (400 expected; 401 is advice).",
      .remediation = "Compare the uri parameter with the request-target before computing the "
                     "response; answer a mismatch with 400.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 5, [](const Context& ctx, digest::Credentials cr) {
    cr.uri = "/authspec-other-resource";
    return std::vector<Request>{
        with_digest(ctx, digest::authorization(cr), "uri of another resource")};
  });
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    const Exchange& other_uri = ev.step("answer");
    f.expect(other_uri, not_granted(ctx, other_uri));
    f.expect_no_leak(ctx, other_uri);
    Verdict v = f.verdict("400 for a uri mismatch");
    // The MUST is the refusal; 400 is what §3.4.6 SHOULD send: noted, not judged.
    if (v.outcome == Outcome::kPass && other_uri.response.status != 400)
      v.message = "refused with " + describe_status(other_uri) + " (§3.4.6 suggests 400)";
    return v;
  };

  out.push_back(Check{
      .id = "DIGEST-010",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.4",
      .title = "Improper Digest credentials get 4xx",
      .requirement =
          "Credentials without nonce or response, with qop but no cnonce/nc, with both username "
          "and username*, or with nc not 8 hex digits get a 4xx, never 2xx or 5xx.",
      .remediation =
          "Validate every parameter before computing; answer improper credentials with 400.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 6, [](const Context& ctx, const digest::Credentials& cr) {
    const std::string v = digest::authorization(cr);
    std::vector<Request> reqs = {
        with_digest(ctx, without(v, "nonce"), "no nonce"),
        with_digest(ctx, without(v, "response"), "no response"),
        with_digest(ctx, v + ", username*=UTF-8''" + cr.username, "username and username*")};
    if (!cr.qop.empty()) {  // the qop-dependent variants
      reqs.push_back(
          with_digest(ctx, without(without(v, "nc"), "cnonce"), "qop without nc and cnonce"));
      reqs.push_back(
          with_digest(ctx, std::regex_replace(v, std::regex("nc=[0-9a-f]{8}"), "nc=1"), "nc=1"));
    }
    return reqs;
  });
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    for (const Exchange* improper : ev.steps_named("answer")) {
      f.expect(*improper, client_error(ctx, *improper));
      f.expect_no_leak(ctx, *improper);
    }
    return f.verdict("4xx for each");
  };

  out.push_back(Check{
      .id = "DIGEST-011",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.4, §5.4, §5.5",
      .title = "A replayed Digest request is refused",
      .requirement = "The same Authorization (nonce, nc, cnonce, response) sent twice is accepted "
                     "at most once.",
      .remediation = "Track the nonce counts each nonce has been used with.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 11, [](const Context& ctx, const digest::Credentials& cr) {
    std::vector<Request> reqs;
    for (int i = 0; i < 2; ++i) {
      Request r = with_digest(ctx, digest::authorization(cr), "valid, sent twice");
      r.repeat = i;
      r.step = i == 0 ? "answer" : "replay";
      reqs.push_back(r);
    }
    return reqs;
  });
  out.back().judge = [](const Context&, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    const Exchange &first = ev.step("answer"), &replay = ev.step("replay");
    const int accepted_count =
        is_success(first.response.status) + is_success(replay.response.status);
    if (accepted_count == 0)
      return Verdict{Outcome::kError,
                     "not decided: the correct answer was refused both times (see DIGEST-006)",
                     {&first}};
    Findings f;
    if (accepted_count == 2) f.expect(replay, "the replayed request was accepted too");
    return f.verdict("accepted once, the replay refused");
  };

  out.push_back(Check{
      .id = "DIGEST-012",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.4",
      .title = "Only what was offered is accepted",
      .requirement = "Credentials with an altered opaque, a qop that was not offered (auth-int), "
                     "or another realm are refused.",
      .remediation = "Check opaque, qop, realm and algorithm against the challenge that was sent.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 12, [](const Context& ctx, const digest::Credentials& cr) {
    std::vector<Request> reqs;
    if (!cr.opaque.empty()) {
      digest::Credentials c = cr;
      c.opaque += "x";
      reqs.push_back(with_digest(ctx, digest::authorization(c), "altered opaque"));
    }
    digest::Credentials int_qop = cr;
    int_qop.qop = "auth-int";
    int_qop.nc = "00000002";
    reqs.push_back(with_digest(ctx, digest::authorization(int_qop), "qop=auth-int"));
    digest::Credentials realm = cr;
    realm.realm += "-other";
    realm.nc = "00000003";
    reqs.push_back(with_digest(ctx, digest::authorization(realm), "another realm"));
    return reqs;
  });
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    for (const Exchange* altered : ev.steps_named("answer"))
      f.expect(*altered, not_granted(ctx, *altered));
    return f.verdict("refused");
  };

  out.push_back(Check{
      .id = "DIGEST-013",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §3.4.4",
      .title = "userhash is offered and works",
      .requirement = "The server offers userhash=true and accepts a user name hashed as H(username "
                     "\":\" realm).",
      .remediation = "Offer userhash=true and look users up by their hashed name too.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 13, [](const Context& ctx, digest::Credentials cr) {
    cr.userhash = true;
    return std::vector<Request>{with_digest(ctx, digest::authorization(cr), "hashed user name")};
  });
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    bool offered = false;
    const Exchange& nonce = ev.step("nonce");
    for (const auto& c : digest_challenges(nonce))
      offered = offered || (c.param("userhash") && iequals(c.param("userhash")->value, "true"));
    if (!offered)
      f.expect(nonce, "userhash=true is not offered");
    else
      f.expect(ev.step("answer"), accepted(at_digest(ctx), ev.step("answer")));
    return f.verdict("userhash offered and accepted");
  };

  out.push_back(Check{
      .id = "DIGEST-014",
      .level = Level::kBestPractice,
      .spec = "RFC 7616 §5.2",
      .title = "The realm names the host",
      .requirement = "The Digest realm includes the name of the authenticating host, so it is "
                     "unique among the realms a user meets.",
      .remediation = "Use a realm such as \"api@staging.example\".",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return nonce_requests(ctx, {0}); };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& nonce = ev.step("nonce");
    const std::string origin = ctx.profile.origin;
    std::string host = origin.substr(origin.find("://") + 3);
    host = host.substr(0, host[0] == '[' ? host.find(']') + 1 : host.find(':'));
    for (const auto& c : digest_challenges(nonce)) {
      const std::string realm = c.param("realm") ? c.param("realm")->value : "";
      if (to_lower(realm).find(to_lower(host)) == std::string::npos)
        f.expect(nonce, "realm \"" + realm + "\" does not name the host " + host);
    }
    return f.verdict("the realm names the host");
  };

  out.push_back(Check{
      .id = "CHAL-009",
      .level = Level::kMust,
      .spec = "RFC 9110 §11.2, §5.6.3, §5.6.4",
      .title = "Parameter-style credentials are parsed by the §11 rules",
      .requirement = "Digest credentials are accepted with parameter names in another case, values "
                     "as tokens or quoted strings, quoted-pairs, and whitespace around '='.",
      .remediation = "Parse auth-params with a real RFC 9110 parser: case-insensitive names, both "
                     "value notations, unescaping, optional whitespace.",
      .scope = Scope::kRun,
  });
  answers(out.back(), 14, [](const Context& ctx, digest::Credentials cr) {
    // One nonce serves the four variants: each its own nonce count, so none is a replay.
    auto with_nc = [&](int n) {
      cr.nc = "0000000" + std::to_string(n);
      return digest::authorization(cr);
    };
    std::string upper = std::regex_replace(with_nc(1), std::regex("username="), "UserName=");
    upper = std::regex_replace(upper, std::regex("response="), "RESPONSE=");
    std::string spaced =
        std::regex_replace(with_nc(2), std::regex("(username|realm|nonce)="), "$1 = ");
    std::string token_forms =
        std::regex_replace(with_nc(3), std::regex("nc=([0-9a-f]{8})"), "nc=\"$1\"");
    token_forms = std::regex_replace(token_forms, std::regex("algorithm=([A-Za-z0-9-]+)"),
                                     "algorithm=\"$1\"");
    std::string escaped =
        std::regex_replace(with_nc(4), std::regex("cnonce=\"authspec-"), "cnonce=\"a\\uthspec-");
    return std::vector<Request>{with_digest(ctx, upper, "parameter names in other case"),
                                with_digest(ctx, spaced, "whitespace around '='"),
                                with_digest(ctx, token_forms, "nc and algorithm quoted"),
                                with_digest(ctx, escaped, "a quoted-pair in cnonce")};
  });
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = no_challenge(ev)) return *v;
    Findings f;
    for (const Exchange* notation : ev.steps_named("answer"))
      f.expect(*notation, accepted(at_digest(ctx), *notation));
    return f.verdict("every notation accepted");
  };
}

}  // namespace authspec
