#include "suite/gating.h"

#include <fnmatch.h>

#include <fstream>
#include <map>
#include <regex>
#include <stdexcept>

namespace authspec {
namespace {

bool failing_verdict(const std::string& v) {
  return v == "fail" || v == "warn" || v == "error";
}

}  // namespace

bool is_failure(Outcome o) {
  return o == Outcome::kFail || o == Outcome::kWarn || o == Outcome::kError;
}

std::vector<Waiver> load_waivers(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read the waivers file");
  std::vector<Waiver> out;
  std::string line;
  static const std::regex date("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), id("^[A-Z]+-[0-9]{3}$");
  for (int no = 1; std::getline(in, line); ++no) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::vector<std::string> fields;
    for (const auto& field : split(t, " | ")) fields.push_back(trim(field));
    auto fail = [&](const std::string& why) {
      throw std::runtime_error(path + ":" + std::to_string(no) + ": " + why);
    };
    if (fields.size() != 4) fail("expected \"CHECK-ID | RESOURCE-GLOB | YYYY-MM-DD | reason\"");
    Waiver w{fields[0], fields[1], fields[2], fields[3], no};
    if (!std::regex_match(w.check, id)) fail("\"" + w.check + "\" is not a check ID");
    if (!std::regex_match(w.expires, date)) fail("the expiry must be a date, YYYY-MM-DD");
    if (w.reason.empty()) fail("a waiver needs a reason");
    out.push_back(w);
  }
  return out;
}

bool Annotations::gates(std::size_t i) const {
  if (i < waiver.size() && waiver[i] == "waiver expired") return true;  // whatever the baseline
  if (i < waiver.size() && waiver[i] == "waived") return false;
  if (i < baseline.size() && baseline[i] == "unchanged") return false;
  return true;
}

Annotations annotate(const RunResult& run, const std::optional<BaselineVerdicts>& baseline,
                     const std::vector<Waiver>& waivers, const std::string& today) {
  Annotations a;
  a.baseline.assign(run.results.size(), "");
  a.waiver.assign(run.results.size(), "");
  a.waiver_reason.assign(run.results.size(), "");
  if (baseline) {
    const BaselineVerdicts& before = *baseline;
    std::map<std::string, bool> seen;
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      const auto& r = run.results[i];
      const std::string key = r.check->id + " " + r.resource;
      const auto it = before.find(key);
      const bool was = it != before.end() && failing_verdict(it->second);
      const bool is = is_failure(r.verdict.outcome);
      seen[key] = true;
      a.baseline[i] = is ? (was ? "unchanged" : "new") : (was ? "fixed" : "");
    }
    for (const auto& [key, verdict] : before)
      if (failing_verdict(verdict) && !seen.count(key)) a.gone.push_back(key);
  }
  std::vector<bool> used(waivers.size(), false);
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const auto& r = run.results[i];
    if (!is_failure(r.verdict.outcome)) continue;
    for (std::size_t w = 0; w < waivers.size(); ++w) {
      if (waivers[w].check != r.check->id ||
          fnmatch(waivers[w].resource.c_str(), r.resource.c_str(), 0) != 0)
        continue;
      used[w] = true;
      a.waiver[i] = waivers[w].expires >= today ? "waived" : "waiver expired";
      a.waiver_reason[i] =
          waivers[w].policy ? waivers[w].reason
                            : (a.waiver[i] == "waived" ? "waived until " : "waiver expired on ") +
                                  waivers[w].expires + ": " + waivers[w].reason;
      break;
    }
  }
  for (std::size_t w = 0; w < waivers.size(); ++w)
    if (!used[w] && !waivers[w].policy)
      a.stale_waivers.push_back("line " + std::to_string(waivers[w].line) + ": " +
                                waivers[w].check + " | " + waivers[w].resource +
                                " no longer fails (" + waivers[w].reason + ")");
  return a;
}

}  // namespace authspec
