#include "tests/support/report_tools.h"

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>

namespace authspec::test {
namespace {

const std::string kValidators = AUTHSPEC_SOURCE_DIR "/tests/validators/";

int exit_code(const std::string& cmd) {
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Debian's python3, which has the Debian packages the validators import.
int run_validator(const std::string& args) {
  return exit_code("/usr/bin/python3 " + kValidators + args + " 2>&1");
}

std::string chromium(const TempDir& tmp) {
  return std::string("timeout 60 ") + AUTHSPEC_CHROMIUM +
         " --headless=new --no-sandbox --disable-gpu --no-first-run --user-data-dir=" +
         tmp.path("chromium-profile");
}

}  // namespace

bool junit_valid(const std::string& xml) {
  return exit_code("xmllint --noout --schema " AUTHSPEC_SOURCE_DIR "/fixtures/junit-10.xsd " + xml +
                   " 2>&1") == 0;
}

int validate_sarif(const std::string& log, const std::string& schema) {
  return run_validator(
      "validate_sarif.py " +
      (schema.empty() ? kValidators + "sarif-2.1.0-authspec.schema.json" : schema) + " " + log);
}

int validate_har(const std::string& har) {
  return run_validator("validate_har.py " + har);
}

int validate_report(const std::string& report) {
  return run_validator("validate_report.py " + kValidators + "authspec-report.schema.json " +
                       report);
}

bool chromium_installed() {
  return std::filesystem::exists(AUTHSPEC_CHROMIUM);
}

std::string render_in_chromium(const TempDir& tmp, const std::string& page, std::string* log,
                               const std::string& window) {
  const std::string dom = page + ".dom", err = page + ".chromium.log";
  const int code = exit_code(chromium(tmp) + (window.empty() ? "" : " --window-size=" + window) +
                             " --enable-logging=stderr --v=0 --virtual-time-budget=3000"
                             " --dump-dom file://" +
                             page + " > " + dom + " 2> " + err);
  if (log) *log = read_file(err);
  return code == 0 ? read_file(dom) : "";
}

bool screenshot_in_chromium(const TempDir& tmp, const std::string& page, const std::string& png,
                            const std::string& window) {
  return exit_code(chromium(tmp) + " --window-size=" + window + " --hide-scrollbars" +
                   " --screenshot=" + png + " file://" + page + " > /dev/null 2>&1") == 0 &&
         std::filesystem::exists(png);
}

int print_pages(const TempDir& tmp, const std::string& page) {
  const std::string pdf = page + ".pdf";
  if (exit_code(chromium(tmp) + " --no-pdf-header-footer --print-to-pdf=" + pdf + " file://" +
                page + " > /dev/null 2>&1") != 0)
    return 0;
  const std::string bytes = read_file(pdf);
  if (bytes.rfind("%PDF-", 0) != 0) return 0;
  // Each page is an object "/Type /Page" (the page tree's nodes are "/Type /Pages").
  int pages = 0;
  const std::string marker = "/Type /Page";
  for (auto at = bytes.find(marker); at != std::string::npos; at = bytes.find(marker, at + 1))
    pages += at + marker.size() < bytes.size() && bytes[at + marker.size()] != 's';
  return pages;
}

}  // namespace authspec::test
