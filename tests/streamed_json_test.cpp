// Streamed JSON (issue 17): the big arrays of a report are written an element at a time, and the
// document reads back exactly as if it had been built whole.
#include "reports/streamed_json.h"

#include <gtest/gtest.h>

#include <sstream>

namespace authspec {
namespace {

using nlohmann::json;

TEST(StreamedJson, ReadsBackAsTheWholeDocument) {
  json doc = {{"top", streamed_array(0)},
              {"nested", {{"deeper", {{"list", streamed_array(1)}}}, {"x", 1}}},
              {"empty", streamed_array(2)},
              {"text", "a \x01 control character and \"quotes\""}};
  const std::vector<json> top = {json{{"a", 1}}, json("two"), json::array({3, 4})};
  std::ostringstream out;
  write_streamed_json(out, doc,
                      {[&](const auto& emit) {
                         for (const auto& e : top) emit(e);
                       },
                       [](const auto& emit) {
                         for (int i = 0; i < 1000; ++i)
                           emit(json{{"i", i}, {"s", "\xff bad utf-8"}});
                       },
                       [](const auto&) {}});
  const json back = json::parse(out.str());
  EXPECT_EQ(back["top"], json(top));
  ASSERT_EQ(back["nested"]["deeper"]["list"].size(), 1000u);
  EXPECT_EQ(back["nested"]["deeper"]["list"][999]["i"], 999);
  EXPECT_EQ(back["nested"]["deeper"]["list"][0]["s"], "\xef\xbf\xbd bad utf-8")
      << "invalid UTF-8 replaced, as dump() does";
  EXPECT_EQ(back["nested"]["x"], 1);
  EXPECT_EQ(back["empty"], json::array());
  EXPECT_EQ(back["text"], doc["text"]);
  EXPECT_EQ(out.str().back(), '\n');
}

}  // namespace
}  // namespace authspec
