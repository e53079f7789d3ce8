// The catalogue and the compliant mock's verdicts against the snapshots in tests/snapshots/ (made
// by scripts/update_snapshots.py before the code was reshaped): a refactoring must not change a
// check's declaration or a verdict. New fields may appear; the snapshot's fields must stay equal.
#include <gtest/gtest.h>

#include <regex>

#include "tests/support/cli_runner.h"

namespace authspec::test {
namespace {

nlohmann::json snapshot(const std::string& name) {
  return read_json(std::string(AUTHSPEC_SOURCE_DIR) + "/tests/snapshots/" + name);
}

TEST(Snapshot, CatalogueDeclarationsAreUnchanged) {
  const auto r = run_authspec({"list", "--json"});
  ASSERT_EQ(r.code, 0) << r.err;
  const auto now = nlohmann::json::parse(r.out), then = snapshot("catalogue.json");
  EXPECT_EQ(now["catalogue"], then["catalogue"]);
  ASSERT_EQ(now["checks"].size(), then["checks"].size());
  for (std::size_t i = 0; i < then["checks"].size(); ++i)
    for (const auto& [key, value] : then["checks"][i].items())
      EXPECT_EQ(now["checks"][i][key], value) << then["checks"][i]["id"] << " " << key;
}

TEST(Snapshot, CompliantMockVerdictsAreUnchanged) {
  TempDir tmp;
  const auto run = run_authspec({"run", "--no-color", "--json", tmp.path("r.json")});
  ASSERT_EQ(run.code, 0) << run.err;
  const auto now = read_json(tmp.path("r.json")), then = snapshot("compliant-verdicts.json");
  for (const auto& [key, value] : then["summary"].items())
    EXPECT_EQ(now["summary"][key], value) << key;
  ASSERT_EQ(now["results"].size(), then["results"].size());
  // A run that outlasted a Digest nonce on a loaded machine sends the stale answer again (the
  // verdicts hold): the run-wide checks then count one more 401 ("all 799 401 responses", seen
  // once in CI), so only the numbers in the messages may differ, and only then.
  const bool renewed = run_renewed_a_nonce(now);
  auto message = [&](const nlohmann::json& m) {
    return renewed ? std::regex_replace(m.get<std::string>(), std::regex("[0-9]+"), "N")
                   : m.get<std::string>();
  };
  for (std::size_t i = 0; i < then["results"].size(); ++i) {
    const auto& was = then["results"][i];
    for (const auto& [key, value] : was.items()) {
      if (value.is_null()) continue;  // a measurement (timing samples): differs per run
      if (key == "message")
        EXPECT_EQ(message(now["results"][i][key]), message(value))
            << was["check"] << " " << was["resource"];
      else
        EXPECT_EQ(now["results"][i][key], value) << was["check"] << " " << was["resource"];
    }
  }
}

}  // namespace
}  // namespace authspec::test
