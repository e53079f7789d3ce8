// The compact JWS/JWT parser and the type checks a profile token goes through. Invariants:
// never throws; a parsed token has object header and payload; the typed accessors never throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "suite/jose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto token = authspec::jwt::parse(text);
  if (!token) return 0;
  if (!token->header.is_object() || !token->payload.is_object()) std::abort();
  (void)authspec::jwt::member_type_problem(*token);
  for (const char* k : {"alg", "typ", "kid", "jwk"})
    (void)authspec::jwt::text_member(token->header, k);
  if (token->header.contains("jwk")) {
    (void)authspec::jwt::key_from_jwk(token->header["jwk"]);
    (void)authspec::jwt::thumbprint(token->header["jwk"]);
  }
  return 0;
}
