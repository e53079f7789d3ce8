// base64 (strict, canonical) and base64url. Invariants: never throws; whatever the strict
// decoder accepts re-encodes to exactly its input; every encoding decodes back.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "suite/base64.h"
#include "suite/jose.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto bytes = authspec::base64_decode_strict(text))
    if (authspec::base64_encode(*bytes) != text) std::abort();
  const auto round = authspec::base64_decode_strict(authspec::base64_encode(text));
  if (!round || *round != text) std::abort();
  (void)authspec::jwt::base64url_decode(text);
  const auto url = authspec::jwt::base64url_decode(authspec::base64url_encode(text));
  if (!url || *url != text) std::abort();
  return 0;
}
