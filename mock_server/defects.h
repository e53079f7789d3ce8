// The mock's named defects: each switches on one well-known server bug, so a check can be shown to
// catch the defect it is written for.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace authspec::mock {

struct Defect {
  std::string name;
  std::string breaks;  // one line: what the defect does
};

const std::vector<Defect>& all_defects();
bool is_defect(const std::string& name);

class Defects {
 public:
  Defects() = default;
  // Throws std::invalid_argument naming the unknown defect.
  explicit Defects(const std::vector<std::string>& names);
  bool has(const char* name) const { return on_.count(name) > 0; }
  const std::set<std::string>& names() const { return on_; }

 private:
  std::set<std::string> on_;
};

}  // namespace authspec::mock
