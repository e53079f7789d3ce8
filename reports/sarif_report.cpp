#include <map>

#include "reports/report.h"
#include "reports/streamed_json.h"
#include "suite/jose.h"
#include "suite/registry.h"
#include "suite/version.h"

namespace authspec {
namespace {

using nlohmann::json;

// SARIF levels: a failed MUST is an error, a failed SHOULD a warning, best practice a note.
const char* sarif_level(const Check& c, Outcome o) {
  if (o == Outcome::kPass || o == Outcome::kError) return "none";
  if (o == Outcome::kWarn || c.level == Level::kBestPractice) return "note";
  return c.level == Level::kMust ? "error" : "warning";
}

const char* default_level(Level level) {
  return level == Level::kMust ? "error" : level == Level::kShould ? "warning" : "note";
}

// SARIF keeps headers as an object; repeated fields are combined as RFC 9110 §5.3 allows.
json header_object(const std::vector<std::pair<std::string, std::string>>& headers) {
  json out = json::object();
  for (const auto& [name, value] : headers) {
    const std::string key = printable(name, 256), text = printable(value, 2048);
    out[key] = out.contains(key) ? out[key].get<std::string>() + ", " + text : text;
  }
  return out;
}

// The exchange that proved a verdict, masked: result.webRequest and result.webResponse.
void attach_exchange(json& result, const Exchange& ex, const Masker& masker) {
  json request = {{"protocol", "http"},
                  {"version", "1.1"},
                  {"method", printable(ex.request.method, 64)},
                  {"target", printable(masker.text(ex.request.target), 2048)},
                  {"headers", header_object(sent_headers(ex, masker))}};
  if (!ex.request.body.empty())
    request["body"] = {{"text", printable(masker.text(ex.request.body), 4096)}};
  result["webRequest"] = request;
  if (!ex.ok()) {
    result["webResponse"] = {{"noResponseReceived", true},
                             {"properties", {{"error", printable(ex.error, 1024)}}}};
    return;
  }
  json response = {{"protocol", "http"},
                   {"version", "1.1"},
                   {"statusCode", ex.response.status},
                   {"reasonPhrase", printable(reason_phrase(ex.response), 256)},
                   {"headers", header_object(received_headers(ex, masker))}};
  if (!ex.response.body.empty())
    response["body"] = {{"text", printable(masker.text(*ex.response.body.text()), 4096)}};
  result["webResponse"] = response;
}

json rule_of(const Check& c) {
  json rule = {{"id", c.id},
               {"name", c.title},
               {"shortDescription", {{"text", c.title}}},
               {"fullDescription", {{"text", c.requirement}}},
               {"help",
                {{"text", c.remediation + " (" + c.spec + ")"},
                 {"markdown", "**Requirement** (" + c.spec + "): " + c.requirement +
                                  "\n\n**Fix:** " + c.remediation}}},
               {"defaultConfiguration", {{"level", default_level(c.level)}}},
               {"properties",
                {{"family", c.family},
                 {"level", level_name(c.level)},
                 {"spec", c.spec},
                 {"tags", json::array({"authentication", c.family})}}}};
  if (const std::string link = spec_link(c); !link.empty()) rule["helpUri"] = link;
  return rule;
}

}  // namespace

void write_sarif(const ReportInput& in, std::ostream& out) {
  json rules = json::array();
  std::map<std::string, int> rule_index;
  for (const auto& c : catalogue()) {
    rule_index[c.id] = static_cast<int>(rules.size());
    rules.push_back(rule_of(c));
  }
  const std::string target = in.profile.origin + in.profile.prefix;
  // Streamed, a result at a time (reports/streamed_json.h).
  const ElementSource results = [&](const auto& emit) {
    for (std::size_t i = 0; i < in.run.results.size(); ++i) {
      const auto& r = in.run.results[i];
      const Outcome o = r.verdict.outcome;
      if (o == Outcome::kSkip) continue;
      const std::string path = r.resource == "*" ? "" : r.resource.substr(r.resource.find(' ') + 1);
      json properties = {{"resource", in.masker.text(r.resource)},
                         {"verdict", outcome_name(o)},
                         {"security", r.verdict.security_breach}};
      json result = {{"ruleId", r.check->id},
                     {"ruleIndex", rule_index[r.check->id]},
                     {"kind", o == Outcome::kPass    ? "pass"
                              : o == Outcome::kError ? "review"
                                                     : "fail"},
                     {"level", sarif_level(*r.check, o)},
                     {"message", {{"text", printable(in.masker.text(r.verdict.message), 4096)}}},
                     {"locations",
                      json::array({{{"physicalLocation",
                                     {{"artifactLocation",
                                       {{"uri", uri_escape(in.masker.text(target + path))}}}}}}})}};
      // A run from an API description: the result is first located at the operation there (its
      // file, and its JSON pointer as the logical location), then at the URL.
      if (const DescribedOperation* op = in.profile.operation_of(r.resource)) {
        std::string file = in.profile.description->file, pointer = op->pointer;
        if (const auto hash = pointer.find('#'); hash > 0 && hash != std::string::npos) {
          // An operation in a sibling file: that file, beside the description.
          const auto slash = file.find_last_of('/');
          const std::string sibling = pointer.substr(0, hash);
          file = sibling.find("://") != std::string::npos
                     ? sibling
                     : (slash == std::string::npos ? "" : file.substr(0, slash + 1)) + sibling;
          pointer = pointer.substr(hash);
        }
        json at_operation = {
            {"physicalLocation", {{"artifactLocation", {{"uri", uri_escape(file)}}}}},
            {"logicalLocations", json::array({{{"name", op->name()},
                                               {"fullyQualifiedName", file + pointer},
                                               {"kind", "member"}}})},
            {"message", {{"text", op->label() + " at " + pointer}}}};
        result["locations"].insert(result["locations"].begin(), at_operation);
        properties["operation"] = op->name();
        properties["operationPointer"] = pointer;
      }
      // The same check on the same resource of the same target is the same result from run to run:
      // dashboards track it by this, instead of opening a new alert each time.
      result["partialFingerprints"] = {
          {"authspecResult/v1",
           jwt::sha256_b64url(r.check->id + "\n" + r.resource + "\n" + target)}};
      if (o != Outcome::kPass) {
        if (!evidence(r).empty()) attach_exchange(result, *evidence(r).front(), in.masker);
      }
      if (in.notes) {
        // Baseline marks map onto SARIF's baselineState; "fixed" (now passing) has no SARIF name.
        const std::string& mark = in.notes->baseline[i];
        if (mark == "new" || mark == "unchanged") result["baselineState"] = mark;
        if (!mark.empty()) properties["baseline"] = mark;
        // A live waiver is an accepted external suppression, which dashboards hide.
        if (in.notes->waiver[i] == "waived")
          result["suppressions"] = json::array(
              {{{"kind", "external"},
                {"status", "accepted"},
                {"justification", printable(in.masker.text(in.notes->waiver_reason[i]), 1024)}}});
        if (!in.notes->waiver[i].empty()) properties["waiver"] = in.notes->waiver[i];
      }
      result["properties"] = properties;
      emit(result);
    }
  };
  json invocation = {{"executionSuccessful", in.run.aborted.empty()},
                     {"startTimeUtc", iso_time(in.run.started)}};
  if (in.notes)
    for (const auto& stale : in.notes->stale_waivers)
      invocation["toolConfigurationNotifications"].push_back(
          {{"level", "warning"},
           {"message", {{"text", "stale waiver: " + printable(in.masker.text(stale), 1024)}}}});
  if (!in.run.aborted.empty())
    invocation["toolExecutionNotifications"] = json::array(
        {{{"level", "error"},
          {"message", {{"text", "run aborted: " + printable(in.masker.text(in.run.aborted))}}}}});
  json sarif = {{"$schema",
                 "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                 "sarif-schema-2.1.0.json"},
                {"version", "2.1.0"},
                {"runs", json::array({{{"tool",
                                        {{"driver",
                                          {{"name", "authspec"},
                                           {"version", kVersion},
                                           {"semanticVersion", kVersion},
                                           {"rules", rules}}}}},
                                       {"invocations", json::array({invocation})},
                                       {"results", streamed_array(0)},
                                       {"properties",
                                        {{"score", in.score.score},
                                         {"grade", in.score.grade},
                                         {"gatePassed", in.gate.passed}}}}})}};
  write_streamed_json(out, sarif, {results});
}

}  // namespace authspec
