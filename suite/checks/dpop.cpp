// DPOP: DPoP-bound tokens (RFC 9449).
#include "suite/checks/token_forge.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoDpop = "the profile has no [dpop] resource";

Context at(const Context& ctx, const Resource& r) {
  return Context{ctx.profile, &r, ctx.controls};
}

std::string htu_of(const Context& ctx, const Resource& r) {
  return ctx.profile.origin + ctx.profile.target(r);
}

forge::ProofOptions base_options(const Context& ctx, const Resource& r) {
  forge::ProofOptions o;
  o.htm = r.method;
  o.htu = htu_of(ctx, r);
  o.token = forge::dpop_bound_token(ctx.profile);
  return o;
}

// Authorization: DPoP <bound token>, plus the given proofs (none, one or several).
Request dpop_request(const Context& ctx, const Resource& r, const std::vector<std::string>& proofs,
                     const std::string& label) {
  Request req = at(ctx, r).with_authorization("DPoP " + forge::dpop_bound_token(ctx.profile),
                                              "dpop:" + label, true);
  for (const auto& p : proofs) req.headers.emplace_back("DPoP", p);
  return req;
}

Request control(const Context& ctx) {
  const Resource& r = ctx.profile.dpop->resource;
  return dpop_request(ctx, r, {forge::dpop_proof(ctx.profile, base_options(ctx, r))}, "valid proof")
      .as("control");
}

std::optional<Verdict> control_failed(const Context& ctx, const Exchange& ex) {
  const std::string problem = accepted(at(ctx, ctx.profile.dpop->resource), ex);
  if (problem.empty()) return std::nullopt;
  return Verdict{
      Outcome::kError,
      "profile error: a valid DPoP request was refused (" + problem + "); check [dpop] and [jwt]",
      {&ex}};
}

std::string dpop_error(const Exchange& ex) {
  for (const auto& c : challenges_of(ex).with_scheme("DPoP"))
    if (const auto* e = c.param("error")) return e->value;
  return "";
}

}  // namespace

