// Cases for the sanitizer build (scripts/sanitizers.sh) beyond the parser's own table: the
// decoders, the JOSE type checks and the mock's validators on the inputs that once crashed.
#include <gtest/gtest.h>

#include "mock_server/dpop.h"
#include "mock_server/tokens.h"
#include "suite/base64.h"
#include "suite/jose.h"
#include "suite/profile.h"

namespace authspec {
namespace {

std::string jws(const std::string& header, const std::string& payload) {
  return base64url_encode(header) + "." + base64url_encode(payload) + ".c2ln";
}

TEST(Sanitized, JoseMembersOfAnyTypeAreHandled) {
  for (const auto& [h, p] : std::vector<std::pair<std::string, std::string>>{
           {R"({"alg":5})", R"({"exp":"soon"})"},
           {R"({"alg":null,"jwk":{"kty":5,"x":[]}})", R"({"exp":1e300})"},
           {R"({"typ":{},"kid":[1]})", R"({"aud":[1,2],"nbf":-1})"}}) {
    const auto t = jwt::parse(jws(h, p));
    ASSERT_TRUE(t.has_value());
    EXPECT_FALSE(jwt::member_type_problem(*t).empty());
    EXPECT_EQ(jwt::text_member(t->header, "alg"), "");
    if (t->header.contains("jwk")) {
      EXPECT_FALSE(jwt::key_from_jwk(t->header["jwk"]).has_value());
    }
  }
}

TEST(Sanitized, MockValidatorsRefuseTokensAndProofsOfAnyType) {
  static const mock::Defects none;
  const mock::IssuedTokens issued(2000);
  const mock::TokenValidator tokens(none, issued);
  mock::DpopValidator proofs(none);
  for (const auto& [h, p] : std::vector<std::pair<std::string, std::string>>{
           {R"({"alg":5,"typ":7})", R"({"exp":"x"})"},
           {R"({"typ":"dpop+jwt","alg":"ES256","jwk":{"kty":"EC","crv":5,"x":1,"y":null}})",
            R"({"htm":1,"htu":[],"iat":"now","jti":2})"}}) {
    const std::string token = jws(h, p);
    EXPECT_NE(tokens.check(token).state, mock::TokenCheck::State::kValid);
    EXPECT_FALSE(proofs.check({token}, "GET", "https://x/", "t", "j", false).ok);
  }
}

TEST(Sanitized, ProfileLinesWithPercentSignsEnd) {
  for (const char* text : {"%invalid_line%\n", "[target]\nhide_with_404 = %value%\n",
                           "[target]\nbase_url = https://a:b%c@x/\n"}) {
    EXPECT_THROW(load_profile_text(text, "p.ini", {},
                                   [](const std::string&) { return std::optional<std::string>(); }),
                 ProfileError);
  }
}

}  // namespace
}  // namespace authspec
