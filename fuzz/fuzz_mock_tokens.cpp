// The mock's Bearer token validator on arbitrary tokens. Invariants: never throws; without a
// planted defect it never reports a server error and never accepts what it did not sign.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "mock_server/tokens.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const authspec::mock::Defects none;
  static const authspec::mock::IssuedTokens issued(2000);
  static const authspec::mock::TokenValidator validator(none, issued);
  const std::string token(reinterpret_cast<const char*>(data), size);
  const auto check = validator.check(token);
  if (check.state == authspec::mock::TokenCheck::State::kServerError) std::abort();
  return 0;
}
