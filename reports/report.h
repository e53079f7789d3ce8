// Everything a report writer needs, and the masked views of exchanges they share.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "reports/json_report.h"
#include "suite/gating.h"
#include "suite/mask.h"
#include "suite/scoring.h"

namespace authspec {

struct ReportInput {
  const Profile& profile;
  const RunResult& run;
  const Score& score;
  const Gate& gate;
  const Masker& masker;
  std::vector<std::pair<std::string, std::string>> options;  // the run's options, for the record
  const Annotations* notes = nullptr;  // baseline and waiver marks, when given
};

// An exchange for people: the request head as sent and the response head and body, masked.
std::string exchange_text(const Exchange& ex, const Masker& masker, std::size_t body_limit = 2048);
nlohmann::json exchange_json(const Exchange& ex, const Masker& masker);

// The exchanges that show a verdict: those the check pointed at, else every one it asked for (a
// merged run's results know only the latter).
const std::vector<const Exchange*>& evidence(const Result& r);

// The response's header lines in wire order, masked (Set-Cookie values, the profile's secrets).
std::vector<std::pair<std::string, std::string>> received_headers(const Exchange& ex,
                                                                  const Masker& masker);
// The status line's reason phrase ("" when it has none).
std::string reason_phrase(const Response& r);

// The request's header lines as sent (masked), parsed from the head libcurl recorded.
std::vector<std::pair<std::string, std::string>> sent_headers(const Exchange& ex,
                                                              const Masker& masker);

// A curl command that sends the exchange's request again, as the run sent it: masked credentials
// become $AUTHSPEC_CREDENTIAL (exported by the reader; nothing secret is written), and an https
// target gets the run's TLS options (-k for the bundled mock or --insecure, --cacert FILE,
// --cert FILE --key FILE).
std::string curl_command(const Exchange& ex, const ReportInput& in);

// The first citable section of a spec reference as a URL ("" when it cites none): a link only,
// so opening a report fetches nothing.
std::string spec_link(const Check& check);

// Text made safe inside XML and HTML elements and attributes (& < > " ').
std::string escape_markup(const std::string& text);
// A Markdown table cell or list item: on one line (line breaks become spaces), pipes literal.
std::string markdown_cell(const std::string& text);
// The same for prose outside code spans, where text read off the wire must show as it is: < and >
// escaped (GitHub drops "Bearer <token>" as an HTML tag), and so is what Markdown would take for
// markup: * and ` always, _ where it may start or end emphasis (not inside a word:
// insufficient_scope stays readable), \ before punctuation, & before what may be an entity.
std::string markdown_prose(const std::string& text);

// "2026-11-27T21:29:29Z", or with milliseconds "2026-11-27T21:29:29.042Z".
std::string iso_time(std::chrono::system_clock::time_point t, bool millis = false);

// A duration in milliseconds, to the microsecond (exchange timings); a negative duration (a
// phase that did not happen) is -1, as HAR writes it.
double milliseconds(std::chrono::microseconds d);

// A URL as a valid URI (RFC 3986) for formats that require one (SARIF locations, HAR): bytes a
// URI does not allow, such as the brackets of "[masked]" or a raw space in a probed path, are
// percent-encoded; everything else, existing escapes included, is kept.
std::string uri_escape(const std::string& text);

// The JSON report (its layout and its reader: reports/json_report.h).
void write_json(const ReportInput& in, std::ostream& out);
// A summary for a CI job page: score, gate, a line per family, the failures with their fix.
void write_markdown(const ReportInput& in, std::ostream& out);
// SARIF 2.1.0 for code-scanning dashboards: a rule per check, a result per non-pass verdict.
void write_sarif(const ReportInput& in, std::ostream& out);
// One self-contained HTML file: score gauge, caps, coverage, families, a filterable table, and
// for each failure its requirement, spec link, fix, exchanges and a curl command.
void write_html(const ReportInput& in, std::ostream& out);
// HAR 1.2 of every exchange of the run (masked), for browser developer tools.
void write_har(const ReportInput& in, std::ostream& out);
void write_junit(const ReportInput& in, std::ostream& out);
// The console summary: failures with their remediation, a line per family, the score and gate.
// `verbose` (run -v): each failing check also shows a curl command that reproduces it.
void write_console(const ReportInput& in, std::ostream& out, bool color, bool verbose = false);

// Writes every format into `dir` (created if needed); returns the files written.
std::vector<std::string> write_report_dir(const ReportInput& in, const std::string& dir);

}  // namespace authspec
