#include <algorithm>
#include <map>

#include "reports/report.h"
#include "suite/version.h"

namespace authspec {
namespace {

struct Paint {
  bool on;
  std::string operator()(const std::string& s, const char* code) const {
    return on ? std::string("\033[") + code + "m" + s + "\033[0m" : s;
  }
};

const char* colour_of(Outcome o) {
  switch (o) {
    case Outcome::kPass:
      return "32";
    case Outcome::kFail:
      return "31";
    case Outcome::kWarn:
      return "33";
    case Outcome::kSkip:
      return "90";
    case Outcome::kError:
      return "35";
  }
  return "0";
}

// How many resources of a check's failures the console names, with their message.
constexpr std::size_t kResourcesShown = 3;

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void write_console(const ReportInput& in, std::ostream& out, bool color, bool verbose) {
  const Paint paint{color};
  const Score& s = in.score;
  out << "authspec " << kVersion << " (catalogue " << kCatalogueVersion << ") against "
      << in.masker.text(in.profile.target_title())
      << (in.profile.bundled_mock ? " (the bundled mock, not your server: pass --profile)" : "")
      << "\n";
  // An aborted run leads with its cause: the undecided results that follow from it are counted
  // in the summary, not listed one by one before the reason.
  const bool aborted = !in.run.aborted.empty();
  if (aborted) out << paint("Run aborted: ", "31") << in.masker.text(in.run.aborted) << "\n";
  out << in.run.sent << " requests in " << in.run.elapsed.count() << " ms\n\n";
  // Failures grouped by check: one line per check and verdict with the resources it concerns
  // (a whole API's run has a thousand), the first resource's message, the rule and fix once.
  // Results are in catalogue order, so a check's results are adjacent.
  const auto& results = in.run.results;
  for (std::size_t i = 0; i < results.size();) {
    std::size_t end = i;
    while (end < results.size() && results[end].check == results[i].check) ++end;
    for (const Outcome o : {Outcome::kFail, Outcome::kWarn, Outcome::kError}) {
      if (aborted && o == Outcome::kError) continue;
      std::vector<const Result*> group;
      bool breach = false;
      for (std::size_t k = i; k < end; ++k)
        if (results[k].verdict.outcome == o) {
          group.push_back(&results[k]);
          breach = breach || results[k].verdict.security_breach;
        }
      if (group.empty()) continue;
      const Check& check = *group[0]->check;
      // A security breach fails whatever the level, and says so next to it.
      out << paint(upper(outcome_name(o)), colour_of(o)) << " " << check.id << " ["
          << level_name(check.level) << (breach ? ", security breach" : "") << "] "
          << (group.size() == 1 ? in.masker.text(group[0]->resource)
                                : "on " + std::to_string(group.size()) + " resources")
          << " - " << check.title << "\n";
      for (std::size_t k = 0; k < group.size() && k < kResourcesShown; ++k)
        out << "    " << (group.size() == 1 ? "" : in.masker.text(group[k]->resource) + ": ")
            << printable(in.masker.text(group[k]->verdict.message), 600) << "\n";
      if (group.size() > kResourcesShown)
        out << "    and " << group.size() - kResourcesShown << " more (the reports list each)\n";
      if (const auto& shown = evidence(*group[0]); verbose && !shown.empty())
        out << "    reproduce (" << in.masker.text(group[0]->resource)
            << "; export AUTHSPEC_CREDENTIAL where it appears): "
            << curl_command(*shown.front(), in) << "\n";
      if (o != Outcome::kError)
        out << "    rule: " << cited_rule(check) << "\n    spec: " << check.spec
            << "; fix: " << check.remediation << "\n";
    }
    i = end;
  }
  out << "\n";
  for (const auto& [family, c] : s.families) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "%-6s %3d passed  %3d failed  %3d warned  %3d skipped  %3d errors",
                  family.c_str(), c.passed, c.failed, c.warned, c.skipped, c.errors);
    out << line << "\n";
  }
  // A run from an API description: the same counts per operation, in the description's order.
  if (!s.operations.empty()) out << "\nBy operation of " << in.profile.description->file << ":\n";
  std::size_t width = 0;  // the names' column, as wide as the widest (within reason)
  for (const auto& op : s.operations)
    width = std::max(width, std::min<std::size_t>(
                                60, (op.name == op.label ? op.name.size()
                                                         : op.name.size() + op.label.size() + 3)));
  for (const auto& op : s.operations) {
    char line[160];
    std::snprintf(line, sizeof line, "%3d passed  %3d failed  %3d warned  %3d skipped  %3d errors",
                  op.counts.passed, op.counts.failed, op.counts.warned, op.counts.skipped,
                  op.counts.errors);
    std::string name = op.name == op.label ? op.name : op.name + " (" + op.label + ")";
    if (name.size() < width) name.resize(width, ' ');
    out << "  " << name << "  " << line;
    if (!op.not_passing.empty()) out << "  " << join(op.not_passing, ", ");
    out << "\n";
  }
  const Counts& c = s.counts;
  out << "\nScore " << s.score << ", grade " << paint(s.grade, s.grade[0] == 'A' ? "32" : "31");
  if (s.mostly_skipped) out << " (most checks were skipped: the profile covers little)";
  out << "  -  " << c.passed << " passed, " << c.failed << " failed, " << c.warned << " warned, "
      << c.skipped << " skipped, " << c.errors << " errors\n";
  for (const auto& cap : s.caps) out << "  " << in.masker.text(cap) << "\n";
  out << "Coverage: schemes " << (s.schemes.empty() ? "none" : "");
  for (std::size_t i = 0; i < s.schemes.size(); ++i) out << (i ? ", " : "") << s.schemes[i];
  out << "; " << s.protected_resources << " protected and " << s.public_resources
      << " public resources; " << s.identities.size() << " identities\n";
  for (const auto& n : s.not_covered) out << "  not covered: " << in.masker.text(n) << "\n";
  for (const auto& r : in.run.remarks) out << "  note: " << in.masker.text(r) << "\n";
  if (in.notes) {
    std::map<std::string, int> marks;
    for (const auto* list : {&in.notes->baseline, &in.notes->waiver})
      for (const auto& m : *list)
        if (!m.empty()) ++marks[m];
    if (!marks.empty()) {
      out << "Against the baseline and waivers:";
      for (const auto& [mark, n] : marks) out << " " << n << " " << mark << ";";
      out << " (unchanged and waived failures do not fail the gate)\n";
    }
    for (const auto& w : in.notes->stale_waivers)
      out << "  stale waiver, " << in.masker.text(w) << "\n";
  }
  if (aborted) {
    out << paint("Gate not decided", "31") << ": the run was aborted ("
        << in.masker.text(in.run.aborted) << ")\n";
  } else if (in.gate.passed) {
    out << paint("Gate passed", "32") << "\n";
  } else {
    out << paint("Gate failed", "31") << ": ";
    for (std::size_t i = 0; i < in.gate.reasons.size() && i < 5; ++i)
      out << (i ? ", " : "") << in.masker.text(in.gate.reasons[i]);
    if (in.gate.reasons.size() > 5) out << " and " << in.gate.reasons.size() - 5 << " more";
    out << "\n";
  }
}

}  // namespace authspec