void register_dpop(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "DPOP-001",
      .level = Level::kMust,
      .spec = "RFC 9449 §7.2",
      .title = "A DPoP-bound token never works as a bearer token",
      .requirement = "A DPoP-bound access token sent with the Bearer scheme is rejected, with or "
                     "without a DPoP proof.",
      .remediation =
          "Check cnf.jkt on every token: a bound token presented as Bearer is invalid_token.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop) return skip_because(kNoDpop);
    const Resource& r = ctx.profile.dpop->resource;
    const std::string token = forge::dpop_bound_token(ctx.profile);
    Request bearer = at(ctx, r).with_bearer(token, "bearer:DPoP-bound token");
    Request with_proof = bearer;
    with_proof.headers.emplace_back("DPoP", forge::dpop_proof(ctx.profile, base_options(ctx, r)));
    with_proof.credential = "bearer:DPoP-bound token + proof";
    return Plan{
        {control(ctx), std::move(bearer).as("variant"), std::move(with_proof).as("variant")}, ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("control"))) return *v;
    Findings f;
    for (const Exchange* variant : ev.steps_named("variant")) {
      f.expect(*variant, refused_without_error(*variant));
      f.expect_no_leak(at(ctx, ctx.profile.dpop->resource), *variant);
    }
    return f.verdict("the bound token is refused as a bearer token");
  };

  out.push_back(Check{
      .id = "DPOP-002",
      .level = Level::kMust,
      .spec = "RFC 9449 §4.3, §7.1",
      .title = "Every DPoP proof check is made",
      .requirement = "Access needs a valid proof: one DPoP field, typ dpop+jwt, an asymmetric "
                     "algorithm, a valid signature, no private key in jwk, htm and htu of the "
                     "request, a fresh iat, ath of the token, and the bound key; failures get 401 "
                     "with error=\"invalid_dpop_proof\" (or invalid_token).",
      .remediation =
          "Validate every item of RFC 9449 §4.3 on each request, not only the signature.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop) return skip_because(kNoDpop);
    const Resource& r = ctx.profile.dpop->resource;
    const Profile& p = ctx.profile;
    const auto base = base_options(ctx, r);
    std::vector<Request> reqs = {control(ctx), dpop_request(ctx, r, {}, "no proof").as("variant")};
    auto variant = [&](const std::string& label,
                       const std::function<void(forge::ProofOptions&)>& change) {
      auto o = base;
      o.jti_suffix = label;
      change(o);
      reqs.push_back(dpop_request(ctx, r, {forge::dpop_proof(p, o)}, label).as("variant"));
    };
    auto a = base, b = base;
    a.jti_suffix = "first of two";
    b.jti_suffix = "second of two";
    reqs.push_back(
        dpop_request(ctx, r, {forge::dpop_proof(p, a), forge::dpop_proof(p, b)}, "two DPoP fields")
            .as("variant"));
    variant("htm POST", [](auto& o) { o.htm = "POST"; });
    variant("htu of another path",
            [&](auto& o) { o.htu = p.origin + p.prefix + "/authspec-other-path"; });
    variant("no ath", [](auto& o) { o.with_ath = false; });
    variant("wrong ath", [](auto& o) { o.ath_override = jwt::sha256_b64url("another token"); });
    variant("alg HS256", [](auto& o) { o.alg = "HS256"; });
    variant("alg none", [](auto& o) { o.alg = "none"; });
    variant("iat an hour ago", [](auto& o) { o.iat = forge::run_now() - 3600; });
    variant("typ JWT", [](auto& o) { o.typ = "JWT"; });
    variant("private key in jwk", [](auto& o) { o.private_jwk = true; });
    variant("signed by another key", [](auto& o) {
      static const jwt::Key other =
          jwt::generate_ec_key();  // not the client key the token is bound to
      o.signer = other;
    });
    return Plan{reqs, ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("control"))) return *v;
    Findings f;
    std::vector<std::string> loose;
    for (const Exchange* variant : ev.steps_named("variant")) {
      const Exchange& ex = *variant;
      f.expect(ex, refused_without_error(ex));
      f.expect_no_leak(at(ctx, ctx.profile.dpop->resource), ex);
      const std::string e = dpop_error(ex);
      if (f.empty() &&
          !(ex.response.status == 401 && (e == "invalid_dpop_proof" || e == "invalid_token")))
        loose.push_back(describe_request(ex) + ": " + describe_status(ex) +
                        " without DPoP error=\"invalid_dpop_proof\"");
    }
    Verdict v = f.verdict("every faulty proof refused with 401 invalid_dpop_proof");
    if (v.outcome == Outcome::kPass && !loose.empty()) {
      // The error value is advice on top of the MUST (refusal) this check enforces.
      v.message = "every faulty proof refused; note, not as RFC 9449 §7.1 describes: " + loose[0] +
                  (loose.size() > 1 ? "; and " + std::to_string(loose.size() - 1) + " more" : "");
    }
    return v;
  };

  out.push_back(Check{
      .id = "DPOP-003",
      .level = Level::kBestPractice,
      .spec = "RFC 9449 §7.1, §7.2",
      .title = "The DPoP challenge lists algs, and errors go to the scheme used",
      .requirement = "The DPoP challenge lists the accepted algorithms in algs; without "
                     "credentials no challenge carries an error; a failed Bearer attempt puts the "
                     "error on the Bearer challenge only.",
      .remediation = "Send DPoP algs=\"ES256 ...\" and attach error attributes only to the "
                     "challenge of the scheme the client used.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop) return skip_because(kNoDpop);
    const Context c = at(ctx, ctx.profile.dpop->resource);
    return Plan{
        {c.anonymous().as("anonymous"),
         c.with_authorization("Bearer authspec-unknown-token-4f1c9a27e8d3", "bearer:unknown-token")
             .as("unknown bearer")},
        ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    const Exchange &anonymous = ev.step("anonymous"), &bearer = ev.step("unknown bearer");
    const auto anon = challenges_of(anonymous).with_scheme("DPoP");
    if (anon.empty()) f.expect(anonymous, "no DPoP challenge");
    for (const auto& c : anon) {
      if (!c.param("algs")) f.expect(anonymous, "the DPoP challenge has no algs");
      if (c.param("error"))
        f.expect(anonymous, "error on the DPoP challenge although nothing was sent");
    }
    if (!dpop_error(bearer).empty())
      f.expect(bearer, "a failed Bearer attempt put its error on the DPoP challenge");
    bool bearer_error = false;
    for (const auto& c : challenges_of(bearer).with_scheme("Bearer"))
      bearer_error = bearer_error || c.param("error");
    if (!bearer_error)
      f.expect(bearer, "the Bearer challenge carries no error for the failed Bearer attempt");
    return f.verdict("algs listed; errors on the scheme used");
  };

  out.push_back(Check{
      .id = "DPOP-004",
      .level = Level::kBestPractice,
      .spec = "RFC 9449 §9, §8",
      .title = "A required nonce is asked for the resource-server way",
      .requirement =
          "A proof without the required nonce gets 401 with DPoP error=\"use_dpop_nonce\" and a "
          "DPoP-Nonce header; the retry with that nonce succeeds.",
      .remediation = "Answer 401, WWW-Authenticate: DPoP error=\"use_dpop_nonce\" and DPoP-Nonce: "
                     "<nonce> (the 400 JSON form is the authorization server's).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop || !ctx.profile.dpop->nonce_resource)
      return skip_because("the profile names no [dpop] nonce_resource");
    const Resource& r = *ctx.profile.dpop->nonce_resource;
    return Plan{{dpop_request(ctx, r, {forge::dpop_proof(ctx.profile, base_options(ctx, r))},
                              "proof without nonce")
                     .as("without nonce")},
                ""};
  };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    const std::string nonce = ev.step("without nonce").response.first("DPoP-Nonce");
    if (nonce.empty()) return std::vector<Request>{};
    const Resource& r = *ctx.profile.dpop->nonce_resource;
    auto o = base_options(ctx, r);
    o.nonce = nonce;
    return std::vector<Request>{
        dpop_request(ctx, r, {forge::dpop_proof(ctx.profile, o)}, "proof with the server's nonce")
            .as("with nonce")};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    Findings f;
    const Exchange& first = ev.step("without nonce");
    if (first.response.status != 401 || dpop_error(first) != "use_dpop_nonce")
      f.expect(first,
               "expected 401 with DPoP error=\"use_dpop_nonce\", got " + describe_status(first));
    if (!first.response.has("DPoP-Nonce")) f.expect(first, "no DPoP-Nonce header");
    if (const Exchange* retry = ev.find_step("with nonce"))
      f.expect(*retry, accepted(at(ctx, *ctx.profile.dpop->nonce_resource), *retry));
    return f.verdict("use_dpop_nonce with DPoP-Nonce, and the retry succeeds");
  };

  out.push_back(Check{
      .id = "DPOP-005",
      .level = Level::kMust,
      .spec = "RFC 9449 §11.1",
      .title = "Proofs are short-lived",
      .requirement =
          "A proof is accepted only shortly after its iat: one five minutes old is refused.",
      .remediation = "Reject proofs outside a small iat window.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop) return skip_because(kNoDpop);
    const Resource& r = ctx.profile.dpop->resource;
    auto old = base_options(ctx, r);
    old.iat = forge::run_now() - 300;
    old.jti_suffix = "five minutes old";
    return Plan{{control(ctx),
                 dpop_request(ctx, r, {forge::dpop_proof(ctx.profile, old)}, "proof 5 min old")
                     .as("old proof")},
                ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("control"))) return *v;
    Findings f;
    f.expect(ev.step("old proof"), refused_without_error(ev.step("old proof")));
    return f.verdict("old proofs refused");
  };

  // RFC 9449 §11.1 describes jti tracking as what a server can do against replay within the
  // window: advice on top of DPOP-005's MUST.
  out.push_back(Check{
      .id = "DPOP-007",
      .level = Level::kBestPractice,
      .spec = "RFC 9449 §11.1",
      .title = "Proofs are single-use",
      .requirement = "The same proof (same jti) sent twice is accepted at most once.",
      .remediation =
          "Remember the jti of accepted proofs for the acceptance window and decline repeats.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop) return skip_because(kNoDpop);
    const Resource& r = ctx.profile.dpop->resource;
    auto replay = base_options(ctx, r);
    replay.jti_suffix = "replayed";
    Request once =
        dpop_request(ctx, r, {forge::dpop_proof(ctx.profile, replay)}, "proof (sent twice)");
    Request twice = once.as("replay");
    twice.repeat = 1;
    return Plan{{control(ctx), std::move(once).as("first"), twice}, ""};
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    if (auto v = control_failed(ctx, ev.step("control"))) return *v;
    Findings f;
    const Exchange &first = ev.step("first"), &replay = ev.step("replay");
    if (is_success(first.response.status) && is_success(replay.response.status))
      f.fail(&replay, "the same proof was accepted twice");
    return f.verdict("a replayed proof is declined");
  };

  out.push_back(Check{
      .id = "DPOP-006",
      .level = Level::kBestPractice,
      .spec = "RFC 9449 §7.1",
      .title = "DPoP is never a proxy scheme",
      .requirement = "The DPoP scheme never appears in Proxy-Authenticate.",
      .remediation = "Challenge for DPoP only in WWW-Authenticate.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    if (!ctx.profile.dpop) return skip_because(kNoDpop);
    return Plan{{at(ctx, ctx.profile.dpop->resource).anonymous()}, ""};
  };
  out.back().judge = [](const Context&, const Evidence& ev) {
    Findings f;
    for (const auto* ex : ev.all)
      if (ex->ok() && !challenges_of(*ex, "Proxy-Authenticate").with_scheme("DPoP").empty())
        f.expect(*ex, "Proxy-Authenticate carries a DPoP challenge");
    return f.verdict("no DPoP in Proxy-Authenticate");
  };
}

}  // namespace authspec
