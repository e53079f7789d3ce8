// The outside judges of authspec's reports: xmllint with the JUnit schema, the SARIF and HAR
// validators of tests/validators/ (Debian's python3), and headless chromium for the HTML.
#pragma once

#include <string>

#include "tests/support/cli_runner.h"

namespace authspec::test {

// xmllint --schema fixtures/junit-10.xsd.
bool junit_valid(const std::string& xml);

// The validators' exit codes: 0 valid, 1 invalid, 2 when they cannot run (a package is missing,
// which must never pass for a rejection).
// `schema`: the JSON Schema to use (default: tests/validators/sarif-2.1.0-authspec.schema.json).
int validate_sarif(const std::string& log, const std::string& schema = "");
int validate_har(const std::string& har);
// An authspec JSON report against tests/validators/authspec-report.schema.json.
int validate_report(const std::string& report);

bool chromium_installed();
// Loads `page` (a file) in headless chromium and returns the DOM after its script ran; `log`
// gets chromium's log (console messages included). Empty DOM when chromium failed.
std::string render_in_chromium(const TempDir& tmp, const std::string& page, std::string* log,
                               const std::string& window = "");
// A screenshot of `page` at `window` ("1400,900") into `png`; false when chromium failed.
bool screenshot_in_chromium(const TempDir& tmp, const std::string& page, const std::string& png,
                            const std::string& window);
// Prints `page` to PDF; its page count (0 when no PDF came).
int print_pages(const TempDir& tmp, const std::string& page);

}  // namespace authspec::test
