// The mock's CORS layer (the Fetch standard's CORS protocol): preflights answered before
// authentication and without credentials, and every response to an allowed origin (401, 403 and
// 429 included) made readable by the script. Free of httplib so it stays a light unit.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "mock_server/defects.h"

namespace authspec::mock {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct CorsSettings {
  std::vector<std::string> origins = {"https://app.authspec.test"};
  bool credentials = true;  // Access-Control-Allow-Credentials: true (cookies, include mode)
};

class CorsPolicy {
 public:
  CorsPolicy(CorsSettings settings, const Defects& defects)
      : s_(std::move(settings)), d_(defects) {}

  bool allowed(const std::string& origin) const;
  // The answer to a preflight from `origin` (no credentials needed): the status, and the headers
  // added to `out`.
  int preflight(const std::string& origin, HeaderList& out) const;
  // The CORS headers of an actual response (`origin` may be empty: not a CORS request).
  void decorate(const std::string& origin, const std::string& path, int status,
                HeaderList& out) const;

 private:
  static bool network_restricted(const std::string& path);
  void allow(const std::string& origin, HeaderList& out) const;

  CorsSettings s_;
  const Defects& d_;
};

}  // namespace authspec::mock
