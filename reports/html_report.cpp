// The HTML report: one self-contained file (CSS, JavaScript and the score gauge inline, nothing
// fetched from anywhere), readable offline and printable.
#include <cmath>
#include <map>
#include <sstream>

#include "reports/report.h"
#include "suite/role_matrix.h"
#include "suite/version.h"

namespace authspec {
namespace {

std::string html(const std::string& s) {
  return escape_markup(s);
}

}  // namespace

std::string spec_link(const Check& check) {
  for (const auto& ref : check.refs)
    if (const std::string url = ref.url(); !url.empty()) return url;
  return "";
}

namespace {

// The score as a ring: the arc is the score, its colour the grade.
std::string gauge(int score, const std::string& grade) {
  const double r = 52, circumference = 2 * M_PI * r;
  const double filled = circumference * std::max(0, std::min(100, score)) / 100.0;
  const char* colour = grade[0] == 'A' ? "#1a7f37" : grade[0] == 'B' ? "#9a6700" : "#cf222e";
  std::ostringstream s;
  s << "<svg class=\"gauge\" viewBox=\"0 0 120 120\" role=\"img\" aria-label=\"score " << score
    << ", grade " << html(grade) << "\"><circle cx=\"60\" cy=\"60\" r=\"52\" fill=\"none\" "
    << "stroke=\"#d0d7de\" stroke-width=\"12\"/><circle cx=\"60\" cy=\"60\" r=\"52\" fill=\"none\" "
    << "stroke=\"" << colour << "\" stroke-width=\"12\" stroke-dasharray=\"" << filled << " "
    << circumference << "\" transform=\"rotate(-90 60 60)\"/><text x=\"60\" y=\"58\" "
    << "text-anchor=\"middle\" font-size=\"30\" font-weight=\"bold\" id=\"score\">" << score
    << "</text><text x=\"60\" y=\"84\" text-anchor=\"middle\" font-size=\"18\" id=\"grade\">"
    << html(grade) << "</text></svg>";
  return s.str();
}

const char* kStyle = R"(body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328}
h1{font-size:22px;margin:0 0 4px}header{display:flex;gap:24px;align-items:center}
.gauge{width:130px;height:130px}.muted{color:#59636e}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:4px 6px;text-align:left;vertical-align:top}
.bar{display:flex;height:12px;width:320px;background:#eee}.bar span{display:block;height:12px}
.pass{background:#1a7f37}.fail{background:#cf222e}.warn{background:#bf8700}.skip{background:#8c959f}
.error{background:#8250df}.v{color:#fff;border-radius:3px;padding:0 5px;font-size:12px}
pre{background:#f6f8fa;padding:8px;overflow:auto;white-space:pre-wrap;word-break:break-all}
details{margin:2px 0}#filters{margin:12px 0;display:flex;gap:8px;flex-wrap:wrap}
@media print{#filters{display:none}details{break-inside:avoid}})";

// Filtering by verdict, family and level, and a search box; no library, no network. Printing
// opens every failure's details (and closes them again after), so paper shows the evidence.
const char* kScript = R"(function applyFilters(){
var v=document.getElementById('f-verdict').value,f=document.getElementById('f-family').value,
l=document.getElementById('f-level').value,q=document.getElementById('f-search').value.toLowerCase();
var rows=document.querySelectorAll('tr.result'),shown=0,inGroup={};
for(var i=0;i<rows.length;i++){var r=rows[i];var ok=(!v||r.dataset.verdict===v)&&
(!f||r.dataset.family===f)&&(!l||r.dataset.level===l)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
r.style.display=ok?'':'none';if(ok){shown++;if(r.dataset.group)inGroup[r.dataset.group]=1;}}
var groups=document.querySelectorAll('details.check');
for(var j=0;j<groups.length;j++)groups[j].style.display=inGroup[groups[j].id.slice(6)]?'':'none';
document.getElementById('shown').textContent=shown;}
var opened=[];
window.addEventListener('beforeprint',function(){
document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});});
window.addEventListener('afterprint',function(){opened.forEach(function(d){d.open=false;});opened=[];});
document.addEventListener('DOMContentLoaded',function(){
['f-verdict','f-family','f-level','f-search'].forEach(function(id){
document.getElementById(id).addEventListener('input',applyFilters);});applyFilters();});)";

}  // namespace

std::string escape_markup(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// The role matrix as a grid: a row per identity (and anonymous), a column per resource, each
// cell the status it got, coloured by its verdict, with what was expected in its tooltip.
void write_role_matrix(const ReportInput& in, std::ostream& out) {
  const RoleMatrix m = role_matrix(in.profile, in.run);
  if (m.empty()) return;
  out << "<h2>Role matrix</h2><table class=\"matrix\"><tr><th>identity</th>";
  for (const auto& r : m.resources) out << "<th>" << html(in.masker.text(r)) << "</th>";
  out << "</tr>";
  for (const auto& id : m.identities) {
    out << "<tr><td>" << (id.empty() ? "<i>anonymous</i>" : html(id)) << "</td>";
    for (const auto& r : m.resources) {
      const MatrixCell* c = find_cell(m, id, r);
      if (!c) {
        out << "<td class=\"muted\">-</td>";
        continue;
      }
      const std::string tip =
          std::string(expect_name(c->expect)) + ": " +
          (c->judgement.problem.empty() ? "as expected" : in.masker.text(c->judgement.problem));
      out << "<td><span class=\"v " << cell_verdict(*c) << "\" title=\"" << html(tip) << "\">"
          << html(cell_text(*c)) << " " << expect_name(c->expect) << "</span></td>";
    }
    out << "</tr>";
  }
  out << "</table>\n";
}

// Above this many resources the results are grouped by check (write_check_group).
constexpr std::size_t kGroupedAbove = 20;

// What an exchange got back, in one line: its status line, or why there was none.
std::string received(const Exchange& ex, std::size_t limit) {
  return ex.ok() ? printable(ex.response.status_line, 256)
                 : "no response: " + printable(ex.error, limit);
}

// A check's rule, spec links and fix.
void write_rule_spec_fix(const Check& k, std::ostream& out) {
  out << "<p><b>Rule</b> (" << level_name(k.level) << "): <q>" << html(cited_rule(k)) << "</q></p>";
  // Each section its own link (k.refs: the spec text, structured).
  out << "<p><b>Spec:</b> ";
  for (std::size_t r = 0; r < k.refs.size(); ++r) {
    const std::string url = k.refs[r].url(), text = html(k.refs[r].text());
    out << (r ? "; " : "")
        << (url.empty() ? text : "<a href=\"" + html(url) + "\">" + text + "</a>");
  }
  if (!k.owasp.empty()) out << "; " << html(k.owasp);
  out << "</p><p><b>Fix:</b> " << html(k.remediation) << "</p>";
}

// The results of one check, from `first` on, as one group: its verdict counts in the summary,
// the rule and fix once, then a table of resources (write_result_row).
void write_check_group(const ReportInput& in, std::size_t first, std::size_t group,
                       std::ostream& out) {
  const Check& k = *in.run.results[first].check;
  std::map<Outcome, std::size_t> counts;
  for (std::size_t i = first; i < in.run.results.size() && in.run.results[i].check == &k; ++i)
    ++counts[in.run.results[i].verdict.outcome];
  const Outcome worst = counts.count(Outcome::kFail)    ? Outcome::kFail
                        : counts.count(Outcome::kError) ? Outcome::kError
                        : counts.count(Outcome::kWarn)  ? Outcome::kWarn
                        : counts.count(Outcome::kPass)  ? Outcome::kPass
                                                        : Outcome::kSkip;
  std::string tally;
  for (const Outcome o :
       {Outcome::kFail, Outcome::kError, Outcome::kWarn, Outcome::kPass, Outcome::kSkip})
    if (counts.count(o))
      tally += (tally.empty() ? "" : ", ") + std::to_string(counts[o]) + " " + outcome_name(o);
  const char* v = outcome_name(worst);
  out << "<details class=\"check\" id=\"group-" << group << "\""
      << (worst == Outcome::kFail || worst == Outcome::kError ? " open" : "")
      << "><summary><span class=\"v " << v << "\">" << v << "</span> <b>" << html(k.id) << "</b> "
      << level_name(k.level) << " " << html(k.title) << " <span class=\"muted\">(" << tally
      << ")</span></summary>";
  write_rule_spec_fix(k, out);
  out << "<table><tr><th>verdict</th><th>resource</th><th>result</th></tr>\n";
}

// One result as a table row; `group` (SIZE_MAX: none) is the check group it sits in, where the
// check's rule and fix are already shown.
void write_result_row(const ReportInput& in, std::size_t i, std::size_t group, std::ostream& out) {
  const auto& r = in.run.results[i];
  const Check& k = *r.check;
  const bool grouped = group != SIZE_MAX;
  const std::string v = outcome_name(r.verdict.outcome);
  const std::string message = html(printable(in.masker.text(r.verdict.message), 4096));
  out << "<tr class=\"result\" data-verdict=\"" << v << "\" data-family=\"" << html(k.family)
      << "\" data-level=\"" << level_name(k.level) << "\"";
  if (grouped) out << " data-group=\"" << group << "\"";
  out << "><td><span class=\"v " << v << "\">" << v << "</span></td>";
  if (!grouped) out << "<td>" << html(k.id) << "</td><td>" << level_name(k.level) << "</td>";
  out << "<td>" << html(in.masker.text(r.resource)) << "</td><td>";
  std::string mark;
  if (in.notes && !in.notes->baseline[i].empty()) mark += " (" + in.notes->baseline[i] + ")";
  if (in.notes && !in.notes->waiver[i].empty())
    mark += " (" + in.masker.text(in.notes->waiver_reason[i]) + ")";
  const std::string title = grouped ? std::string() : "<b>" + html(k.title) + "</b>: ";
  if (r.verdict.outcome == Outcome::kPass || r.verdict.outcome == Outcome::kSkip) {
    out << title << message << html(mark) << "</td></tr>\n";
    return;
  }
  out << "<details><summary>" << title << message << html(mark) << "</summary>";
  if (!grouped)
    out << "<p><b>Expected:</b> " << html(k.requirement) << "</p><p><b>Came back:</b> " << message
        << "</p>";
  const auto& shown = evidence(r);
  if (!shown.empty()) {
    out << "<ul>";
    for (std::size_t e = 0; e < shown.size() && e < 3; ++e)
      out << "<li><code>" << html(printable(in.masker.text(shown[e]->request.summary()), 512))
          << "</code> &rarr; <code>" << html(received(*shown[e], 512)) << "</code></li>";
    out << "</ul>";
  }
  if (!grouped) write_rule_spec_fix(k, out);
  for (std::size_t e = 0; e < shown.size() && e < 3; ++e) {
    out << "<p><b>Exchange " << e + 1 << "</b> (" << html(in.masker.text(shown[e]->url))
        << ")</p><pre>" << html(exchange_text(*shown[e], in.masker, 2048)) << "</pre>"
        << "<p>Reproduce (export AUTHSPEC_CREDENTIAL first where it appears):</p><pre>"
        << html(curl_command(*shown[e], in)) << "</pre>";
  }
  out << "</details></td></tr>\n";
}

// "What failed", first after the score: a block per failing check (open), with its resources,
// what each answered, the fix and a curl command; then the warnings (closed). Each check once,
// whatever the number of resources (a whole API's run names the first kFirstResources).
void write_what_failed(const ReportInput& in, std::ostream& out) {
  constexpr std::size_t kFirstResources = 20;
  const auto& results = in.run.results;
  out << "<section id=\"what-failed\">";
  for (const Outcome o : {Outcome::kFail, Outcome::kWarn}) {
    std::vector<std::vector<const Result*>> by_check;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i].verdict.outcome != o) continue;
      if (by_check.empty() || by_check.back().front()->check != results[i].check)
        by_check.emplace_back();
      by_check.back().push_back(&results[i]);
    }
    out << "<h2>" << (o == Outcome::kFail ? "What failed" : "Warnings") << "</h2>";
    if (by_check.empty()) {
      out << "<p class=\"muted\">" << (o == Outcome::kFail ? "Nothing failed." : "No warnings.")
          << "</p>";
      continue;
    }
    for (const auto& group : by_check) {
      const Check& k = *group.front()->check;
      const char* v = outcome_name(o);
      out << "<details class=\"" << v << "ed-check\"" << (o == Outcome::kFail ? " open" : "")
          << "><summary><span class=\"v " << v << "\">" << v << "</span> <b>" << html(k.id)
          << "</b> " << level_name(k.level) << " " << html(k.title) << " <span class=\"muted\">("
          << group.size() << (group.size() == 1 ? " resource" : " resources")
          << ")</span></summary><p><b>Expected:</b> " << html(k.requirement)
          << "</p><table><tr><th>resource</th><th>received</th><th>why</th></tr>";
      for (std::size_t i = 0; i < group.size() && i < kFirstResources; ++i) {
        const Result& r = *group[i];
        const auto& shown = evidence(r);
        out << "<tr><td>" << html(in.masker.text(r.resource)) << "</td><td><code>"
            << html(shown.empty() ? "" : received(*shown.front(), 256)) << "</code></td><td>"
            << html(printable(in.masker.text(r.verdict.message), 1024)) << "</td></tr>";
      }
      out << "</table>";
      if (group.size() > kFirstResources)
        out << "<p class=\"muted\">and " << group.size() - kFirstResources
            << " more resources in the results below</p>";
      out << "<p><b>Fix:</b> " << html(k.remediation) << "</p>";
      if (const auto& shown = evidence(*group.front()); !shown.empty())
        out << "<p>Reproduce (" << html(in.masker.text(group.front()->resource))
            << "; export AUTHSPEC_CREDENTIAL first where it appears):</p><pre>"
            << html(curl_command(*shown.front(), in)) << "</pre>";
      out << "</details>";
    }
  }
  out << "</section>\n";
}

}  // namespace

