// The role matrix: every [identity.NAME] against the protected resources it may use or must be
// refused, plus anonymous. The AUTHZ-007/008 checks ask its questions and judge its cells with
// judge_cell(); the reports draw it as a grid from the same judgement (role_matrix()).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "suite/check.h"

namespace authspec {

struct RunResult;

enum class CellExpect { kAllowed, kRefused, kAnonymous };
const char* expect_name(CellExpect e);  // allowed, refused, anonymous

// A cell's request carries this step name: "allowed|admin|GET /api/data" ("anonymous||..."), so
// the grid can be read back from any run's results, merged ones too.
std::string matrix_step(CellExpect e, const std::string& identity, const std::string& resource);

struct MatrixStep {
  CellExpect expect = CellExpect::kAllowed;
  std::string identity, resource;  // identity "" for anonymous
};
// The cell a step name stands for; nothing when the step is not a matrix cell's.
std::optional<MatrixStep> parse_matrix_step(const std::string& step);
// The resource of the profile a cell names (a protected or an [apikey] resource), or null.
const Resource* matrix_resource(const Profile& profile, const std::string& label);
// The identities that got 2xx on a resource they may use, among these steps and answers.
std::set<std::string> proven_identities(const std::vector<std::string>& steps,
                                        const std::vector<const Exchange*>& answers);

struct CellJudgement {
  Outcome outcome = Outcome::kPass;  // kError: undecided (the identity never got in anywhere)
  std::string problem;               // "" on pass
  bool breach = false;               // a refused identity (or anonymous) got in or got the content
};
// `proven`: the identity got in where it may (so its credential works, and a 401 where it is
// refused is the server's confusion, not a broken credential).
CellJudgement judge_cell(const Context& at, CellExpect e, const Exchange& ex, bool proven);

struct MatrixCell {
  std::string identity;  // "" for anonymous
  std::string resource;  // "GET /api/admin"
  CellExpect expect = CellExpect::kAllowed;
  int status = 0;  // 0: no HTTP answer
  CellJudgement judgement;
};
struct RoleMatrix {
  std::vector<std::string> identities;  // in the profile's order ("" last: anonymous)
  std::vector<std::string> resources;
  std::vector<MatrixCell> cells;
  bool empty() const { return cells.empty(); }
};
// The cell's verdict for a report: pass, fail or error (undecided).
const char* cell_verdict(const MatrixCell& c);
// The cell in a few characters: "200", "403", "no answer".
std::string cell_text(const MatrixCell& c);
// The cell of one identity ("" : anonymous) and resource, or null when the matrix did not ask.
const MatrixCell* find_cell(const RoleMatrix& m, const std::string& identity,
                            const std::string& resource);

// The grid of a run, judged as the checks judged it (empty when the profile has no identities).
RoleMatrix role_matrix(const Profile& profile, const RunResult& run);

}  // namespace authspec
