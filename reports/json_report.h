// The JSON report's one owner: the layout authspec writes (write_json, report.h) and how every
// command that reads a report back (run --baseline, merge, diff) reads it. A report is checked
// once, here, against what those readers use: a damaged or foreign file is one clear error, never
// an exception from the middle of a command. tests/validators/authspec-report.schema.json states
// the same layout as a JSON Schema.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "suite/plan.h"

namespace authspec {

// The layout's version. 2: exchanges are listed once at the top level (each with an "id") and
// results refer to them by "exchange_ids"; 1 (no "report_format" key) embedded them in each result
// as "exchanges". Both are read.
inline constexpr int kJsonReportFormat = 2;

struct JsonReportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One result as read back; absent members are empty.
struct ReportedResult {
  std::string check, family, level, title, resource, verdict, message;
  bool security = false;
  std::string baseline, waiver, waiver_reason;
  std::vector<std::size_t> exchanges;  // indexes into JsonReport::exchanges
};

struct JsonReport {
  nlohmann::json document;  // the whole report (summary, coverage, options), checked
  std::vector<ReportedResult> results;
  std::vector<nlohmann::json> exchanges;  // each exchange once, without its report-local "id"
  // Which resources the machinery checks ran on ("depth"; absent before issue 17): the mode and,
  // at the representative depth, the groups of alike resources.
  std::optional<Depth> depth;
  std::vector<DepthGroup> groups;

  // A member of "options" ("" when absent), of "summary", of "coverage".
  std::string option(const std::string& key) const;
  const nlohmann::json& summary() const { return document["summary"]; }
  const nlohmann::json& coverage() const { return document["coverage"]; }
};

// Reads and checks a report written by authspec (either format). Throws JsonReportError, "<path>:
// <what is wrong>" (unreadable, not JSON, not a report, a member of the wrong type).
JsonReport read_json_report(const std::string& path);
// The same checks, keeping only what comparing verdicts needs (--baseline, diff): each result's
// ReportedResult members; the exchanges are checked one at a time as they are read and not kept
// (`exchanges` and each result's are empty). A whole API's report is 100 MB of JSON: read whole,
// it costs several times that in memory.
JsonReport read_json_report_verdicts(const std::string& path);
// The same, for a report of the second format (its exchanges listed once), handing each exchange
// of that list to `each_exchange` as it is read and checked (the n-th call is the exchange with id
// n), and keeping each result's exchange ids: `authspec merge` turns each into its record as it
// comes, without the report's JSON ever being whole in memory.
JsonReport read_json_report_streamed(
    const std::string& path, const std::function<void(const nlohmann::json&)>& each_exchange);
// The same checks on a document already parsed; messages name `name`.
JsonReport parse_json_report(nlohmann::json document, const std::string& name);

}  // namespace authspec
