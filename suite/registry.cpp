#include "suite/registry.h"

#include <fnmatch.h>

#include "suite/citations.h"

namespace authspec {

const std::vector<Check>& catalogue() {
  static const std::vector<Check> checks = [] {
    std::vector<Check> all;
    register_chal(all);
    register_stat(all);
    register_basic(all);
    register_digest(all);
    register_bearer(all);
    register_jwt(all);
    register_step(all);
    register_dpop(all);
    register_rate(all);
    register_deny(all);
    register_authz(all);
    register_authz_roles(all);
    register_byp(all);
    register_cors(all);
    register_cache(all);
    register_tls(all);
    register_proxy(all);
    register_sess(all);
    register_enum(all);
    register_apikey(all);
    register_oauth(all);
    register_desc(all);
    // A check's family is its ID's prefix (CHAL-001 is in CHAL): declared once, in the ID.
    for (auto& c : all) {
      c.family = c.id.substr(0, c.id.find('-'));
      c.refs = parse_spec_refs(c.spec);
    }
    attach_citations(all);
    return all;
  }();
  return checks;
}

namespace {
bool matches(const std::string& pattern, const Check& c) {
  const std::string p = to_lower(pattern);
  return fnmatch(p.c_str(), to_lower(c.id).c_str(), 0) == 0 ||
         fnmatch(p.c_str(), to_lower(c.family).c_str(), 0) == 0;
}
}  // namespace

std::vector<const Check*> select_checks(const std::vector<std::string>& only,
                                        const std::vector<std::string>& skip) {
  for (const auto* list : {&only, &skip})
    for (const auto& pattern : *list) {
      bool any = false;
      for (const auto& c : catalogue()) any = any || matches(pattern, c);
      if (!any)
        throw UsageError("no check or family matches \"" + pattern + "\" (see authspec list)");
    }
  std::vector<const Check*> out;
  for (const auto& c : catalogue()) {
    bool take = only.empty();
    for (const auto& p : only) take = take || matches(p, c);
    for (const auto& p : skip) take = take && !matches(p, c);
    if (c.level == Level::kPrerequisite) take = true;
    if (take) out.push_back(&c);
  }
  return out;
}

}  // namespace authspec
