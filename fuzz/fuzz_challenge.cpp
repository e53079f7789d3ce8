// The RFC 9110 §11 challenge parser on arbitrary field lines (one per input line).
// Invariants: it never throws; a parse is valid exactly when it has no error; its JSON renders.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "suite/challenge.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> lines;
  for (std::size_t at = 0; at <= text.size();) {
    const auto nl = text.find('\n', at);
    lines.push_back(text.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  const auto parse = authspec::parse_challenges(lines);
  if (parse.valid != parse.errors.empty()) std::abort();
  for (const auto& c : parse.challenges)
    if (c.scheme.empty() && parse.valid) std::abort();
  (void)authspec::challenge_parse_to_json(parse);
  (void)parse.with_scheme("Basic");
  return 0;
}
