#include "suite/plan.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace authspec {
namespace {

bool safe_method(const std::string& m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

// Resources a profile section names for a check of its own (a rate-limited resource, the Digest
// resource, the [low] identity's...): each is its own group, so the checks that test it on that
// resource only are never left out by the economy.
std::unordered_set<std::string> named_by_sections(const Profile& p) {
  std::unordered_set<std::string> out;
  auto add = [&](const std::optional<Resource>& r) {
    if (r) out.insert(r->label());
  };
  if (p.low) out.insert(p.low->resource.label());
  if (p.step) out.insert(p.step->resource.label());
  if (p.dpop) {
    out.insert(p.dpop->resource.label());
    add(p.dpop->nonce_resource);
  }
  for (const auto* list : {&p.deny_resources, &p.internal_resources})
    for (const auto& r : *list) out.insert(r.label());
  if (p.rate) {
    add(p.rate->resource);
    add(p.rate->login_resource);
    add(p.rate->concurrency_resource);
  }
  if (p.session) {
    out.insert(p.session->resource.label());
    add(p.session->anonymous);
  }
  if (p.digest) out.insert(p.digest->resource.label());
  add(p.enumeration.resource);
  if (p.proxy) add(p.proxy->resource);
  if (p.apikey) {
    for (const auto& r : p.apikey->resources) out.insert(r.label());
    add(p.apikey->foreign_object);
  }
  return out;
}

// What makes resources alike for the machinery checks, in words (also the group's key).
std::string alike_key(const Profile& p, const Resource& r,
                      const std::unordered_set<std::string>& named) {
  if (named.count(r.label())) return "named in a profile section: " + r.label();
  std::vector<std::string> schemes = r.schemes;
  std::sort(schemes.begin(), schemes.end());
  std::string key;
  for (const auto& s : schemes) key += (key.empty() ? "" : "+") + scheme_display_name(s);
  if (r.is_public) key = "public";
  if (key.empty()) key = "no scheme";
  key += safe_method(r.method) ? "; safe method" : "; state-changing method";
  std::string roles;
  const std::string label = r.label();
  for (const auto& id : p.identities) {
    auto lists = [&](const std::vector<Resource>& rs) {
      return std::any_of(rs.begin(), rs.end(),
                         [&](const Resource& x) { return x.label() == label; });
    };
    const char* how = lists(id.may) ? " may" : lists(id.refused) ? " refused" : "";
    if (*how) roles += (roles.empty() ? "" : ", ") + id.name + how;
  }
  if (!roles.empty()) key += "; identities: " + roles;
  return key;
}

}  // namespace

std::size_t grouped_resources(const std::vector<DepthGroup>& groups) {
  std::size_t n = 0;
  for (const auto& g : groups) n += g.resources.size();
  return n;
}

const char* depth_name(Depth depth) {
  return depth == Depth::kFull ? "full" : "representative";
}

RunPlan build_plan(const Profile& profile, const std::vector<const Check*>& checks, Depth depth) {
  RunPlan plan;
  plan.depth = depth;
  // The groups of alike resources (HEAD twins follow their GET), when the machinery checks run
  // on one member of each.
  std::vector<std::vector<const Resource*>> members;
  std::unordered_map<std::string, const Resource*> head_twin_of;  // GET label -> its HEAD twin
  std::unordered_set<const Resource*> twins_of_representatives;
  if (depth == Depth::kRepresentative) {
    const auto named = named_by_sections(profile);
    std::unordered_map<std::string, std::size_t> group_of;  // key -> index in plan.groups
    for (const auto* list : {&profile.protected_resources, &profile.public_resources})
      for (const auto& r : *list) {
        if (r.head_twin) {
          head_twin_of["GET " + r.path] = &r;
          continue;
        }
        const std::string key = alike_key(profile, r, named);
        auto [it, fresh] = group_of.emplace(key, plan.groups.size());
        if (fresh) {
          plan.groups.push_back(DepthGroup{key, r.label(), {}});
          members.emplace_back();
        }
        plan.groups[it->second].resources.push_back(r.label());
        members[it->second].push_back(&r);
      }
  }
  for (const auto& g : plan.groups)
    if (const auto twin = head_twin_of.find(g.representative); twin != head_twin_of.end())
      twins_of_representatives.insert(twin->second);
  std::unordered_map<std::string, std::size_t> index;
  // What a run-wide check of the machinery asks about at the representative depth.
  std::unordered_set<const Resource*> sampled;
  for (const auto& group : members) sampled.insert(group.front());
  for (const Resource* twin : twins_of_representatives) sampled.insert(twin);
  auto add_task = [&](const Check* check, const Resource* resource) {
    Context ctx{profile, resource, nullptr};
    if (!resource && check->machinery && depth == Depth::kRepresentative) ctx.sampled = &sampled;
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
    const bool representatives_only = depth == Depth::kRepresentative && check->machinery;
    // Each group's representative for this check: its first member the check applies to.
    std::unordered_set<const Resource*> chosen;
    if (representatives_only)
      for (const auto& group : members)
        for (const Resource* r : group)
          if (!check->applies || check->applies(*r)) {
            chosen.insert(r);
            if (const auto twin = head_twin_of.find(r->label()); twin != head_twin_of.end())
              chosen.insert(twin->second);
            break;
          }
    auto consider = [&](const Resource& r) {
      if (r.head_twin && !check->heads) return;
      // A HEAD twin repeats its GET's questions with HEAD: at the representative depth only the
      // representatives' twins do (CHAL-014 still asks every GET resource's HEAD, without and
      // with credentials, so HEAD is compared with GET everywhere).
      if (r.head_twin && depth == Depth::kRepresentative && !twins_of_representatives.count(&r))
        return;
      if (check->applies && !check->applies(r)) return;
      if (representatives_only && !chosen.count(&r)) return;
      add_task(check, &r);
    };
    for (const auto& r : profile.protected_resources) consider(r);
    if (check->scope == Scope::kAllResources)
      for (const auto& r : profile.public_resources) consider(r);
  }
  return plan;
}

}  // namespace authspec
