// The mock's DPoP proof validator (RFC 9449 §4.3) on arbitrary proofs (one per input line).
// Invariants: never throws; an arbitrary proof is never valid for a binding it does not match.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "mock_server/dpop.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const authspec::mock::Defects none;
  static authspec::mock::DpopValidator validator(none);
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> proofs;
  for (std::size_t at = 0; at <= text.size() && proofs.size() < 4;) {
    const auto nl = text.find('\n', at);
    proofs.push_back(text.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  const auto check = validator.check(proofs, "GET", "https://127.0.0.1/api/dpop", "a-token",
                                     "no-such-thumbprint", false);
  if (check.ok) std::abort();
  return 0;
}
