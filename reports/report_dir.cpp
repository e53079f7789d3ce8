#include <filesystem>
#include <fstream>

#include "reports/report.h"

namespace authspec {

std::vector<std::string> write_report_dir(const ReportInput& in, const std::string& dir) {
  std::filesystem::create_directories(dir);
  std::vector<std::string> written;
  auto write = [&](const std::string& name, auto&& writer) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    std::ofstream out(path, std::ios::binary);
    writer(out);
    if (!out) throw std::runtime_error("cannot write " + path);
    written.push_back(path);
  };
  write("authspec.json", [&](std::ostream& o) { write_json(in, o); });
  write("authspec-junit.xml", [&](std::ostream& o) { write_junit(in, o); });
  write("summary.txt", [&](std::ostream& o) { write_console(in, o, false); });
  write("authspec.html", [&](std::ostream& o) { write_html(in, o); });
  write("authspec.md", [&](std::ostream& o) { write_markdown(in, o); });
  write("authspec.sarif", [&](std::ostream& o) { write_sarif(in, o); });
  write("authspec.har", [&](std::ostream& o) { write_har(in, o); });
  return written;
}

}  // namespace authspec
