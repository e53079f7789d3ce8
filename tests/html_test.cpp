// The HTML report in a real browser: Debian's chromium, headless, loads it from disk with the
// network unused, runs its script without a console message, shows the JSON's numbers, and
// prints with the evidence of every failure on paper.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

// Prints `page` to a PDF with headless chromium; returns its page count (0 when none came).
int print_pages(const TempDir& tmp, const std::string& page) {
  const std::string pdf = page + ".pdf";
  const std::string cmd = std::string("timeout 60 ") + AUTHSPEC_CHROMIUM +
                          " --headless=new --no-sandbox --disable-gpu --no-first-run"
                          " --no-pdf-header-footer --user-data-dir=" +
                          tmp.path("print-profile") + " --print-to-pdf=" + pdf + " file://" + page +
                          " > /dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return 0;
  const std::string bytes = read_file(pdf);
  if (bytes.rfind("%PDF-", 0) != 0) return 0;
  // Each page is an object "/Type /Page" (the page tree's nodes are "/Type /Pages").
  int pages = 0;
  const std::string marker = "/Type /Page";
  for (auto at = bytes.find(marker); at != std::string::npos; at = bytes.find(marker, at + 1))
    pages += at + marker.size() < bytes.size() && bytes[at + marker.size()] != 's';
  return pages;
}

TEST(HtmlReport, RendersInHeadlessChromiumAndMatchesTheJson) {
  ASSERT_TRUE(std::filesystem::exists(AUTHSPEC_CHROMIUM)) << "scripts/test.sh installs chromium";
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

  const std::string cmd = std::string("timeout 60 ") + AUTHSPEC_CHROMIUM +
                          " --headless=new --no-sandbox --disable-gpu --no-first-run"
                          " --enable-logging=stderr --v=0 --virtual-time-budget=3000"
                          " --user-data-dir=" +
                          tmp.path("profile") + " --dump-dom file://" + tmp.path("r.html") + " > " +
                          tmp.path("dom.html") + " 2> " + tmp.path("chromium.log");
  ASSERT_EQ(std::system(cmd.c_str()), 0) << read_file(tmp.path("chromium.log"));
  const std::string log = read_file(tmp.path("chromium.log"));
  EXPECT_EQ(log.find(":CONSOLE"), std::string::npos) << log;  // no console message at all
  const std::string dom = read_file(tmp.path("dom.html"));

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
  ASSERT_TRUE(std::filesystem::exists(AUTHSPEC_CHROMIUM)) << "scripts/test.sh installs chromium";
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
