#include "cli/run_safety.h"

#include "cli/cli.h"
#include "reports/report.h"

namespace authspec {
namespace {

bool state_changing(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

}  // namespace

std::string unsafe_request(const Profile& profile, const RunPlan& plan, const Masker& masker) {
  for (const auto& req : plan.requests) {
    if (!state_changing(req.method)) continue;
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (!profile.writes_ok_for(path))
      return "safety stop: the plan would send " + req.method + " " + masker.text(path) +
             ", which the profile does not mark writes-ok";
  }
  return "";
}

void print_plan(const Profile& profile, const RunPlan& plan, const Masker& masker,
                std::ostream& out) {
  out << "Plan against " << profile.origin << profile.prefix << " (nothing is sent):\n";
  for (const auto& r : plan.requests)
    out << "  " << r.method << " " << printable(masker.text(profile.origin + r.target), 200)
        << "  [" << masker.text(r.credential) << "]\n";
  std::size_t skipped = 0;
  for (const auto& t : plan.tasks) skipped += !t.plan.skip.empty();
  out << plan.requests.size() << " requests for " << plan.tasks.size() << " check runs (" << skipped
      << " skipped for lack of inputs)";
  if (plan.follow_up_tasks)
    out << "; up to " << plan.follow_up_tasks
        << " checks add follow-up requests built from responses";
  out << "\n";
  // Which resources the checks of the server's machinery ask about (--depth).
  if (plan.depth == Depth::kRepresentative) {
    out << "Depth representative: " << plan.groups.size() << " groups of alike resources for "
        << grouped_resources(plan.groups)
        << " resources; the machinery checks ask each group's representative:\n";
    for (const auto& g : plan.groups)
      out << "  " << printable(masker.text(g.representative), 200) << " for " << g.resources.size()
          << " (" << printable(masker.text(g.alike), 200) << ")\n";
  }
}

std::optional<int> run_stop(const RunResult& run, const Score& score, const Masker& masker,
                            std::ostream& err) {
  // An aborted run explains any failed control, so it is reported first.
  if (!run.aborted.empty()) {
    err << "authspec run: " << (run.unreachable ? "" : "run aborted: ") << masker.text(run.aborted)
        << "\n";
    return kExitAborted;
  }
  // A positive control that failed because its answer could not be read is the target's
  // transfer problem, not a wrong profile.
  for (const auto& r : run.results) {
    if (r.check->level != Level::kPrerequisite || r.verdict.outcome != Outcome::kError) continue;
    for (const auto* ex : r.exchanges)
      if (!ex->ok()) {
        err << "authspec run: the target's answer to the positive control (CHAL-000) could not "
               "be read: "
            << masker.text(ex->error) << "\n";
        return kExitAborted;
      }
  }
  if (score.control_failed) {
    err << "authspec run: profile error: valid credentials or public resources do not behave as "
           "the profile says (CHAL-000); fix the profile\n";
    return kExitUsage;
  }
  return std::nullopt;
}

}  // namespace authspec
