// JUnit XML (validated against shared/schemas/junit-10.xsd in the tests): one testsuite per
// family, one testcase per check and resource.
#include <map>

#include "reports/report.h"

namespace authspec {
namespace {

std::string xml(const std::string& raw) {
  return escape_markup(printable(raw, 1 << 20));
}

std::string seconds(std::chrono::microseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", std::chrono::duration<double>(d).count());
  return buf;
}

}  // namespace

void write_junit(const ReportInput& in, std::ostream& out) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Result*>> by_family;
  for (const auto& r : in.run.results) {
    if (!by_family.count(r.check->family)) order.push_back(r.check->family);
    by_family[r.check->family].push_back(&r);
  }
  auto index = [&](const Result* r) { return static_cast<std::size_t>(r - in.run.results.data()); };
  // A waived failure is reported as skipped, with the waiver's reason.
  auto waived = [&](const Result* r) {
    const auto i = index(r);
    return in.notes && in.notes->waiver[i] == "waived" ? in.masker.text(in.notes->waiver_reason[i])
                                                       : std::string();
  };
  // A warning (advice) is a passing test case, unless it failed the gate (--fail-on any): then
  // it is a failure, so the CI's test view agrees with its exit code.
  auto fails = [&](const Result* r) {
    const Outcome o = r->verdict.outcome;
    return waived(r).empty() &&
           (o == Outcome::kFail || (o == Outcome::kWarn && index(r) < in.gate.failed_by.size() &&
                                    in.gate.failed_by[index(r)]));
  };
  struct Tally {
    int tests = 0, failures = 0, errors = 0, skipped = 0;
  };
  std::map<std::string, Tally> tally;
  Tally all;
  for (const auto& family : order)
    for (const auto* r : by_family[family]) {
      Tally& t = tally[family];
      const bool w = !waived(r).empty();
      const int failure = fails(r), error = !w && r->verdict.outcome == Outcome::kError,
                skip = w || r->verdict.outcome == Outcome::kSkip;
      for (Tally* x : {&t, &all}) {
        ++x->tests;
        x->failures += failure;
        x->errors += error;
        x->skipped += skip;
      }
    }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"authspec " << xml(in.masker.text(in.profile.target_title()))
      << "\" tests=\"" << all.tests << "\" failures=\"" << all.failures << "\" errors=\""
      << all.errors << "\" time=\"" << seconds(in.run.elapsed) << "\">\n";
  for (const auto& family : order) {
    const auto& results = by_family[family];
    const Tally& t = tally[family];
    out << "  <testsuite name=\"" << xml(family) << "\" tests=\"" << t.tests << "\" failures=\""
        << t.failures << "\" errors=\"" << t.errors << "\" skipped=\"" << t.skipped << "\">\n";
    for (const auto* r : results) {
      const Check& k = *r->check;
      std::chrono::microseconds time{0};
      for (const auto* ex : r->exchanges) time += ex->elapsed;
      out << "    <testcase classname=\"authspec." << xml(family) << "\" name=\""
          << xml(k.id + " " + in.masker.text(r->resource)) << ": " << xml(k.title) << "\" time=\""
          << seconds(time) << "\">\n";
      const std::string message = in.masker.text(r->verdict.message) + " [" + k.spec + "]";
      const std::string waiver = waived(r);
      if (!waiver.empty())
        out << "      <skipped message=\"" << xml(in.masker.text(waiver) + " (" + message + ")")
            << "\"/>\n";
      else
        switch (r->verdict.outcome) {
          case Outcome::kFail:
          case Outcome::kWarn:
            if (fails(r)) {
              const bool warning = r->verdict.outcome == Outcome::kWarn;
              out << "      <failure type=\"" << level_name(k.level) << (warning ? " warning" : "")
                  << "\" message=\""
                  << xml((warning ? "warning, failing the gate under --fail-on any: " : "") +
                         message)
                  << "\">" << xml(k.requirement + "\nFix: " + k.remediation) << "</failure>\n";
            }
            break;
          case Outcome::kError:
            out << "      <error type=\"undecided\" message=\"" << xml(message) << "\"/>\n";
            break;
          case Outcome::kSkip:
            out << "      <skipped message=\"" << xml(message) << "\"/>\n";
            break;
          case Outcome::kPass:
            break;
        }
      std::string system_out = std::string(outcome_name(r->verdict.outcome)) + ": " +
                               in.masker.text(r->verdict.message) + "\n";
      const auto& shown = evidence(*r);
      // A failure's reproduction first (export AUTHSPEC_CREDENTIAL where it appears).
      if (!shown.empty() &&
          (r->verdict.outcome == Outcome::kFail || r->verdict.outcome == Outcome::kWarn))
        system_out += "Reproduce: " + curl_command(*shown.front(), in) + "\n";
      for (std::size_t i = 0; i < shown.size() && i < 4; ++i)
        system_out += "\n" + exchange_text(*shown[i], in.masker, 1024);
      out << "      <system-out>" << xml(system_out) << "</system-out>\n";
      out << "    </testcase>\n";
    }
    out << "  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace authspec
