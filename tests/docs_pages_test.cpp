// The generated pages of docs/ are regenerated and compared with the committed ones (a stale page
// fails, naming the command that rewrites it: scripts/gen_docs.sh), and every relative link of the
// README and docs/ leads to a file that exists (and, into a generated page, to an anchor it has).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "tests/support/cli_runner.h"
#include "tests/support/defects_page.h"

namespace authspec::test {
namespace {

const std::string kRoot = AUTHSPEC_SOURCE_DIR;

std::string committed(const std::string& page) {
  return read_file(kRoot + "/" + page);
}

void expect_current(const std::string& page, const std::string& generated) {
  EXPECT_TRUE(committed(page) == generated)
      << page << " is stale: rewrite it with scripts/gen_docs.sh (after a build) and commit it";
}

TEST(DocsPages, ProfileReferenceIsCurrent) {
  const auto keys = run_authspec({"keys", "--markdown"});
  ASSERT_EQ(keys.code, 0) << keys.err;
  expect_current("docs/profile.md", keys.out);
}

TEST(DocsPages, CatalogueIsCurrent) {
  const auto list = run_authspec({"list", "--markdown"});
  ASSERT_EQ(list.code, 0) << list.err;
  expect_current("docs/catalogue.md", list.out);
}

TEST(DocsPages, CommandsAreCurrent) {
  const auto help = run_authspec({"help", "--markdown"});
  ASSERT_EQ(help.code, 0) << help.err;
  expect_current("docs/cli.md", help.out);
}

TEST(DocsPages, DefectsAreCurrent) {
  expect_current("docs/defects.md", defects_markdown());
}

// Every check and family has its anchor in the catalogue, and every defect its row.
TEST(DocsPages, GeneratedPagesCoverEverything) {
  const std::string catalogue = committed("docs/catalogue.md");
  const auto list = run_authspec({"list", "--json"});
  const auto checks = nlohmann::json::parse(list.out)["checks"];
  ASSERT_GT(checks.size(), 100u);
  for (const auto& c : checks) {
    std::string id = c["id"].get<std::string>();
    for (char& ch : id) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    EXPECT_NE(catalogue.find("<a id=\"" + id + "\"></a>"), std::string::npos) << id;
  }
  const std::string defects = committed("docs/defects.md");
  for (const char* name : {"no-challenge", "realm-unquoted", "cors-fixed-origin"})
    EXPECT_NE(defects.find(std::string("| `") + name + "` |"), std::string::npos) << name;
  EXPECT_EQ(defects.find("no row in tests/defect_matrix.h"), std::string::npos);
}

// Relative links of README.md and docs/*.md: the file exists; an anchor into a page exists there
// (explicit <a id> or a heading's GitHub slug).
TEST(DocsPages, RelativeLinksLeadSomewhere) {
  namespace fs = std::filesystem;
  std::vector<fs::path> pages = {kRoot + "/README.md"};
  for (const auto& e : fs::directory_iterator(kRoot + "/docs"))
    if (e.path().extension() == ".md") pages.push_back(e.path());
  auto slug = [](std::string heading) {
    std::string out;
    for (char ch : heading) {
      const unsigned char u = static_cast<unsigned char>(ch);
      if (std::isalnum(u) || ch == '-' || ch == '_')
        out += static_cast<char>(std::tolower(u));
      else if (ch == ' ')
        out += '-';
    }
    return out;
  };
  auto anchors_of = [&](const fs::path& page) {
    std::set<std::string> out;
    std::istringstream in(read_file(page.string()));
    static const std::regex explicit_id("<a id=\"([^\"]+)\"></a>");
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (std::regex_search(line, m, explicit_id)) out.insert(m[1]);
      if (line.rfind("#", 0) == 0) out.insert(slug(line.substr(line.find(' ') + 1)));
    }
    return out;
  };
  static const std::regex link("\\]\\(([^)#\\s]*)(#[^)\\s]*)?\\)");
  std::size_t checked = 0;
  for (const auto& page : pages) {
    const std::string text = read_file(page.string());
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
      const std::string target = (*it)[1], anchor = (*it)[2];
      if (target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
      const fs::path file = target.empty() ? page : page.parent_path() / target;
      ++checked;
      ASSERT_TRUE(fs::exists(file)) << page.filename() << " links to " << target;
      if (!anchor.empty() && file.extension() == ".md") {
        EXPECT_TRUE(anchors_of(file).count(anchor.substr(1)))
            << page.filename() << " links to " << target << anchor;
      }
    }
  }
  EXPECT_GT(checked, 50u);
}

}  // namespace
}  // namespace authspec::test
