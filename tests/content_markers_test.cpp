// suite/content_markers.h: the index finds exactly what a search for each marker in turn finds.
#include "suite/content_markers.h"

#include <gtest/gtest.h>

#include <random>

#include "suite/profile.h"

namespace authspec {
namespace {

bool searched_one_by_one(const std::vector<std::string>& markers, const std::string& body) {
  for (const auto& m : markers)
    if (!m.empty() && body.find(m) != std::string::npos) return true;
  return false;
}

TEST(ContentMarkers, FewAreSearchedOneByOne) {
  const ContentMarkers few({"AUTHSPEC-CANARY", "", "short", "AUTHSPEC-CANARY"});
  EXPECT_TRUE(few.found_in("xx AUTHSPEC-CANARY yy"));
  EXPECT_TRUE(few.found_in("short"));
  EXPECT_FALSE(few.found_in("AUTHSPEC-CANAR"));
  EXPECT_FALSE(few.found_in(""));
  EXPECT_FALSE(ContentMarkers({}).found_in("anything"));
  EXPECT_FALSE(ContentMarkers({""}).found_in("anything"));
}

TEST(ContentMarkers, ManyAreFoundAnywhereInTheBody) {
  std::vector<std::string> markers;
  for (int i = 0; i < 1000; ++i) markers.push_back("record-" + std::to_string(i) + "-secret");
  markers.push_back("tiny");        // shorter than the index key: searched on its own
  markers.push_back("record-7-s");  // shares the first 8 bytes with record-7-secret
  const ContentMarkers index(markers);
  EXPECT_TRUE(index.found_in("record-999-secret"));             // the whole body
  EXPECT_TRUE(index.found_in("{\"a\": \"record-0-secret\"}"));  // inside
  EXPECT_TRUE(index.found_in("ends with record-512-secret"));   // at the end
  EXPECT_TRUE(index.found_in("a tiny one"));
  EXPECT_TRUE(index.found_in("record-7-s"));
  EXPECT_FALSE(index.found_in("record-1000-secret"));
  EXPECT_FALSE(index.found_in("record-12-secre"));  // cut off by the end of the body
  EXPECT_FALSE(index.found_in("record-"));          // shorter than a key
  EXPECT_FALSE(index.found_in(std::string("record-3\0-secret", 16)));
}

// Random markers and bodies over a small alphabet (so markers overlap, repeat and share keys):
// the index and a plain search per marker agree on every body.
TEST(ContentMarkers, AgreesWithASearchPerMarker) {
  std::mt19937 random(20261203);
  auto text = [&](std::size_t size) {
    std::string s(size, 'a');
    for (auto& c : s) c = "ab-\0\xff"[random() % 5];
    return s;
  };
  for (int round = 0; round < 200; ++round) {
    std::vector<std::string> markers;
    const std::size_t count = random() % 40;
    for (std::size_t i = 0; i < count; ++i) markers.push_back(text(random() % 14));
    const ContentMarkers index(markers);
    for (int b = 0; b < 20; ++b) {
      std::string body = text(random() % 80);
      if (!markers.empty() && random() % 2) {
        const std::string& m = markers[random() % markers.size()];
        body.insert(random() % (body.size() + 1), m);
      }
      ASSERT_EQ(index.found_in(body), searched_one_by_one(markers, body))
          << "round " << round << ", body of " << body.size() << " bytes";
    }
  }
}

// A profile builds the index once; a copy, or a change announced by canaries_changed(), builds
// it again from the canaries as they are then.
TEST(ContentMarkers, AProfileRebuildsThemWhenItsCanariesChange) {
  Profile p;
  p.canary = "PROFILE-MARK";
  p.protected_resources.resize(20);
  for (std::size_t i = 0; i < p.protected_resources.size(); ++i)
    p.protected_resources[i].canary = "resource-mark-" + std::to_string(i);
  EXPECT_TRUE(p.holds_protected_content("... resource-mark-19 ..."));
  EXPECT_TRUE(p.holds_protected_content("PROFILE-MARK"));
  EXPECT_FALSE(p.holds_protected_content("resource-mark-x"));

  p.protected_resources[0].canary = "learned-later-mark";
  Profile copy = p;
  EXPECT_TRUE(copy.holds_protected_content("learned-later-mark"));
  EXPECT_FALSE(p.holds_protected_content("learned-later-mark"));  // not announced yet
  p.canaries_changed();
  EXPECT_TRUE(p.holds_protected_content("learned-later-mark"));
  EXPECT_FALSE(p.holds_protected_content("resource-mark-0 "));
}

}  // namespace
}  // namespace authspec
