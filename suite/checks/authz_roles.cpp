// AUTHZ-007 and AUTHZ-008: the role matrix of the profile's [identity.NAME] sections. Every
// allowed identity gets in, every refused one gets 403 (or 404 to hide it) and never the content,
// anonymous never gets in (RFC 9110 §15.5.4; WSTG-ATHZ-02).
#include <cstring>
#include <set>

#include "suite/checks/probes.h"
#include "suite/digest.h"
#include "suite/oauth_fetch.h"
#include "suite/registry.h"
#include "suite/role_matrix.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoIdentities = "the profile has no [identity.NAME] sections (the role matrix)";

// An OAuth-client identity's token request: its first step, answered before its cells are asked.
const char* kTokenStep = "token|";

Request token_step(const Profile& p, const RoleIdentity& id) {
  Request r = token_request(client_of(p, id), id.client_secret, "identity " + id.name + " token");
  r.feeds_follow_up = true;
  return r.as(kTokenStep + id.name);
}

// A login identity's login: its body posted to [session] login, answered before its cells.
const char* kLoginStep = "login|";

Request login_step(const Context& ctx, const RoleIdentity& id) {
  Request r = probes::session_login(ctx, 0);  // [session]'s login request, with this body
  r.body = id.secret;
  r.credential = "identity:" + id.name + " (login)";
  r.feeds_follow_up = true;
  return std::move(r).as(kLoginStep + id.name);
}

// A Digest identity's cells each answer their own challenge: an anonymous request per resource
// (its own nonce: `repeat` keeps it apart from every other check's, since a nonce answered twice
// is a replay), answered before the cell is asked.
const char* kNonceStep = "nonce|";

std::string nonce_step_name(const RoleIdentity& id, const Resource& r) {
  return kNonceStep + id.name + "|" + r.label();
}

void add_nonce_steps(const Context& ctx, const RoleIdentity& id, std::size_t identity_index,
                     bool refused, Plan& p) {
  std::size_t k = 0;
  for (const auto* list : {&id.may, &id.refused}) {
    if (list == &id.refused && !refused) break;
    for (const auto& r : *list) {
      Request nonce = ctx.anonymous_to(r);
      nonce.repeat = static_cast<int>(70000 + identity_index * 100 + k++);
      nonce.credential = "none (identity " + id.name + "'s Digest challenge)";
      nonce.feeds_follow_up = true;
      p.requests.push_back(std::move(nonce).as(nonce_step_name(id, r)));
    }
  }
}

// A Digest identity's cells whose challenge came, each with its own answer.
void add_digest_cells(const Context& ctx, const Evidence& ev, const RoleIdentity& id, bool refused,
                      Plan& p) {
  for (const auto& [list, expect] :
       {std::pair{&id.may, CellExpect::kAllowed}, std::pair{&id.refused, CellExpect::kRefused}}) {
    if (expect == CellExpect::kRefused && !refused) break;
    for (const auto& r : *list) {
      const Exchange* challenge = ev.find_step(nonce_step_name(id, r));
      if (!challenge) continue;
      const auto cr = digest::answer(challenges_of(*challenge), id.basic->user, id.basic->password,
                                     r.method, ctx.profile.target(r));
      if (!cr) continue;
      RoleIdentity answering = id;
      answering.kind = RoleIdentity::Kind::kAuthorization;
      answering.secret = digest::authorization(*cr);
      Request cell = ctx.as_identity(answering, r);
      cell.credential = "identity:" + id.name + " (digest)";
      p.requests.push_back(std::move(cell).as(matrix_step(expect, id.name, r.label())));
    }
  }
}

// One identity's cells: every resource it may use (`refused`: and those it must be refused).
void add_cells(const Context& ctx, const RoleIdentity& id, bool refused, Plan& p) {
  for (const auto& r : id.may)
    p.requests.push_back(
        ctx.as_identity(id, r).as(matrix_step(CellExpect::kAllowed, id.name, r.label())));
  if (!refused) return;
  for (const auto& r : id.refused)
    p.requests.push_back(
        ctx.as_identity(id, r).as(matrix_step(CellExpect::kRefused, id.name, r.label())));
}

