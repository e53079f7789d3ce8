// The HTML report in a real browser: Debian's chromium, headless, loads it from disk with the
// network unused, runs its script without a console message, shows the JSON's numbers, and
// prints with the evidence of every failure on paper.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include "tests/support/cli_runner.h"
#include "tests/support/report_tools.h"

namespace authspec::test {
namespace {

TEST(HtmlReport, RendersInHeadlessChromiumAndMatchesTheJson) {
  ASSERT_TRUE(chromium_installed()) << "scripts/test.sh installs chromium";
  TempDir tmp;
  const auto run =
      run_authspec({"run", "--no-color", "--mock-defect", "realm-unquoted", "--mock-defect",
                    "nul-truncation", "--html", tmp.path("r.html"), "--json", tmp.path("r.json")});
  ASSERT_EQ(run.code, 1) << run.err;
  const std::string page = read_file(tmp.path("r.html"));
  // Self-contained: nothing is loaded from anywhere (links to the RFCs are only links).
  EXPECT_FALSE(std::regex_search(page, std::regex(R"(<(script|img|link|iframe)[^>]*(src|href)=)")));
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);

  std::string log;
  const std::string dom = render_in_chromium(tmp, tmp.path("r.html"), &log);
  ASSERT_FALSE(dom.empty()) << log;
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;  // no console message at all

  const auto report = read_json(tmp.path("r.json"));
  const auto& summary = report["summary"];
  // The filter script ran: every result row is counted as shown.
  EXPECT_NE(dom.find("id=\"shown\">" + std::to_string(report["results"].size()) + "<"),
            std::string::npos);
  for (const char* k : {"passed", "failed", "warned", "skipped", "errors"})
    EXPECT_NE(
        dom.find(std::string("data-") + k + "=\"" + std::to_string(summary[k].get<int>()) + "\""),
        std::string::npos)
        << k;
  EXPECT_NE(dom.find("id=\"score\">" + std::to_string(summary["score"].get<int>()) + "<"),
            std::string::npos);
  EXPECT_NE(dom.find("id=\"grade\">" + summary["grade"].get<std::string>() + "<"),
            std::string::npos);
  EXPECT_NE(dom.find("id=\"gate\">failed<"), std::string::npos);
  // Each failed check opens to its requirement, fix, exchanges and a curl command.
  EXPECT_NE(dom.find("<details><summary><b>"), std::string::npos);
  EXPECT_NE(dom.find("$AUTHSPEC_CREDENTIAL"), std::string::npos);
  EXPECT_NE(dom.find("https://www.rfc-editor.org/rfc/rfc9110#section-11.5"), std::string::npos);
}

// Printable: printing opens every failure's details (request, response, fix, curl), so the
// printout is longer than the same page printed with its details left closed.
TEST(HtmlReport, PrintsEveryFailureOpen) {
  ASSERT_TRUE(chromium_installed()) << "scripts/test.sh installs chromium";
  TempDir tmp;
  ASSERT_EQ(run_authspec({"run", "--no-color", "--mock-defect", "realm-unquoted", "--mock-defect",
                          "nul-truncation", "--html", tmp.path("r.html")})
                .code,
            1);
  std::string page = read_file(tmp.path("r.html"));
  const int printed = print_pages(tmp, tmp.path("r.html"));
  EXPECT_GT(printed, 1);
  const auto handler = page.find("'beforeprint'");
  ASSERT_NE(handler, std::string::npos);
  page.replace(handler, 13, "'never-fired'");
  std::ofstream(tmp.path("closed.html")) << page;
  const int closed = print_pages(tmp, tmp.path("closed.html"));
  EXPECT_GT(closed, 0);
  EXPECT_GT(printed, closed);
  // Expected and came back, side by side, for each failure.
  EXPECT_NE(page.find("<b>Expected:</b>"), std::string::npos);
  EXPECT_NE(page.find("<b>Came back:</b>"), std::string::npos);
  EXPECT_NE(page.find("&rarr; <code>HTTP/1.1 401"), std::string::npos);
}

}  // namespace
}  // namespace authspec::test
