// The Digest arithmetic the mock verifies with and the checks answer with (suite/digest.h),
// against RFC 7616 §3.9.1's worked example: a known answer from the RFC, not agreement between
// two users of the same code.
#include <gtest/gtest.h>

#include "suite/digest.h"

namespace authspec {
namespace {

digest::Credentials rfc7616_example(const std::string& algorithm) {
  digest::Credentials c;
  c.username = "Mufasa";
  c.password = "Circle of Life";
  c.realm = "http-auth@example.org";
  c.nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  c.uri = "/dir/index.html";
  c.method = "GET";
  c.algorithm = algorithm;
  c.qop = "auth";
  c.nc = "00000001";
  c.cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  c.opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";
  return c;
}

TEST(DigestVectors, Rfc7616WorkedExampleMd5) {
  EXPECT_EQ(digest::response(rfc7616_example("MD5")), "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(DigestVectors, Rfc7616WorkedExampleSha256) {
  EXPECT_EQ(digest::response(rfc7616_example("SHA-256")),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

// The Authorization value carries the example's parameters, with algorithm, qop and nc unquoted
// (RFC 7616 §3.4: "a sender MUST NOT generate the quoted string syntax" for them).
TEST(DigestVectors, AuthorizationCarriesTheExampleParameters) {
  const std::string a = digest::authorization(rfc7616_example("SHA-256"));
  for (const char* part :
       {"username=\"Mufasa\"", "realm=\"http-auth@example.org\"", "uri=\"/dir/index.html\"",
        "algorithm=SHA-256", "qop=auth", "nc=00000001",
        "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""})
    EXPECT_NE(a.find(part), std::string::npos) << part << " in " << a;
}

}  // namespace
}  // namespace authspec
