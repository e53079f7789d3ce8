#include "mock_server/defects.h"

#include <stdexcept>

namespace authspec::mock {

const std::vector<DefectInfo>& all_defects() {
  static const std::vector<DefectInfo> defects = {
#define DEFECT(id, name, breaks) {Defect::id, name, breaks},
#include "mock_server/defect_table.inc"
#undef DEFECT
  };
  return defects;
}

bool is_defect(const std::string& name) {
  for (const auto& d : all_defects())
    if (d.name == name) return true;
  return false;
}

Defects::Defects(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    bool known = false;
    for (const auto& d : all_defects())
      if (d.name == n) {
        on_.set(static_cast<std::size_t>(d.id));
        known = true;
      }
    if (!known) throw std::invalid_argument("unknown defect \"" + n + "\" (see --list-defects)");
  }
}

std::set<std::string> Defects::names() const {
  std::set<std::string> out;
  for (const auto& d : all_defects())
    if (has(d.id)) out.insert(d.name);
  return out;
}

}  // namespace authspec::mock
