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

struct RunPlan {
  std::vector<Task> tasks;
  std::vector<Request> requests;    // distinct first-step requests, in first-use order
  std::size_t follow_up_tasks = 0;  // tasks that may add requests built from responses
};

RunPlan build_plan(const Profile& profile, const std::vector<const Check*>& checks);

}  // namespace authspec
