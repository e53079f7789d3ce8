#include "suite/role_matrix.h"

#include <algorithm>

#include "suite/runner.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char kSep = '|';

}  // namespace

const char* expect_name(CellExpect e) {
  switch (e) {
    case CellExpect::kAllowed:
      return "allowed";
    case CellExpect::kRefused:
      return "refused";
    case CellExpect::kAnonymous:
      break;
  }
  return "anonymous";
}

std::optional<MatrixStep> parse_matrix_step(const std::string& step) {
  const auto a = step.find(kSep);
  const auto b = a == std::string::npos ? a : step.find(kSep, a + 1);
  if (b == std::string::npos) return std::nullopt;
  MatrixStep out;
  const std::string e = step.substr(0, a);
  if (e == "allowed")
    out.expect = CellExpect::kAllowed;
  else if (e == "refused")
    out.expect = CellExpect::kRefused;
  else if (e == "anonymous")
    out.expect = CellExpect::kAnonymous;
  else
    return std::nullopt;
  out.identity = step.substr(a + 1, b - a - 1);
  out.resource = step.substr(b + 1);
  return out;
}

const Resource* matrix_resource(const Profile& p, const std::string& label) {
  for (const auto& r : p.protected_resources)
    if (r.label() == label) return &r;
  if (p.apikey)
    for (const auto& r : p.apikey->resources)
      if (r.label() == label) return &r;
  if (p.session && p.session->resource.label() == label) return &p.session->resource;
  if (p.digest && p.digest->resource.label() == label) return &p.digest->resource;
  return nullptr;
}

std::set<std::string> proven_identities(const std::vector<std::string>& steps,
                                        const std::vector<const Exchange*>& answers) {
  std::set<std::string> out;
  for (std::size_t i = 0; i < steps.size() && i < answers.size(); ++i) {
    const auto s = parse_matrix_step(steps[i]);
    if (s && s->expect == CellExpect::kAllowed && answers[i]->ok() &&
        is_success(answers[i]->response.status))
      out.insert(s->identity);
  }
  return out;
}

std::string matrix_step(CellExpect e, const std::string& identity, const std::string& resource) {
  return std::string(expect_name(e)) + kSep + identity + kSep + resource;
}

CellJudgement judge_cell(const Context& at, CellExpect e, const Exchange& ex, bool proven) {
  CellJudgement j;
  auto fail = [&](std::string why, bool breach) {
    j.outcome = Outcome::kFail;
    j.problem = std::move(why);
    j.breach = breach;
    return j;
  };
  if (!ex.ok()) {
    j.outcome = Outcome::kError;
    j.problem = "no answer: " + ex.error;
    return j;
  }
  const int s = ex.response.status;
  if (e == CellExpect::kAllowed) {
    if (const std::string why = accepted(at, ex); !why.empty()) return fail(why, false);
    return j;
  }
  // Refused or anonymous: never in, never the content.
  if (is_success(s))
    return fail(std::string(e == CellExpect::kAnonymous ? "anonymous" : "a refused identity") +
                    " got " + describe_status(ex),
                true);
  if (const std::string why = no_leak(at, ex); !why.empty()) return fail(why, true);
  if (e == CellExpect::kAnonymous) return j;  // how it is challenged is CHAL-001's to judge
  // RFC 9110 §15.5.4: 403; §15.5.5: a server that hides a forbidden resource MAY answer 404.
  if (s == 403 || s == 404) return j;
  if (s == 401 && !proven) {
    j.outcome = Outcome::kError;
    j.problem = "401: the identity got in nowhere, so its credential may be what is refused";
    return j;
  }
  return fail(std::string("expected 403 (or 404 to hide it), got ") + describe_status(ex) +
                  (s == 401 ? ": the identity is authenticated (it got in where it may)" : ""),
              false);
}

const char* cell_verdict(const MatrixCell& c) {
  return outcome_name(c.judgement.outcome);
}

std::string cell_text(const MatrixCell& c) {
  return c.status ? std::to_string(c.status) : "no answer";
}

const MatrixCell* find_cell(const RoleMatrix& m, const std::string& identity,
                            const std::string& resource) {
  for (const auto& c : m.cells)
    if (c.identity == identity && c.resource == resource) return &c;
  return nullptr;
}

RoleMatrix role_matrix(const Profile& profile, const RunResult& run) {
  RoleMatrix m;
  if (profile.identities.empty()) return m;
  // Every matrix step of the run once (both checks ask the allowed cells).
  std::vector<std::string> steps;
  std::vector<const Exchange*> answers;
  for (const auto& r : run.results) {
    if (!r.check || (r.check->id != "AUTHZ-007" && r.check->id != "AUTHZ-008")) continue;
    for (std::size_t i = 0; i < r.exchanges.size() && i < r.steps.size(); ++i)
      if (std::find(steps.begin(), steps.end(), r.steps[i]) == steps.end()) {
        steps.push_back(r.steps[i]);
        answers.push_back(r.exchanges[i]);
      }
  }
  const std::set<std::string> proven = proven_identities(steps, answers);
  for (const auto& id : profile.identities) m.identities.push_back(id.name);
  m.identities.push_back("");  // anonymous
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto s = parse_matrix_step(steps[i]);
    if (!s) continue;
    const Exchange& ex = *answers[i];
    const Context at{profile, matrix_resource(profile, s->resource), &run.controls};
    MatrixCell c;
    c.identity = s->identity;
    c.resource = s->resource;
    c.expect = s->expect;
    c.status = ex.ok() ? ex.response.status : 0;
    c.judgement = judge_cell(at, s->expect, ex, proven.count(s->identity) > 0);
    if (std::find(m.resources.begin(), m.resources.end(), s->resource) == m.resources.end())
      m.resources.push_back(s->resource);
    m.cells.push_back(c);
  }
  return m;
}

}  // namespace authspec
