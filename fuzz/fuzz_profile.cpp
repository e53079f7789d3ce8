// The profile loader on arbitrary text. Invariants: it returns a profile or throws its one
// documented error type (ProfileError, with a message); nothing else, and it always returns
// (the Boost formatter once looped forever on "%...%").
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

#include "suite/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    (void)authspec::load_profile_text(
        text, "fuzz.ini", {},
        [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
  } catch (const authspec::ProfileError& e) {
    if (std::string(e.what()).empty()) std::abort();
  } catch (const std::invalid_argument& e) {  // a bad URL override: documented, exit 2
  }
  return 0;
}
