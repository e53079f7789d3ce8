#include "cli/run_reports.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace authspec {

std::vector<std::string> write_run_reports(const RunArgs& a, const ReportInput& in,
                                           std::ostream& out) {
  const bool color =
      !a.no_color && !std::getenv("NO_COLOR") && &out == &std::cout && isatty(STDOUT_FILENO);
  write_console(in, out, color, a.verbose);
  std::vector<std::string> unwritten;
  auto write_file = [&](const std::string& path, auto&& writer) {
    if (path.empty()) return;
    std::ofstream f(path, std::ios::binary);
    if (f) writer(f);
    if (f) f.flush();
    if (!f) unwritten.push_back(path);
  };
  write_file(a.json, [&](std::ostream& o) { write_json(in, o); });
  write_file(a.junit, [&](std::ostream& o) { write_junit(in, o); });
  write_file(a.html, [&](std::ostream& o) { write_html(in, o); });
  write_file(a.markdown, [&](std::ostream& o) { write_markdown(in, o); });
  write_file(a.sarif, [&](std::ostream& o) { write_sarif(in, o); });
  write_file(a.har, [&](std::ostream& o) { write_har(in, o); });
  if (!a.report_dir.empty()) {
    try {
      for (const auto& f : write_report_dir(in, a.report_dir)) out << "wrote " << f << "\n";
    } catch (const std::exception&) {
      unwritten.push_back(a.report_dir);
    }
  }
  return unwritten;
}

}  // namespace authspec
