#include <cctype>

#include "reports/report.h"
#include "suite/role_matrix.h"
#include "suite/version.h"

namespace authspec {
std::string markdown_cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

std::string markdown_prose(const std::string& text) {
  auto in_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i], before = i ? text[i - 1] : ' ',
               after = i + 1 < text.size() ? text[i + 1] : ' ';
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&' && (in_word(after) || after == '#'))
      out += "&amp;";
    else if (c == '*' || c == '`' || c == '|' || (c == '_' && !(in_word(before) && in_word(after))))
      out += std::string("\\") + c;
    else if (c == '\\' && std::ispunct(static_cast<unsigned char>(after)))
      out += "\\\\";
    else
      out += c == '\n' || c == '\r' ? ' ' : c;
  }
  return out;
}

// Text in code spans goes through markdown_cell (an entity there would show literally); every
// other text through markdown_prose (GitHub drops "<seconds>" from a job summary as a tag).
void write_markdown(const ReportInput& in, std::ostream& out) {
  const Score& s = in.score;
  out << "## authspec: score " << s.score << ", grade " << s.grade << " (gate "
      << (in.gate.passed ? "passed" : "failed") << ")\n\n";
  out << "Target `" << markdown_cell(in.masker.text(in.profile.target_title())) << "`, "
      << in.run.sent << " requests in " << in.run.elapsed.count() << " ms, "
      << iso_time(in.run.started) << ", authspec " << kVersion << " (catalogue "
      << kCatalogueVersion << ").\n\n";
  for (const auto& cap : s.caps) out << "- " << markdown_prose(in.masker.text(cap)) << "\n";
  // The gate's reasons, a line for all results that failed it (grouped by check, with how many
  // resources each) rather than a line each: the top of a job summary page stays short.
  std::vector<std::pair<std::string, int>> by_check;
  std::size_t gating = 0;
  for (std::size_t i = 0; i < in.gate.failed_by.size(); ++i) {
    if (!in.gate.failed_by[i]) continue;
    ++gating;
    const std::string& id = in.run.results[i].check->id;
    if (by_check.empty() || by_check.back().first != id) by_check.emplace_back(id, 0);
    ++by_check.back().second;
  }
  if (gating) {
    out << "- gate failed by " << gating << (gating == 1 ? " result" : " results") << ":";
    for (std::size_t k = 0; k < by_check.size(); ++k)
      out << (k ? ", " : " ") << by_check[k].first
          << (by_check[k].second > 1 ? " (" + std::to_string(by_check[k].second) + ")" : "");
    out << "\n";
  }
  for (std::size_t k = gating; k < in.gate.reasons.size(); ++k)
    out << "- gate: " << markdown_prose(in.masker.text(in.gate.reasons[k])) << "\n";
  if (!in.run.aborted.empty()) {
    out << "- run aborted: " << markdown_prose(in.masker.text(in.run.aborted)) << "\n";
    // What showed a credential stop working: its last 2xx, then the 401s that counted.
    for (const auto* ex : in.run.aborted_by)
      out << "  - `` " << markdown_cell(printable(in.masker.text(ex->request.summary()), 512))
          << " `` answered " << (ex->ok() ? std::to_string(ex->response.status) : "nothing")
          << "\n";
  }
  out << "\n| family | passed | failed | warned | skipped | errors |\n|---|---|---|---|---|---|\n";
  for (const auto& [name, c] : s.families)
    out << "| " << name << " | " << c.passed << " | " << c.failed << " | " << c.warned << " | "
        << c.skipped << " | " << c.errors << " |\n";
  out << "| **all** | " << s.counts.passed << " | " << s.counts.failed << " | " << s.counts.warned
      << " | " << s.counts.skipped << " | " << s.counts.errors << " |\n";
  if (!s.operations.empty()) {
    out << "\n### By operation of `" << markdown_cell(in.profile.description->file)
        << "`\n\n| operation | passed | failed | warned | skipped | errors | not passed |\n"
           "|---|---|---|---|---|---|---|\n";
    for (const auto& op : s.operations)
      out << "| " << markdown_prose(op.name)
          << (op.name == op.label ? "" : " (`" + markdown_cell(op.label) + "`)") << " | "
          << op.counts.passed << " | " << op.counts.failed << " | " << op.counts.warned << " | "
          << op.counts.skipped << " | " << op.counts.errors << " | "
          << markdown_prose(join(op.not_passing, ", ")) << " |\n";
  }
  bool any = false;
  for (std::size_t i = 0; i < in.run.results.size(); ++i) {
    const auto& r = in.run.results[i];
    const Outcome o = r.verdict.outcome;
    if (o == Outcome::kPass || o == Outcome::kSkip) continue;
    if (!any) out << "\n### Not passed\n\n";
    any = true;
    out << "- **" << r.check->id << "** " << outcome_name(o) << " [" << level_name(r.check->level)
        << (r.verdict.security_breach ? ", security breach" : "") << "] "
        << markdown_prose(r.check->title) << " on `" << markdown_cell(in.masker.text(r.resource))
        << "`: " << markdown_prose(in.masker.text(r.verdict.message)) << " ("
        << markdown_prose(r.check->spec) << "). Rule: " << markdown_prose(cited_rule(*r.check))
        << ". Fix: " << markdown_prose(r.check->remediation)
        << (r.check->remediation.empty() || r.check->remediation.back() != '.' ? "." : "");
    if (const auto& shown = evidence(r);
        !shown.empty() && (o == Outcome::kFail || o == Outcome::kWarn))
      out << " Reproduce: `` " << curl_command(*shown.front(), in) << " ``";
    if (in.notes && !in.notes->baseline[i].empty()) out << " _(" << in.notes->baseline[i] << ")_";
    if (in.notes && !in.notes->waiver[i].empty())
      out << " _(" << markdown_prose(in.masker.text(in.notes->waiver_reason[i])) << ")_";
    out << "\n";
  }
  if (in.notes)
    for (const auto& w : in.notes->stale_waivers)
      out << "- stale waiver: " << markdown_prose(in.masker.text(w)) << "\n";
  if (const RoleMatrix m = role_matrix(in.profile, in.run); !m.empty()) {
    // The role matrix: identity x resource, each cell the status and the verdict.
    out << "\n### Role matrix\n\n| identity |";
    for (const auto& r : m.resources) out << " " << markdown_prose(in.masker.text(r)) << " |";
    out << "\n|---|";
    for (std::size_t i = 0; i < m.resources.size(); ++i) out << "---|";
    out << "\n";
    for (const auto& id : m.identities) {
      out << "| " << (id.empty() ? "_anonymous_" : markdown_prose(id)) << " |";
      for (const auto& r : m.resources) {
        const MatrixCell* c = find_cell(m, id, r);
        out << " "
            << (c ? cell_text(*c) + " " + expect_name(c->expect) + " (" + cell_verdict(*c) + ")"
                  : "-")
            << " |";
      }
      out << "\n";
    }
  }
  out << "\nCoverage: " << s.protected_resources << " protected and " << s.public_resources
      << " public resources";
  if (!s.not_covered.empty()) {
    out << "; not covered:";
    for (const auto& n : s.not_covered) out << " " << markdown_prose(in.masker.text(n)) << ";";
  }
  out << "\n";
  for (const auto& r : in.run.remarks)
    out << "\nNote: " << markdown_prose(in.masker.text(r)) << "\n";
}

}  // namespace authspec
