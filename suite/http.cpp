#include "suite/http.h"

#include <algorithm>
#include <cctype>

#include "suite/digest.h"

namespace authspec {

std::string Request::key() const {
  std::string k = method + '\n' + target + '\n';
  for (const auto& [name, value] : headers) k += name + ':' + value + '\n';
  k += '\n' + body + '\n' + std::to_string(repeat);
  if (preceded_by) k += "\nafter:" + preceded_by->key();
  if (waits()) k += "\nnot before:" + std::to_string(not_before.time_since_epoch().count());
  if (!origin.empty()) k += "\norigin:" + origin;
  return *digest::hash("SHA-256", k);
}

std::string Request::url(const std::string& target_origin) const {
  if (!target.empty() && target[0] != '/' && target.find("://") != std::string::npos) return target;
  return (origin.empty() ? target_origin : origin) + target;
}

const char* failure_kind_name(FailureKind kind) {
  switch (kind) {
    case FailureKind::kNone:
      return "none";
    case FailureKind::kConnect:
      return "connect failure";
    case FailureKind::kTls:
      return "TLS failure";
    case FailureKind::kTimeout:
      return "timeout";
    case FailureKind::kMalformedResponse:
      return "malformed response";
    case FailureKind::kAborted:
      return "aborted";
    case FailureKind::kOther:
      return "transfer failure";
  }
  return "unknown";
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

std::vector<std::string> split(const std::string& s, const std::string& separator) {
  std::vector<std::string> out;
  for (std::size_t at = 0;;) {
    const auto next = s.find(separator, at);
    out.push_back(s.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) return out;
    at = next + separator.size();
  }
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string to_lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::vector<std::string> Response::values(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) out.push_back(v);
  return out;
}

std::string Response::first(const std::string& name) const {
  for (const auto& [n, v] : headers)
    if (iequals(n, name)) return v;
  return {};
}

bool is_tchar(unsigned char c) {
  if (std::isalnum(c) && c < 0x80) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(const std::string& s) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!is_tchar(c)) return false;
  return true;
}

}  // namespace authspec
