#include "suite/described_operations.h"

#include <algorithm>
#include <cstdint>

namespace authspec {
namespace {

// Does a request path match a described path template, segment by segment ("{id}" any one)?
bool matches_template(const std::string& path, const std::string& templ) {
  const std::string p = path.substr(0, path.find('?'));
  std::size_t i = 0, j = 0;
  while (i <= p.size() && j <= templ.size()) {
    const std::size_t pe = std::min(p.find('/', i), p.size());
    const std::size_t te = std::min(templ.find('/', j), templ.size());
    const std::string ps = p.substr(i, pe - i), ts = templ.substr(j, te - j);
    const bool parameter = ts.size() > 2 && ts.front() == '{' && ts.back() == '}';
    if (parameter ? ps.empty() : ps != ts) return false;
    if ((pe == p.size()) != (te == templ.size())) return false;
    if (pe == p.size()) return true;
    i = pe + 1;
    j = te + 1;
  }
  return false;
}

}  // namespace

const DescribedOperation* match_operation(const DescriptionSettings& d, const std::string& label) {
  const auto space = label.find(' ');
  if (space == std::string::npos) return nullptr;
  std::string method = label.substr(0, space);
  if (method == "HEAD") method = "GET";
  const std::string path = label.substr(space + 1);
  for (const auto& op : d.operations)
    if (op.method == method && op.path_template == path) return &op;
  for (const auto& op : d.operations)
    if (op.method == method && matches_template(path, op.path_template)) return &op;
  return nullptr;
}

void index_operations(DescriptionSettings& d, const std::vector<std::string>& labels) {
  d.by_label.clear();
  for (const auto& label : labels) {
    if (d.by_label.count(label)) continue;
    const DescribedOperation* op = match_operation(d, label);
    d.by_label.emplace(label, op ? static_cast<std::size_t>(op - d.operations.data()) : SIZE_MAX);
  }
}

}  // namespace authspec
