// Secrets never leave authspec: every text a report, log or console line shows passes here.
#pragma once

#include <string>
#include <vector>

#include "suite/http.h"
#include "suite/profile.h"

namespace authspec {

class Masker {
 public:
  Masker() = default;
  // Masks the profile's passwords and tokens and the encodings they travel in (base64 user:pass).
  explicit Masker(const Profile& profile);

  // Any text: every known secret replaced by "[masked]".
  std::string text(std::string s) const;
  // Each of them, masked as text() masks it (the run-wide lines: caps, gate reasons, what was not
  // covered, which name resources and so may hold a key given in a query).
  std::vector<std::string> texts(std::vector<std::string> lines) const;
  // A request head: credentials of Authorization / Proxy-Authorization when the request carries a
  // real secret, and every Cookie value, are masked; then text().
  std::string request_head(const Exchange& ex) const;
  // A response header value: Set-Cookie values masked; then text().
  std::string response_header(const std::string& name, const std::string& value) const;
  // Cookie values the target set in this exchange, and tokens a token endpoint issued in it,
  // become secrets too (a session id sent back in a URL or a Cookie line, a fresh access token, is
  // masked wherever it shows up).
  void learn_secrets(const Exchange& ex);

 private:
  std::vector<std::string> secrets_;  // longest first, so a secret containing another masks whole
};

// Makes bytes safe to show anywhere (JSON, XML, a terminal): valid UTF-8, control bytes other
// than tab/CR/LF written as \xNN, and at most `limit` bytes (with a note of what was cut).
std::string printable(const std::string& bytes, std::size_t limit = 4096);

}  // namespace authspec
