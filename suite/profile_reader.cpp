#include "suite/profile_reader.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "suite/http.h"

namespace authspec {
namespace {

const std::vector<std::string> kStateChanging = {"POST", "PUT", "PATCH", "DELETE"};

// Edits (insert, delete, replace, swap of neighbours) from one string to another.
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min(
          {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::string SectionKeys::prefix() const {
  return section.substr(0, section.find('.'));
}

std::vector<std::string> section_names(const std::string& text, const std::string& prefix) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const std::string t = trim(line.substr(0, line.find('#')));
    if (t.size() < prefix.size() + 3 || t.front() != '[' || t.back() != ']') continue;
    const std::string section = trim(t.substr(1, t.size() - 2));
    if (section.rfind(prefix + ".", 0) != 0) continue;
    const std::string name = section.substr(prefix.size() + 1);
    if (std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

LineIndex::LineIndex(const std::string& text, std::string file) : file_(std::move(file)) {
  std::istringstream in(text);
  std::string line, section;
  for (int no = 1; std::getline(in, line); ++no) {
    const std::string t = trim(line.substr(0, line.find('#')));
    lines_.push_back(t);
    if (t.empty()) continue;
    if (t.front() == '[' && t.back() == ']') {
      section = trim(t.substr(1, t.size() - 2));
      continue;
    }
    const auto eq = t.find('=');
    const std::string key = trim(t.substr(0, eq));
    keys_[section.empty() ? key : section + "." + key].push_back(no);
  }
}

void LineIndex::fail(const std::string& key, const std::string& message, std::size_t nth) const {
  std::string where = file_;
  auto it = keys_.find(key);
  if (it != keys_.end() && nth < it->second.size())
    where += ":" + std::to_string(it->second[nth]);
  else if (env_keys.count(key))
    where += " (from the environment)";
  throw ProfileError(where + ": key " + key + ": " + message);
}

void LineIndex::fail_malformed_line(const std::string& message) const {
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    const std::string& t = lines_[i];
    if (t.empty() || (t.front() == '[' && t.back() == ']')) continue;
    const auto eq = t.find('=');
    if (eq == std::string::npos || trim(t.substr(0, eq)).empty())
      throw ProfileError(file_ + ":" + std::to_string(i + 1) + ": " + message);
  }
  throw ProfileError(file_ + ": " + message);
}

ProfileReader::ProfileReader(const SectionKeys& keys, const ProfileValues& values,
                             const LineIndex& index, const FileReader& read,
                             std::vector<std::string>& secrets)
    : keys_(keys), values_(values), index_(index), read_(read), secrets_(secrets) {}

bool ProfileReader::declares(const std::string& key) const {
  for (const auto& k : keys_.keys)
    if (k.name == key) return true;
  return false;
}

const KeySpec& ProfileReader::spec(const std::string& key) const {
  for (const auto& k : keys_.keys)
    if (k.name == key) return k;
  throw std::logic_error("the [" + keys_.section + "] loader reads the undeclared key " + key);
}

std::string ProfileReader::full(const std::string& key) const {
  spec(key);
  return keys_.section + "." + key;
}

void ProfileReader::keep_secret(const std::string& key, const std::string& value) const {
  if (spec(key).secret && !value.empty()) secrets_.push_back(value);
}

bool ProfileReader::has(const std::string& key) const {
  return values_.count(full(key)) > 0;
}

std::optional<std::string> ProfileReader::text(const std::string& key) const {
  const auto it = values_.find(full(key));
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  keep_secret(key, it->second.front());
  return it->second.front();
}

std::optional<bool> ProfileReader::flag(const std::string& key) const {
  const auto v = text(key);
  if (!v) return std::nullopt;
  return *v == "true";
}

const std::vector<std::string>& ProfileReader::list(const std::string& key) const {
  static const std::vector<std::string> none;
  const auto it = values_.find(full(key));
  return it == values_.end() ? none : it->second;
}

void ProfileReader::fail(const std::string& key, const std::string& message,
                         std::size_t nth) const {
  index_.fail(full(key), message, nth);
}

void ProfileReader::fail_at(const std::string& full_key, const std::string& message,
                            std::size_t nth) const {
  index_.fail(full_key, message, nth);
}

int ProfileReader::number(const std::string& key, int low, int high, int fallback) const {
  const auto v = text(key);
  if (!v) return fallback;
  if (v->empty() || v->size() > 6 || v->find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(*v) < low || std::stoi(*v) > high)
    fail(key, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
  return std::stoi(*v);
}

int ProfileReader::milliseconds(const std::string& key, int low_ms, int high_ms,
                                int fallback) const {
  const auto v = text(key);
  if (!v) return fallback;
  const auto dot = v->find('.');
  const std::string whole = v->substr(0, dot),
                    part = dot == std::string::npos ? "" : v->substr(dot + 1);
  auto digits = [](const std::string& s, std::size_t most) {
    return !s.empty() && s.size() <= most && s.find_first_not_of("0123456789") == std::string::npos;
  };
  const bool ok = digits(whole, 6) && (dot == std::string::npos || digits(part, 3));
  const long ms =
      ok ? std::stol(whole) * 1000 + (part.empty() ? 0 : std::stol((part + "00").substr(0, 3)))
         : -1;
  if (ms < low_ms || ms > high_ms)
    fail(key, "must be a number of seconds (up to three decimals) from " + format_seconds(low_ms) +
                  " to " + format_seconds(high_ms));
  return static_cast<int>(ms);
}

Resource ProfileReader::resource_any_schemes(const std::string& key, std::size_t nth) const {
  const auto& all = list(key);
  std::istringstream in(nth < all.size() ? all[nth] : "");
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return resource(key, words.size() >= 3 && words[2] != "writes-ok", nth);
}

Resource ProfileReader::resource(const std::string& key, bool needs_schemes,
                                 std::size_t nth) const {
  const auto& all = list(key);
  const std::string spec_text = nth < all.size() ? all[nth] : "";
  std::istringstream in(spec_text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  const std::string form = needs_schemes ? "METHOD PATH SCHEMES [writes-ok]" : "METHOD PATH";
  if (words.size() < (needs_schemes ? 3u : 2u))
    fail(key, "expected \"" + form + "\", got \"" + spec_text + "\"", nth);
  Resource r;
  r.method = words[0];
  r.path = words[1];
  for (char c : r.method)
    if (!std::isupper(static_cast<unsigned char>(c)))
      fail(key, "method \"" + r.method + "\" is not an upper-case token", nth);
  if (r.path.empty() || r.path[0] != '/')
    fail(key, "path \"" + r.path + "\" must start with /", nth);
  std::size_t next = 2;
  if (needs_schemes) {
    for (const auto& part : split(to_lower(words[2]), ",")) {
      const std::string s = trim(part);
      if (s.empty()) continue;
      // Basic and Bearer are tested in depth, Digest through [digest]; any other scheme
      // (Token, SSWS...) with an [identity.NAME] authorization of that scheme.
      if (!is_token(s) || s == "apikey")
        fail(key,
             "\"" + s +
                 "\" is not a scheme name (basic, bearer, digest, or another "
                 "Authorization scheme such as token)",
             nth);
      r.schemes.push_back(s);
    }
    next = 3;
  }
  for (; next < words.size(); ++next) {
    if (words[next] == "writes-ok")
      r.writes_ok = true;
    else if (words[next].rfind("canary=", 0) == 0 && words[next].size() > 7)
      r.canary = words[next].substr(7);
    else
      fail(key, "unknown flag \"" + words[next] + "\" (expected writes-ok or canary=TEXT)", nth);
  }
  const bool changes_state =
      std::find(kStateChanging.begin(), kStateChanging.end(), r.method) != kStateChanging.end();
  if (changes_state && !r.writes_ok)
    fail(key, r.method + " changes state: add writes-ok to allow authspec to send it to " + r.path,
         nth);
  return r;
}

std::optional<Resource> ProfileReader::optional_resource(const std::string& key,
                                                         bool needs_schemes) const {
  if (!has(key)) return std::nullopt;
  return resource(key, needs_schemes);
}

std::string ProfileReader::file(const std::string& key) const {
  const std::string path = text(key).value_or("");
  const auto content = read_(path);
  if (!content) fail(key, "cannot read " + path);
  return *content;
}

std::string ProfileReader::secret_file(const std::string& key) const {
  std::string value = file(key);
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) fail(key, text(key).value_or("") + " is empty");
  keep_secret(key, value);
  return value;
}

std::optional<Password> ProfileReader::password(const std::string& user_key,
                                                const std::string& pass_key) const {
  const auto user = text(user_key);
  auto pass = text(pass_key);
  const std::string file_key = pass_key + "_file";
  const bool has_file = declares(file_key) && has(file_key);
  if (pass && has_file) fail(file_key, "given together with " + full(pass_key) + ": keep one");
  if (!pass && has_file) pass = secret_file(file_key);
  if (!user && !pass) return std::nullopt;
  if (!user || user->empty()) fail(user_key, "missing (the password is given without a user)");
  if (!pass) fail(user_key, "has no " + pass_key + " (or " + pass_key + "_file)");
  if (user->find(':') != std::string::npos)
    fail(user_key, "a Basic user id cannot contain ':' (RFC 7617 §2)");
  return Password{*user, *pass};
}

std::optional<std::string> ProfileReader::token() const {
  if (auto t = text("token")) {
    if (t->empty()) fail("token", "is empty");
    return t;
  }
  if (has("token_file")) return secret_file("token_file");
  return std::nullopt;
}

std::string ProfileReader::origin(const std::string& value, const std::string& key, std::size_t nth,
                                  const char* scheme) const {
  std::string origin, prefix;
  try {
    parse_base_url(value, "x", origin, prefix);
  } catch (const ProfileError& e) {
    fail(key, std::string(e.what()).substr(3), nth);
  }
  if (!prefix.empty() || value.back() == '/')
    fail(key, "\"" + value + "\" is not an origin (scheme://host[:port], no path)", nth);
  if (scheme && origin.rfind(scheme, 0) != 0)
    fail(key, "must be an " + std::string(scheme) + " URL", nth);
  return origin;
}

const std::vector<ProfileSection>& profile_sections() {
  static const std::vector<ProfileSection> sections = [] {
    std::vector<ProfileSection> out;
    add_target_sections(out);
    add_credential_sections(out);
    add_oauth_sections(out);  // after [bearer]: it may stand in for its token
    add_token_sections(out);
    add_access_sections(out);
    add_transport_sections(out);
    add_session_sections(out);
    add_apikey_sections(out);
    add_identity_sections(out);  // last: identities name resources of the sections above
    return out;
  }();
  return sections;
}

std::string nearest_key(const std::string& key) {
  // No slip makes a key this long (and comparing a 64 KB line with every key would be slow).
  if (key.size() > 64) return "";
  std::string best;
  std::size_t best_distance = SIZE_MAX;
  for (const auto& s : profile_sections()) {
    // A named section's keys are compared under the name the key uses ([identity.admin]).
    std::string section = s.keys.section;
    const std::string prefix = s.keys.prefix() + ".";
    if (s.keys.named && key.rfind(prefix, 0) == 0 && key.find('.', prefix.size()) != key.npos)
      section = to_lower(key.substr(0, key.find('.', prefix.size())));
    for (const auto& k : s.keys.keys) {
      const std::string name = section + "." + k.name;
      const std::size_t d = edit_distance(to_lower(key), name);
      if (d < best_distance) {
        best = name;
        best_distance = d;
      }
    }
  }
  // Close enough to be a slip: a third of the key's length, at least two edits, at most four.
  const std::size_t allowed = std::clamp<std::size_t>(key.size() / 3, 2, 4);
  return best_distance <= allowed ? best : "";
}

}  // namespace authspec
