// The mock's named defects: each switches on one well-known server bug, so a check can be shown to
// catch the defect it is written for. They are declared once, in defect_table.inc.
#pragma once

#include <bitset>
#include <set>
#include <string>
#include <vector>

namespace authspec::mock {

enum class Defect {
#define DEFECT(id, name, breaks) id,
#include "mock_server/defect_table.inc"
#undef DEFECT
  kCount
};

struct DefectInfo {
  Defect id;
  const char* name;
  const char* breaks;  // one line: what the defect does
};

// Every defect, in the table's order.
const std::vector<DefectInfo>& all_defects();
bool is_defect(const std::string& name);

class Defects {
 public:
  Defects() = default;
  // Throws std::invalid_argument naming the unknown defect.
  explicit Defects(const std::vector<std::string>& names);
  bool has(Defect d) const { return on_.test(static_cast<std::size_t>(d)); }
  // The names of the defects switched on, sorted.
  std::set<std::string> names() const;

 private:
  std::bitset<static_cast<std::size_t>(Defect::kCount)> on_;
};

}  // namespace authspec::mock
