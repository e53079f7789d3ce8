#include "suite/mask.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

#include "suite/base64.h"

namespace authspec {
namespace {
const std::string kMasked = "[masked]";

// A character that can be part of a credential (token68, a password word, a cookie value).
bool credential_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80 || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' ||
         c == '/' || c == '=';
}

// Below this length a secret is masked only as a whole word (a value of its own), never inside
// other text: a 2-character token must not blank out every word that contains those letters.
constexpr std::size_t kSubstringMaskLength = 8;

bool starts_with_field(const std::string& line, const std::string& name) {
  return line.size() > name.size() && line[name.size()] == ':' &&
         iequals(line.substr(0, name.size()), name);
}
}  // namespace

Masker::Masker(const Profile& profile) {
  auto add = [&](const std::string& s) {
    if (!s.empty()) secrets_.push_back(s);
  };
  for (const auto& s : profile.secrets()) add(s);
  auto pair = [&](const Password& pw) {
    add(base64_encode(pw.user + ":" + pw.password));
    add(pw.user + ":" + pw.password);
  };
  for (const auto* p : {&profile.basic, &profile.basic_colon, &profile.basic_utf8})
    if (*p) pair(**p);
  if (profile.low && profile.low->basic) pair(*profile.low->basic);
  if (profile.rate && profile.rate->lockout) pair(*profile.rate->lockout);
  if (profile.tls.throwaway) pair(*profile.tls.throwaway);
  if (profile.digest) pair(profile.digest->credentials);
  if (profile.proxy) pair(profile.proxy->credentials);
  std::sort(secrets_.begin(), secrets_.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::vector<std::string> Masker::texts(std::vector<std::string> lines) const {
  for (auto& line : lines) line = text(std::move(line));
  return lines;
}

std::string Masker::text(std::string s) const {
  for (const auto& secret : secrets_) {
    const bool whole_word_only = secret.size() < kSubstringMaskLength;
    for (auto at = s.find(secret); at != std::string::npos;) {
      const std::size_t end = at + secret.size();
      // ('=' before a value separates it, "token=xy"; after one it may be base64 padding.)
      if (whole_word_only && ((at > 0 && s[at - 1] != '=' && credential_char(s[at - 1])) ||
                              (end < s.size() && credential_char(s[end])))) {
        at = s.find(secret, at + 1);
        continue;
      }
      s.replace(at, secret.size(), kMasked);
      at = s.find(secret, at + kMasked.size());
    }
  }
  return s;
}

std::string Masker::request_head(const Exchange& ex) const {
  std::istringstream in(ex.sent_head);
  std::string line, out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const bool auth =
        starts_with_field(line, "Authorization") || starts_with_field(line, "Proxy-Authorization");
    if (starts_with_field(line, "Cookie")) {
      // Cookie names stay (they tell which session was sent); every value is masked.
      std::string masked;
      for (const auto& pair : split(line.substr(line.find(':') + 1), ";")) {
        const auto start = pair.find_first_not_of(' '), eq = pair.find('=');
        if (start == std::string::npos) continue;
        masked +=
            (masked.empty() ? "" : "; ") +
            (eq == std::string::npos ? kMasked : pair.substr(start, eq + 1 - start) + kMasked);
      }
      line = line.substr(0, line.find(':') + 1) + " " + masked;
    } else if (auth && ex.request.carries_secret) {
      const auto colon = line.find(':');
      std::string value = line.substr(colon + 1);
      const auto start = value.find_first_not_of(' ');
      value = start == std::string::npos ? "" : value.substr(start);
      const auto sp = value.find(' ');
      // Keep the scheme so the reader sees what kind of credential it was.
      line = line.substr(0, colon + 1) + " " +
             (sp != std::string::npos ? value.substr(0, sp + 1) : "") + kMasked;
    }
    out += line + "\n";
  }
  return text(out);
}

void Masker::learn_secrets(const Exchange& ex) {
  bool added = false;
  auto learn = [&](const std::string& value) {
    if (value.size() < 8 || std::find(secrets_.begin(), secrets_.end(), value) != secrets_.end())
      return;  // short values (flags such as "1") would mask ordinary text
    secrets_.push_back(value);
    added = true;
  };
  for (const auto& value : ex.response.values("Set-Cookie")) {
    const auto eq = value.find('=');
    if (eq != std::string::npos) learn(value.substr(eq + 1, value.find(';') - eq - 1));
  }
  // Tokens a token endpoint issued (RFC 6749 §5.1): the OAUTH checks ask for fresh ones.
  static const std::regex issued(
      R"re("(access_token|refresh_token|id_token)"\s*:\s*"([^"\\]+)")re");
  // (Only bodies that name a token are searched: the regex runs on few of a run's answers.)
  if (ex.response.body.size() <= 64 * 1024)
    if (const auto body = ex.response.body.text(); body->find("_token\"") != std::string::npos)
      for (std::sregex_iterator it(body->begin(), body->end(), issued), end; it != end; ++it)
        learn((*it)[2].str());
  if (added)
    std::sort(secrets_.begin(), secrets_.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string Masker::response_header(const std::string& name, const std::string& value) const {
  if (iequals(name, "Set-Cookie")) {
    const auto eq = value.find('=');
    const auto semi = value.find(';');
    if (eq != std::string::npos && (semi == std::string::npos || eq < semi))
      return value.substr(0, eq + 1) + kMasked +
             (semi == std::string::npos ? "" : value.substr(semi));
  }
  return text(value);
}

std::string printable(const std::string& bytes, std::size_t limit) {
  std::string out;
  const std::size_t n = std::min(bytes.size(), limit);
  for (std::size_t i = 0; i < n;) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    auto escape = [&] {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      ++i;
    };
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        escape();
      else if (c == 0x7f)
        escape();
      else
        out += static_cast<char>(c), ++i;
      continue;
    }
    // A valid UTF-8 sequence is copied; anything else is escaped byte by byte.
    const int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    bool ok = len > 0 && i + len <= n;
    for (int k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
    if (ok) {
      out.append(bytes, i, len);
      i += len;
    } else {
      escape();
    }
  }
  if (bytes.size() > limit)
    out += "\n[... " + std::to_string(bytes.size() - limit) + " more bytes not shown]";
  return out;
}

}  // namespace authspec