// The matrix's questions: every identity on every resource it may use (`refused`: and on those
// it must be refused, and anonymous on each of them). An OAuth client asks for its token first;
// its cells follow (follow_cells).
Plan matrix_plan(const Context& ctx, bool refused) {
  if (ctx.profile.identities.empty()) return skip_because(kNoIdentities);
  Plan p;
  for (std::size_t i = 0; i < ctx.profile.identities.size(); ++i) {
    const RoleIdentity& id = ctx.profile.identities[i];
    if (id.kind == RoleIdentity::Kind::kOAuthClient)
      p.requests.push_back(token_step(ctx.profile, id));
    else if (id.kind == RoleIdentity::Kind::kLogin)
      p.requests.push_back(login_step(ctx, id));
    else if (id.kind == RoleIdentity::Kind::kDigest)
      add_nonce_steps(ctx, id, i, refused, p);
    else
      add_cells(ctx, id, refused, p);
  }
  std::set<std::string> anonymous;
  if (refused)
    for (const auto& id : ctx.profile.identities)
      for (const auto* list : {&id.may, &id.refused})
        for (const auto& r : *list)
          if (anonymous.insert(r.label()).second)
            p.requests.push_back(
                ctx.anonymous_to(r).as(matrix_step(CellExpect::kAnonymous, "", r.label())));
  return p;
}

// The session cookie a login identity's login set ("" when none).
std::string session_cookie_of(const Context& ctx, const Exchange& login) {
  return probes::set_cookie(login, ctx.profile.session->cookie);
}

// The cells of each OAuth client whose token the endpoint issued, carrying that token, and of
// each login identity whose login set the session cookie, carrying that cookie.
std::vector<Request> follow_cells(const Context& ctx, const Evidence& ev, bool refused) {
  Plan p;
  for (const auto& id : ctx.profile.identities) {
    RoleIdentity with_credential = id;
    if (id.kind == RoleIdentity::Kind::kOAuthClient) {
      const Exchange* answer = ev.find_step(kTokenStep + id.name);
      if (!answer) continue;
      with_credential.secret = read_token_answer(*answer).access_token;
    } else if (id.kind == RoleIdentity::Kind::kDigest) {
      add_digest_cells(ctx, ev, id, refused, p);
      continue;
    } else if (id.kind == RoleIdentity::Kind::kLogin) {
      const Exchange* answer = ev.find_step(kLoginStep + id.name);
      if (!answer) continue;
      const std::string cookie = session_cookie_of(ctx, *answer);
      with_credential.kind = RoleIdentity::Kind::kCookie;
      with_credential.secret = cookie.empty() ? "" : ctx.profile.session->cookie + "=" + cookie;
    } else {
      continue;
    }
    if (!with_credential.secret.empty()) add_cells(ctx, with_credential, refused, p);
  }
  return p.requests;
}

