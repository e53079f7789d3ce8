#include "tests/support/judge_cases.h"

#include <map>
#include <memory>

#include "suite/mock_profile.h"
#include "suite/registry.h"
#include "tests/support/exchange_json.h"

namespace authspec::test {
namespace {

// The embedded mock's profile with that run's addresses, as the run loaded it (cached: a replay
// takes microseconds, a profile load does not).
const Profile& profile_for(const JudgeCase& c) {
  static std::map<std::string, std::unique_ptr<Profile>> cache;
  const std::string key = c.origin + " " + c.http_url + " " + c.proxy_url;
  auto& slot = cache[key];
  if (!slot) {
    ProfileOverrides o;
    o.base_url = c.origin;
    if (!c.http_url.empty()) o.http_url = c.http_url;
    if (!c.proxy_url.empty()) o.proxy_url = c.proxy_url;
    slot = std::make_unique<Profile>(
        load_profile_text(kMockProfile, "mock.ini", o, mock_fixture_file));
    slot->bundled_mock = true;
    slot->allow_bursts = true;
  }
  return *slot;
}

const Check& check_named(const std::string& id) {
  for (const auto& c : catalogue())
    if (c.id == id) return c;
  throw std::invalid_argument("no check " + id);
}

}  // namespace

nlohmann::json case_to_json(const JudgeCase& c) {
  nlohmann::json mine = nlohmann::json::array(), extra = nlohmann::json::array();
  for (const auto& ex : c.mine) mine.push_back(exchange_to_json(ex));
  for (const auto& ex : c.extra) extra.push_back(exchange_to_json(ex));
  nlohmann::json controls = nlohmann::json::object();
  for (const auto& [resource, schemes] : c.controls)
    for (const auto& [scheme, ok] : schemes) controls[resource][scheme] = ok;
  return {{"check", c.check},       {"resource", c.resource},
          {"run", c.run},           {"expect", c.expect},
          {"message", c.message},   {"planned", c.planned},
          {"steps", c.steps},       {"origin", c.origin},
          {"http_url", c.http_url}, {"proxy_url", c.proxy_url},
          {"controls", controls},   {"mine", mine},
          {"extra", extra},         {"all", c.all}};
}

JudgeCase case_from_json(const nlohmann::json& j) {
  JudgeCase c;
  c.check = j["check"];
  c.resource = j["resource"];
  c.run = j["run"];
  c.expect = j["expect"];
  c.message = j["message"];
  c.planned = j["planned"];
  c.steps = j["steps"].get<std::vector<std::string>>();
  c.origin = j["origin"];
  c.http_url = j["http_url"];
  c.proxy_url = j["proxy_url"];
  for (const auto& [resource, schemes] : j["controls"].items())
    for (const auto& [scheme, ok] : schemes.items()) c.controls[resource][scheme] = ok;
  for (const auto& ex : j["mine"]) c.mine.push_back(exchange_from_json(ex));
  for (const auto& ex : j["extra"]) c.extra.push_back(exchange_from_json(ex));
  c.all = j["all"].get<std::vector<std::string>>();
  return c;
}

Verdict replay(const JudgeCase& c) {
  const Profile& profile = profile_for(c);
  const Check& check = check_named(c.check);
  const Resource* resource = nullptr;
  if (c.resource != "*") {
    for (const auto* list : {&profile.protected_resources, &profile.public_resources})
      for (const auto& r : *list)
        if (r.label() == c.resource) resource = &r;
    if (!resource) throw std::invalid_argument(c.check + ": no resource " + c.resource);
  }
  Evidence ev;
  for (const auto& ex : c.mine) ev.mine.push_back(&ex);
  ev.steps = c.steps;
  std::vector<const Exchange*> all;
  for (const auto& ref : c.all) {
    const auto& from = ref[0] == 'm' ? c.mine : c.extra;
    all.push_back(&from.at(std::stoul(ref.substr(1))));
  }
  ev.all = all;
  // The runner's index of the run by the resource's target, for the checks that read it.
  std::vector<const Exchange*> at_resource;
  if (check.reads_whole_run && resource)
    for (const auto* ex : all)
      if (ex->request.target == profile.target(*resource)) at_resource.push_back(ex);
  ev.at_resource = at_resource;
  Context ctx{profile, resource, &c.controls};
  return decide(check, ctx, ev, c.planned);
}

}  // namespace authspec::test
