// The API description reader (OpenAPI, Swagger; JSON or YAML through yaml-cpp) on arbitrary
// text, given as the document at a URL so no file is written: it returns a description or throws
// its one documented error type (ApiDescriptionError, with a message), nothing else, and always
// returns; a $ref to another document is asked of the fetcher, which has none.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "suite/openapi.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string url = "http://fuzz.example/openapi.yaml";
  const authspec::DescriptionFetcher fetch = [&](const std::string& asked) -> std::string {
    if (asked == url) return text;
    throw authspec::DescriptionFetchError(asked + ": not in the fuzz input");
  };
  try {
    (void)authspec::read_api_description(url, fetch);
  } catch (const authspec::ApiDescriptionError& e) {
    if (std::string(e.what()).empty()) std::abort();
  }
  return 0;
}