void write_html(const ReportInput& in, std::ostream& out) {
  const Score& s = in.score;
  const Counts& c = s.counts;
  out << "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      << "<title>authspec report: " << html(in.masker.text(in.profile.target_title()))
      << "</title><style>" << kStyle << "</style></head><body>\n";
  out << "<header>" << gauge(s.score, s.grade) << "<div><h1>authspec report</h1>"
      << "<div>Target <b>" << html(in.masker.text(in.profile.target_title()))
      << "</b></div><div class=\"muted\">" << iso_time(in.run.started) << ", " << in.run.sent
      << " requests in " << in.run.elapsed.count() << " ms, authspec " << kVersion << " (catalogue "
      << kCatalogueVersion << ")</div><div id=\"summary\" data-passed=\"" << c.passed
      << "\" data-failed=\"" << c.failed << "\" data-warned=\"" << c.warned << "\" data-skipped=\""
      << c.skipped << "\" data-errors=\"" << c.errors << "\">" << c.passed << " passed, "
      << c.failed << " failed, " << c.warned << " warned, " << c.skipped << " skipped, " << c.errors
      << " errors</div><div>Gate <b id=\"gate\">" << (in.gate.passed ? "passed" : "failed")
      << "</b></div></div></header>\n";
  write_what_failed(in, out);
  out << "<h2>Grade</h2><ul>";
  if (s.caps.empty()) out << "<li>no cap: the grade follows the score</li>";
  for (const auto& cap : s.caps) out << "<li>" << html(in.masker.text(cap)) << "</li>";
  for (const auto& reason : in.gate.reasons)
    out << "<li>gate: " << html(in.masker.text(reason)) << "</li>";
  if (!in.run.aborted.empty()) {
    out << "<li>run aborted: " << html(in.masker.text(in.run.aborted));
    // What showed a credential stop working: its last 2xx, then the 401s that counted.
    if (!in.run.aborted_by.empty()) {
      out << "<details><summary>the exchanges that showed it</summary>";
      for (const auto* ex : in.run.aborted_by)
        out << "<p><code>" << html(printable(in.masker.text(ex->request.summary()), 512))
            << "</code> &rarr; <code>" << html(received(*ex, 512)) << "</code></p><pre>"
            << html(exchange_text(*ex, in.masker, 2048)) << "</pre>";
      out << "</details>";
    }
    out << "</li>";
  }
  out << "</ul><h2>Coverage</h2><p>Schemes: ";
  for (std::size_t i = 0; i < s.schemes.size(); ++i) out << (i ? ", " : "") << html(s.schemes[i]);
  out << "; " << s.protected_resources << " protected and " << s.public_resources
      << " public resources; identities: ";
  for (std::size_t i = 0; i < s.identities.size(); ++i)
    out << (i ? ", " : "") << html(s.identities[i]);
  out << ".</p>";
  if (!s.not_covered.empty()) {
    out << "<p>Not covered by the profile:</p><ul>";
    for (const auto& n : s.not_covered) out << "<li>" << html(in.masker.text(n)) << "</li>";
    out << "</ul>";
  }
  if (!in.run.remarks.empty()) {
    out << "<p>Notes:</p><ul>";
    for (const auto& r : in.run.remarks) out << "<li>" << html(in.masker.text(r)) << "</li>";
    out << "</ul>";
  }
  write_role_matrix(in, out);
  out << "<h2>Families</h2><table><tr><th>family</th><th></th><th>passed</th><th>failed</th>"
      << "<th>warned</th><th>skipped</th><th>errors</th></tr>";
  for (const auto& [name, k] : s.families) {
    const int total = std::max(1, k.total());
    out << "<tr><td>" << html(name) << "</td><td><div class=\"bar\">";
    for (const auto& [n, cls] :
         {std::pair{k.passed, "pass"}, std::pair{k.failed, "fail"}, std::pair{k.warned, "warn"},
          std::pair{k.skipped, "skip"}, std::pair{k.errors, "error"}})
      if (n)
        out << "<span class=\"" << cls << "\" style=\"width:" << 100.0 * n / total << "%\"></span>";
    out << "</div></td><td>" << k.passed << "</td><td>" << k.failed << "</td><td>" << k.warned
        << "</td><td>" << k.skipped << "</td><td>" << k.errors << "</td></tr>";
  }
  out << "</table>\n";
  if (!s.operations.empty()) {
    out << "<h2>By operation</h2><p class=\"muted\">Operations of "
        << html(in.profile.description->file)
        << "</p><table><tr><th>operation</th><th>method and path</th><th>passed</th>"
           "<th>failed</th><th>warned</th><th>skipped</th><th>errors</th><th>not passed</th></tr>";
    for (const auto& op : s.operations)
      out << "<tr><td>" << html(op.name) << "</td><td><code>" << html(op.label)
          << "</code></td><td>" << op.counts.passed << "</td><td>" << op.counts.failed
          << "</td><td>" << op.counts.warned << "</td><td>" << op.counts.skipped << "</td><td>"
          << op.counts.errors << "</td><td>" << html(join(op.not_passing, ", ")) << "</td></tr>";
    out << "</table>\n";
  }
  out << "<h2>Results</h2><div id=\"filters\"><select id=\"f-verdict\">"
      << "<option value=\"\">every verdict</option>";
  for (const char* v : {"fail", "warn", "error", "skip", "pass"})
    out << "<option>" << v << "</option>";
  out << "</select><select id=\"f-family\"><option value=\"\">every family</option>";
  for (const auto& [name, k] : s.families) out << "<option>" << html(name) << "</option>";
  out << "</select><select id=\"f-level\"><option value=\"\">every level</option>";
  for (const char* l : {"MUST", "SHOULD", "BP", "PREREQUISITE"})
    out << "<option>" << l << "</option>";
  out << "</select><input id=\"f-search\" type=\"search\" placeholder=\"search\">"
      << "<span class=\"muted\"><span id=\"shown\"></span> shown</span></div>";
  // A big run (issue 17: a whole API) groups its results by check, the resources inside, so
  // the page stays readable and quick to open: a group with a failure or an error open, the
  // others closed (a closed group's rows are not laid out until it is opened).
  const bool grouped = s.protected_resources + s.public_resources > kGroupedAbove;
  if (!grouped)
    out << "<table><tr><th>verdict</th><th>check</th><th>level</th><th>resource</th>"
        << "<th>result</th></tr>\n";
  std::size_t group = 0;
  for (std::size_t i = 0; i < in.run.results.size(); ++i) {
    const auto& r = in.run.results[i];
    if (grouped && (i == 0 || in.run.results[i - 1].check != r.check)) {
      if (i) out << "</table></details>\n";
      write_check_group(in, i, group++, out);
    }
    write_result_row(in, i, grouped ? group - 1 : SIZE_MAX, out);
  }
  if (grouped && !in.run.results.empty()) out << "</table></details>\n";
  if (!grouped) out << "</table>";
  out << "<script>" << kScript << "</script></body></html>\n";
}

}  // namespace authspec
