#include "suite/plan.h"

#include <unordered_map>

namespace authspec {

RunPlan build_plan(const Profile& profile, const std::vector<const Check*>& checks) {
  RunPlan plan;
  std::unordered_map<std::string, std::size_t> index;
  auto add_task = [&](const Check* check, const Resource* resource) {
    Context ctx{profile, resource, nullptr};
    Task task{check, resource, check->plan(ctx), {}, {}};
    // A check with nothing to ask (no resource of this profile is one it tests) has nothing to
    // judge: a pass on no evidence would be a pass it cannot fail.
    if (task.plan.skip.empty() && task.plan.requests.empty() && !check->follow_up)
      task.plan.skip = "nothing to ask: the profile has no resource this check tests";
    if (task.plan.skip.empty()) {
      for (const auto& req : task.plan.requests) {
        auto [it, fresh] = index.emplace(req.key(), plan.requests.size());
        if (fresh) plan.requests.push_back(req);
        if (check->follow_up) plan.requests[it->second].feeds_follow_up = true;
        task.exchanges.push_back(it->second);
        task.steps.push_back(req.step);
      }
      if (check->follow_up) ++plan.follow_up_tasks;
    }
    plan.tasks.push_back(std::move(task));
  };
  for (const Check* check : checks) {
    if (check->scope == Scope::kRun) {
      add_task(check, nullptr);
      continue;
    }
    auto consider = [&](const Resource& r) {
      if (r.head_twin && !check->heads) return;
      if (check->applies && !check->applies(r)) return;
      add_task(check, &r);
    };
    for (const auto& r : profile.protected_resources) consider(r);
    if (check->scope == Scope::kAllResources)
      for (const auto& r : profile.public_resources) consider(r);
  }
  return plan;
}

}  // namespace authspec
