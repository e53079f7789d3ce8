// Spec references as structured data: parsing the catalogue's spec texts, which section covers
// which, and where each one is read.
#include "suite/spec_refs.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "suite/registry.h"

namespace authspec {
namespace {

std::vector<std::string> texts(const std::string& spec) {
  std::vector<std::string> out;
  for (const auto& r : parse_spec_refs(spec)) out.push_back(r.document + " | " + r.section);
  return out;
}

TEST(SpecRefs, ParsesTheCatalogueForms) {
  using V = std::vector<std::string>;
  EXPECT_EQ(texts("RFC 9110 §15.5.2"), V{"RFC 9110 | 15.5.2"});
  EXPECT_EQ(texts("RFC 9110 §15.5.4, §15.5.2, §11.4; RFC 6750 §3.1"),
            (V{"RFC 9110 | 15.5.4", "RFC 9110 | 15.5.2", "RFC 9110 | 11.4", "RFC 6750 | 3.1"}));
  EXPECT_EQ(texts("RFC 7616 §3.3 (stale)"), V{"RFC 7616 | 3.3"});
  EXPECT_EQ(texts("RFC 7616 §3.4.1-§3.4.3, §3.5"), (V{"RFC 7616 | 3.4.1-3.4.3", "RFC 7616 | 3.5"}));
  EXPECT_EQ(texts("RFC 6265bis §4.1.3.2; ASVS 4.0.3 V3.4.4, V3.4.5"),
            (V{"RFC 6265bis | 4.1.3.2", "ASVS 4.0.3 | V3.4.4", "ASVS 4.0.3 | V3.4.5"}));
  EXPECT_EQ(texts("WSTG-ATHZ-02, WSTG-ATHZ-03"), (V{"WSTG-ATHZ-02 | ", "WSTG-ATHZ-03 | "}));
  EXPECT_EQ(texts("WSTG-IDNT-04 (recovery facility)"), V{"WSTG-IDNT-04 | "});
  EXPECT_EQ(texts("Fetch §3.3.3, §4.4"), (V{"Fetch | 3.3.3", "Fetch | 4.4"}));
  EXPECT_EQ(texts("RFC 9110 §4.2.3; CWE-647"), (V{"RFC 9110 | 4.2.3", "CWE-647 | "}));
}

TEST(SpecRefs, ASectionCoversItsSubsectionsOnly) {
  const SpecRef q{"RFC 9110", "11.4"};
  EXPECT_TRUE(covers(q, {"RFC 9110", "11.4"}));
  EXPECT_TRUE(covers(q, {"rfc 9110", "11.4.2"}));
  EXPECT_FALSE(covers(q, {"RFC 9110", "11.40"}));
  EXPECT_FALSE(covers(q, {"RFC 9111", "11.4"}));
  EXPECT_TRUE(covers({"RFC 9110", ""}, {"RFC 9110", "15.5.2"}));
  EXPECT_TRUE(covers({"RFC 7616", "3.4.2"}, {"RFC 7616", "3.4.1-3.4.3"}));
  EXPECT_FALSE(covers({"RFC 7616", "3.5"}, {"RFC 7616", "3.4.1-3.4.3"}));
}

TEST(SpecRefs, LinksGoToTheSection) {
  EXPECT_EQ((SpecRef{"RFC 9110", "11.6.1"}).url(),
            "https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1");
  EXPECT_EQ((SpecRef{"RFC 7616", "3.4.1-3.4.3"}).url(),
            "https://www.rfc-editor.org/rfc/rfc7616#section-3.4.1");
  EXPECT_EQ((SpecRef{"RFC 6265bis", "4.1.2.7"}).url(),
            "https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/");
  EXPECT_EQ((SpecRef{"WSTG-ATHZ-02", ""}).url(), "");
  EXPECT_EQ((SpecRef{"RFC 9110", "11.4"}).text(), "RFC 9110 §11.4");
}

// Every check's spec text parses into references of a known kind, each RFC one with a section.
TEST(SpecRefs, EveryCheckCitesWellFormedReferences) {
  static const std::regex document(
      "RFC [0-9]{4}(bis)?|Fetch|ASVS 4\\.0\\.3|WSTG-[A-Z]{4}-[0-9]{2}|CWE-[0-9]+|CAPEC-[0-9]+|"
      "OpenAPI 3\\.1\\.0");
  for (const auto& c : catalogue()) {
    ASSERT_FALSE(c.refs.empty()) << c.id;
    for (const auto& r : c.refs) {
      EXPECT_TRUE(std::regex_match(r.document, document)) << c.id << ": " << r.document;
      if (r.document.rfind("RFC", 0) == 0 || r.document.rfind("OpenAPI", 0) == 0) {
        EXPECT_FALSE(r.section.empty()) << c.id;
      }
    }
  }
}

}  // namespace
}  // namespace authspec