// The checks' judgement is the grid's: each cell of the kinds in `judged`, as role_matrix() does.
Verdict judge_matrix(const Context& ctx, const Evidence& ev, std::set<CellExpect> judged,
                     const std::string& pass_message) {
  const std::set<std::string> proven = proven_identities(ev.steps, ev.mine);
  Findings f;
  std::vector<std::string> undecided;
  const Exchange* first_undecided = nullptr;
  for (std::size_t i = 0; i < ev.mine.size() && i < ev.steps.size(); ++i) {
    if (ev.steps[i].rfind(kTokenStep, 0) == 0) {
      // An OAuth client without a token has no cells to judge: undecided, and why.
      const TokenAnswer t = read_token_answer(*ev.mine[i]);
      if (t.access_token.empty()) {
        undecided.push_back("identity " + ev.steps[i].substr(std::strlen(kTokenStep)) +
                            ": no token: " + t.error);
        if (!first_undecided) first_undecided = ev.mine[i];
      }
      continue;
    }
    if (ev.steps[i].rfind(kNonceStep, 0) == 0) {
      // A Digest cell without a challenge to answer is not asked: undecided, and why.
      // (Whether a challenge can be answered does not depend on whose credentials answer it.)
      if (!digest::answer(challenges_of(*ev.mine[i]), "", "", "GET", "/")) {
        const std::string what = ev.steps[i].substr(std::strlen(kNonceStep));
        undecided.push_back("identity " + what.substr(0, what.find('|')) + " on " +
                            what.substr(what.find('|') + 1) +
                            ": no Digest challenge authspec can answer (" +
                            describe_status(*ev.mine[i]) + ")");
        if (!first_undecided) first_undecided = ev.mine[i];
      }
      continue;
    }
    if (ev.steps[i].rfind(kLoginStep, 0) == 0) {
      // A login that set no session cookie leaves its identity's cells unasked: undecided.
      if (session_cookie_of(ctx, *ev.mine[i]).empty()) {
        undecided.push_back("identity " + ev.steps[i].substr(std::strlen(kLoginStep)) +
                            ": its login (" + describe_status(*ev.mine[i]) + ") set no " +
                            ctx.profile.session->cookie + " cookie");
        if (!first_undecided) first_undecided = ev.mine[i];
      }
      continue;
    }
    const auto s = parse_matrix_step(ev.steps[i]);
    if (!s || !judged.count(s->expect)) continue;
    const Context at{ctx.profile, matrix_resource(ctx.profile, s->resource), ctx.controls};
    const CellJudgement j = judge_cell(at, s->expect, *ev.mine[i], proven.count(s->identity) > 0);
    if (j.outcome == Outcome::kError) {
      undecided.push_back((s->identity.empty() ? "anonymous" : s->identity) + " on " + s->resource +
                          ": " + j.problem);
      if (!first_undecided) first_undecided = ev.mine[i];
    } else if (j.breach) {
      f.breach(*ev.mine[i], j.problem);
    } else {
      f.expect(*ev.mine[i], j.problem);
    }
  }
  Verdict v = f.verdict(pass_message);
  if (v.outcome == Outcome::kFail || undecided.empty()) return v;
  v.outcome = Outcome::kError;
  v.message =
      "undecided: " + undecided.front() +
      (undecided.size() > 1 ? "; and " + std::to_string(undecided.size() - 1) + " more" : "");
  v.shown = {first_undecided};
  return v;
}

}  // namespace

void register_authz_roles(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "AUTHZ-007",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5.4, §15.5.5; WSTG-ATHZ-02",
      .owasp = "WSTG-ATHZ-02",
      .title = "Role matrix: refused identities get 403, never the content",
      .requirement = "Every [identity.NAME] is refused on the resources it must not use with 403 "
                     "(or 404 to hide them), never 2xx or the protected content; anonymous never "
                     "gets in.",
      .remediation = "Check the caller's role on every resource in the API itself; answer an "
                     "authenticated caller without the role with 403, not 401 or 200.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return matrix_plan(ctx, true); };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    return follow_cells(ctx, ev, true);
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    return judge_matrix(ctx, ev, {CellExpect::kRefused, CellExpect::kAnonymous},
                        "every refused identity is refused, anonymous never gets in");
  };

  out.push_back(Check{
      .id = "AUTHZ-008",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.3; WSTG-ATHZ-02",
      .owasp = "WSTG-ATHZ-02",
      .title = "Role matrix: allowed identities get in",
      .requirement = "Every [identity.NAME] gets 2xx and the protected content on each resource "
                     "it may use.",
      .remediation = "Grant each role what it is meant to have (or correct the profile's "
                     "may/refused lines if the roles changed).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) { return matrix_plan(ctx, false); };
  out.back().follow_up = [](const Context& ctx, const Evidence& ev) {
    return follow_cells(ctx, ev, false);
  };
  out.back().judge = [](const Context& ctx, const Evidence& ev) {
    return judge_matrix(ctx, ev, {CellExpect::kAllowed}, "every allowed identity gets in");
  };
}

}  // namespace authspec
