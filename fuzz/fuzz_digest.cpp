// Digest: the mock's Authorization handling and the client's reading of challenges, on
// arbitrary input. Invariants: never throws; the mock answers 200, 400 or 401 only, and 200 only
// to a correct response (which random input is not).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

#include "mock_server/clocks.h"
#include "mock_server/digest_auth.h"
#include "suite/challenge.h"
#include "suite/digest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const authspec::mock::Defects none;
  static authspec::mock::DigestAuth digest(none, authspec::mock::MockClocks{}.nonce_ms);
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto outcome =
      digest.verify("GET", "/api/digest", text, "authspec-mock@127.0.0.1",
                    [](const std::string& user) -> std::optional<std::string> {
                      return user == "alice" ? std::optional<std::string>("secret") : std::nullopt;
                    },
                    {"alice"});
  if (outcome.status != 400 && outcome.status != 401) std::abort();
  (void)authspec::digest::by_algorithm(authspec::parse_challenges({text}));
  return 0;
}
