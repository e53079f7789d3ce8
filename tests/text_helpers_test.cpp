// The small text helpers the reports and the profile lean on: trimming, splitting, URIs, times
// and durations.
#include <gtest/gtest.h>

#include "reports/report.h"
#include "suite/base64.h"
#include "suite/http.h"
#include "suite/mask.h"

namespace authspec {
namespace {

TEST(TextHelpers, TrimStripsWhitespaceAtBothEndsOnly) {
  EXPECT_EQ(trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(trim("a"), "a");
  EXPECT_EQ(trim(" \t\r\n"), "");
  EXPECT_EQ(trim(""), "");
}

TEST(TextHelpers, SplitKeepsEveryPartEmptyOnesIncluded) {
  EXPECT_EQ(split("a,,b", ","), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(split("CHAL-006 | * | x", " | "), (std::vector<std::string>{"CHAL-006", "*", "x"}));
  EXPECT_EQ(split("a;", ";"), (std::vector<std::string>{"a", ""}));
  EXPECT_EQ(split("", ";"), (std::vector<std::string>{""}));
}

TEST(TextHelpers, UriEscapeKeepsWhatUrisAllowAndEscapesTheRest) {
  EXPECT_EQ(uri_escape("https://h:1/a b?t=[masked]&x=%41#f"),
            "https://h:1/a%20b?t=%5Bmasked%5D&x=%41#f");
  EXPECT_EQ(uri_escape("/p\xC2\xA3\"<>"), "/p%C2%A3%22%3C%3E");
  EXPECT_EQ(uri_escape("/a-b._~!$&'()*+,;=:@"), "/a-b._~!$&'()*+,;=:@");
}

TEST(TextHelpers, IsoTimeIsUtcWithOptionalMilliseconds) {
  const auto t = std::chrono::system_clock::from_time_t(86400 * 366) + std::chrono::milliseconds(7);
  EXPECT_EQ(iso_time(t), "1971-01-02T00:00:00Z");
  EXPECT_EQ(iso_time(t, true), "1971-01-02T00:00:00.007Z");
}

TEST(TextHelpers, MillisecondsKeepMicrosecondsAndMinusOneForNotApplicable) {
  EXPECT_DOUBLE_EQ(milliseconds(std::chrono::microseconds(1234)), 1.234);
  EXPECT_DOUBLE_EQ(milliseconds(std::chrono::microseconds(0)), 0.0);
  EXPECT_DOUBLE_EQ(milliseconds(std::chrono::microseconds(-1)), -1.0);
}

}  // namespace
}  // namespace authspec

namespace authspec {
namespace {

// A secret is masked whatever its length; a short one only as a value of its own, so a 2-letter
// token does not blank out every word that holds those letters.
TEST(Masking, ShortSecretsAreMaskedAsWholeValuesOnly) {
  Profile p;
  p.bearer = "xy";
  p.basic = Password{"al", "pw"};
  const Masker m(p);
  EXPECT_EQ(m.text("Authorization: Bearer xy"), "Authorization: Bearer [masked]");
  EXPECT_EQ(m.text("token=xy&x=1"), "token=[masked]&x=1");
  EXPECT_EQ(m.text("xylophone and proxy"), "xylophone and proxy");
  EXPECT_EQ(m.text("user-pass al:pw; password pw;"), "user-pass [masked]; password [masked];");
  const std::string long_secret = "a-long-secret-value";
  p.bearer = long_secret;
  EXPECT_EQ(Masker(p).text("prefix" + long_secret + "suffix"), "prefix[masked]suffix");
}

// The reference decoder takes canonical base64 only (RFC 4648 §3.5: zero pad bits).
TEST(Base64, StrictDecodingIsCanonical) {
  EXPECT_EQ(base64_decode_strict("YQ=="), std::optional<std::string>("a"));
  EXPECT_EQ(base64_decode_strict("YR=="), std::nullopt);
  EXPECT_EQ(base64_decode_strict("YWI="), std::optional<std::string>("ab"));
  EXPECT_EQ(base64_decode_strict("YWJ="), std::nullopt);
  EXPECT_EQ(base64_decode_strict("YWJj"), std::optional<std::string>("abc"));
}

}  // namespace
}  // namespace authspec
