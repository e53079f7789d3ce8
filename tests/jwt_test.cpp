// JWS primitives, token forging and minting, and the mock's token validation.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "mock_server/tokens.h"
#include "suite/base64.h"
#include "suite/checks/token_forge.h"
#include "suite/jose.h"
#include "suite/mock_profile.h"
#include "suite/profile.h"

namespace authspec {
namespace {

// RFC 7515 Appendix A.1: the HS256 example, byte for byte.
TEST(Jws, Rfc7515AppendixA1Hs256) {
  const auto key = jwt::base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(key);
  const std::string input =
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGF"
      "tcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
  EXPECT_EQ(base64url_encode(jwt::sign(input, "HS256", jwt::hmac_key(*key))),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  const auto sig = jwt::base64url_decode("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  EXPECT_TRUE(jwt::verify(input, *sig, "HS256", jwt::hmac_key(*key)));
  EXPECT_FALSE(jwt::verify(input + "x", *sig, "HS256", jwt::hmac_key(*key)));
  EXPECT_FALSE(jwt::verify(input, *sig, "HS512", jwt::hmac_key(*key)));
}

// RFC 7638 §3.1: the thumbprint of the example RSA key.
TEST(Jws, Rfc7638Thumbprint) {
  const nlohmann::json jwk = {
      {"kty", "RSA"},
      {"n",
       "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_"
       "BJECPebWKRXjBZCiFV4n3oknjhMs"
       "tn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_"
       "FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5h"
       "ajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-"
       "csFCur-kEgU8awapJzKnqDKgw"},
      {"e", "AQAB"},
      {"alg", "RS256"},
      {"kid", "2011-04-29"}};
  EXPECT_EQ(jwt::thumbprint(jwk), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
}

TEST(Jws, Base64UrlRoundTripAndStrictness) {
  for (const std::string& s : std::vector<std::string>{
           "", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\xff\xfe\x00\x01", 4)})
    EXPECT_EQ(*jwt::base64url_decode(base64url_encode(s)), s);
  EXPECT_FALSE(jwt::base64url_decode("a+b/"));  // the standard alphabet is not base64url
  EXPECT_FALSE(jwt::base64url_decode("abc="));  // no padding in JWS
  EXPECT_FALSE(jwt::base64url_decode("a"));     // impossible length
}

// Verifies a compact JWS with plain OpenSSL calls, independent of jwt::verify.
bool openssl_verify_rs256(const std::string& token, const std::string& public_pem) {
  const auto t = jwt::parse(token);
  const auto sig = jwt::base64url_decode(t->signature_b64);
  BIO* bio = BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const std::string input = t->signing_input();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig->data()), sig->size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(key);
  return ok;
}

Profile mock_profile() {
  return load_profile_text(kMockProfile, "mock.ini", {}, mock_fixture_file);
}

TEST(Forge, MintedTokensDecodeAndVerifyWithOpenSsl) {
  const Profile p = mock_profile();
  ASSERT_TRUE(forge::can_mint(p));
  const std::string token = forge::mint(p, forge::valid_header(p), forge::valid_claims(p));
  const auto t = jwt::parse(token);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->header["alg"], "RS256");
  EXPECT_EQ(t->header["kid"], "mock-rs");
  EXPECT_EQ(t->payload["iss"], "https://issuer.authspec.test");
  EXPECT_EQ(t->payload["aud"], "authspec-mock-api");
  EXPECT_EQ(t->payload["exp"].get<long>() - t->payload["iat"].get<long>(), 600);
  EXPECT_TRUE(openssl_verify_rs256(token, kMockRs256PubPem));
  // Memoized: the same inputs give the identical token (so the runner sends it once).
  EXPECT_EQ(token, forge::mint(p, forge::valid_header(p), forge::valid_claims(p)));
}

TEST(Forge, TamperedTokensKeepTheOriginalSignatureAndFailVerification) {
  const Profile p = mock_profile();
  const std::string token = *forge::base_token(p);
  auto claims = jwt::parse(token)->payload;
  claims["sub"] = "intruder";
  const std::string forged = forge::with_payload(token, claims);
  EXPECT_EQ(jwt::parse(forged)->signature_b64, jwt::parse(token)->signature_b64);
  EXPECT_EQ(jwt::parse(forged)->payload["sub"], "intruder");
  EXPECT_FALSE(openssl_verify_rs256(forged, kMockRs256PubPem));
  EXPECT_TRUE(forge::with_signature(token, "").back() == '.');
}

TEST(Forge, Es256SignaturesAreJoseRawAndVerify) {
  const jwt::Key key = *jwt::key_from_pem(kMockEs256Pem);
  const std::string token = jwt::encode({{"alg", "ES256"}}, {{"sub", "x"}}, key);
  const auto t = jwt::parse(token);
  EXPECT_EQ(jwt::base64url_decode(t->signature_b64)->size(), 64u);  // R||S, not DER
  EXPECT_TRUE(jwt::verify(t->signing_input(), *jwt::base64url_decode(t->signature_b64), "ES256",
                          *jwt::key_from_pem(kMockEs256PubPem)));
  // A JWK made from the key verifies it too (the embedded-jwk path).
  const auto from_jwk = jwt::key_from_jwk(jwt::public_jwk(key));
  ASSERT_TRUE(from_jwk);
  EXPECT_TRUE(jwt::verify(t->signing_input(), *jwt::base64url_decode(t->signature_b64), "ES256",
                          *from_jwk));
}

TEST(Forge, ParseRejectsWhatIsNotACompactJws) {
  for (const std::string& bad : std::vector<std::string>{"a.b", "a.b.c.d", "%%%.x.y", "", "..",
                                                         base64url_encode("[1,2]") + ".e30.x"})
    EXPECT_FALSE(jwt::parse(bad)) << bad;
  EXPECT_TRUE(jwt::parse(base64url_encode("{}") + "." + base64url_encode("{}") + "."));
}

class MockTokens : public ::testing::Test {
 protected:
  mock::Defects none;
  mock::IssuedTokens issued{2000};
  mock::TokenValidator validator{none, issued};
  nlohmann::json claims() const {
    const long now = forge::run_now();
    return {{"iss", mock::kIssuer},
            {"aud", mock::kAudience},
            {"sub", "alice"},
            {"exp", now + 60},
            {"scope", "read"}};
  }
};

TEST_F(MockTokens, AcceptsEachSupportedAlgorithmWithItsKey) {
  const std::vector<std::pair<nlohmann::json, jwt::Key>> cases = {
      {{{"alg", "HS256"}, {"kid", "mock-hs"}}, jwt::hmac_key(mock::kHmacSecret)},
      {{{"alg", "RS256"}, {"kid", "mock-rs"}}, *jwt::key_from_pem(kMockRs256Pem)},
      {{{"alg", "ES256"}, {"kid", "mock-es"}}, *jwt::key_from_pem(kMockEs256Pem)},
      {{{"alg", "ES256"}}, *jwt::key_from_pem(kMockEs256Pem)}};  // no kid: the alg family's key
  for (const auto& [header, key] : cases) {
    const auto c = validator.check(jwt::encode(header, claims(), key));
    EXPECT_EQ(c.state, mock::TokenCheck::State::kValid) << header.dump() << " " << c.why;
    EXPECT_EQ(c.user, "alice");
  }
}

TEST_F(MockTokens, RefusesWhatRfc8725Forbids) {
  const jwt::Key rs = *jwt::key_from_pem(kMockRs256Pem);
  auto expired = claims();
  expired["exp"] = forge::run_now() - 3600;
  auto string_exp = claims();
  string_exp["exp"] = "9999999999";
  const std::vector<std::string> bad = {
      jwt::encode({{"alg", "RS256"}, {"kid", "mock-rs"}}, expired, rs),
      jwt::encode({{"alg", "RS256"}, {"kid", "mock-rs"}}, string_exp, rs),
      jwt::encode({{"alg", "RS512"}, {"kid", "mock-rs"}}, claims(), rs),
      jwt::encode({{"alg", "HS256"}, {"kid", "mock-rs"}}, claims(),
                  jwt::hmac_key(kMockRs256PubPem)),
      jwt::encode({{"alg", "none"}}, claims(), {}),
      jwt::encode({{"alg", "RS256"}, {"kid", "mock-rs"}, {"crit", {"x"}}, {"x", 1}}, claims(), rs),
      jwt::encode({{"alg", "HS256"}}, claims(), jwt::hmac_key("secret")),
  };
  for (const auto& token : bad)
    EXPECT_EQ(validator.check(token).state, mock::TokenCheck::State::kInvalid) << token;
}

}  // namespace
}  // namespace authspec
