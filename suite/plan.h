// The plan: which check judges which resource, and every distinct request that must be sent.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "suite/check.h"

namespace authspec {

// One row of the results: a check applied to one resource (or to the whole run).
struct Task {
  const Check* check;
  const Resource* resource;  // null for run-wide checks
  Plan plan;
  // Indices into the run's exchanges, in request order. First-step exchanges share the index of
  // their request in RunPlan::requests; follow-up exchanges are appended after them.
  std::vector<std::size_t> exchanges;
  std::vector<std::string> steps;  // the check's name for each of them (Request::step)
  std::string resource_label() const { return resource ? resource->label() : "*"; }
};

// How many resources the machinery checks (Check::machinery) run on: one representative of each
// group of alike resources (same schemes, same role-matrix identities, same method class, same
// protected content), or every resource. The checks whose verdict depends on the resource
// (missing and wrong credentials, the role matrix, caching, that resource's own bypasses) run on
// every resource either way.
enum class Depth { kRepresentative, kFull };
const char* depth_name(Depth depth);  // "representative", "full"

// One group of alike resources: the machinery checks ran on `representative` for all of them.
struct DepthGroup {
  std::string alike;                   // what they share, for reports: "basic; safe method; ..."
  std::string representative;          // a resource label
  std::vector<std::string> resources;  // every member's label, the representative first
};

// How many resources the groups hold together (every resource, HEAD twins aside).
std::size_t grouped_resources(const std::vector<DepthGroup>& groups);

struct RunPlan {
  Depth depth = Depth::kFull;
  std::vector<DepthGroup> groups;  // kRepresentative: every resource in exactly one group
  std::vector<Task> tasks;
  std::vector<Request> requests;    // distinct first-step requests, in first-use order
  std::size_t follow_up_tasks = 0;  // tasks that may add requests built from responses
};

RunPlan build_plan(const Profile& profile, const std::vector<const Check*>& checks,
                   Depth depth = Depth::kFull);

}  // namespace authspec
