#include <map>

#include "reports/report.h"
#include "suite/registry.h"
#include "suite/version.h"

namespace authspec {
namespace {

// SARIF levels: a failed MUST is an error, a failed SHOULD a warning, best practice a note.
const char* sarif_level(const Check& c, Outcome o) {
  if (o == Outcome::kPass || o == Outcome::kError) return "none";
  if (o == Outcome::kWarn || c.level == Level::kBestPractice) return "note";
  return c.level == Level::kMust ? "error" : "warning";
}

}  // namespace

void write_sarif(const ReportInput& in, std::ostream& out) {
  using nlohmann::json;
  json rules = json::array();
  std::map<std::string, int> rule_index;
  for (const auto& c : catalogue()) {
    rule_index[c.id] = static_cast<int>(rules.size());
    rules.push_back({{"id", c.id},
                     {"name", c.title},
                     {"shortDescription", {{"text", c.title}}},
                     {"fullDescription", {{"text", c.requirement}}},
                     {"help", {{"text", c.remediation + " (" + c.spec + ")"}}},
                     {"defaultConfiguration",
                      {{"level", c.level == Level::kMust     ? "error"
                                 : c.level == Level::kShould ? "warning"
                                                             : "note"}}},
                     {"properties",
                      {{"family", c.family},
                       {"level", level_name(c.level)},
                       {"spec", c.spec},
                       {"tags", json::array({"authentication", c.family})}}}});
  }
  const std::string target = in.profile.origin + in.profile.prefix;
  json results = json::array();
  for (const auto& r : in.run.results) {
    const Outcome o = r.verdict.outcome;
    if (o == Outcome::kSkip) continue;
    const std::string path = r.resource == "*" ? "" : r.resource.substr(r.resource.find(' ') + 1);
    json result = {
        {"ruleId", r.check->id},
        {"ruleIndex", rule_index[r.check->id]},
        {"kind", o == Outcome::kPass    ? "pass"
                 : o == Outcome::kError ? "review"
                                        : "fail"},
        {"level", sarif_level(*r.check, o)},
        {"message", {{"text", printable(in.masker.text(r.verdict.message), 4096)}}},
        {"locations",
         json::array({{{"physicalLocation",
                        {{"artifactLocation", {{"uri", in.masker.text(target + path)}}}}}}})},
        {"properties",
         {{"resource", r.resource},
          {"verdict", outcome_name(o)},
          {"security", r.verdict.security_breach}}}};
    results.push_back(result);
  }
  json sarif = {
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       json::array({{{"tool",
                      {{"driver",
                        {{"name", "authspec"},
                         {"version", kVersion},
                         {"semanticVersion", kVersion},
                         {"rules", rules}}}}},
                     {"invocations", json::array({{{"executionSuccessful", in.run.aborted.empty()},
                                                   {"startTimeUtc", iso_time(in.run.started)}}})},
                     {"results", results},
                     {"properties",
                      {{"score", in.score.score},
                       {"grade", in.score.grade},
                       {"gatePassed", in.gate.passed}}}}})}};
  out << sarif.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace authspec
