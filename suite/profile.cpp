#include "suite/profile.h"

#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "suite/described_operations.h"
#include "suite/http.h"
#include "suite/jose.h"
#include "suite/option_errors.h"
#include "suite/profile_reader.h"

namespace po = boost::program_options;

namespace authspec {
namespace {

// A named section's names as the text holds them ({"admin", "reader"} for [identity.*]).
using SectionNames = std::map<std::string, std::vector<std::string>>;

// The sections as the file uses them: the fixed ones, and each named one once per name.
std::vector<SectionKeys> sections_in_use(const SectionNames& names) {
  std::vector<SectionKeys> out;
  for (const auto& section : profile_sections()) {
    if (!section.keys.named) {
      out.push_back(section.keys);
      continue;
    }
    const auto found = names.find(section.keys.prefix());
    if (found == names.end()) continue;
    for (const auto& name : found->second) {
      SectionKeys keys = section.keys;
      keys.section = section.keys.prefix() + "." + name;
      out.push_back(keys);
    }
  }
  return out;
}

// The Boost.Program_options description of every key the sections declare.
po::options_description profile_options(const SectionNames& names = {}) {
  po::options_description d("profile");
  for (const auto& section : sections_in_use(names))
    for (const auto& k : section.keys) {
      const std::string name = section.section + "." + k.name;
      switch (k.kind) {
        case KeyKind::kText:
          d.add_options()(name.c_str(), po::value<std::string>());
          break;
        case KeyKind::kFlag:
          d.add_options()(name.c_str(), po::value<bool>());
          break;
        case KeyKind::kList:
          d.add_options()(name.c_str(), po::value<std::vector<std::string>>());
          break;
      }
    }
  return d;
}

// The parsed values by key, as the section readers take them (no Boost beyond this file).
ProfileValues values_of(const po::variables_map& vm) {
  ProfileValues out;
  for (const auto& [key, value] : vm) {
    const auto& any = value.value();
    if (const auto* text = boost::any_cast<std::string>(&any))
      out[key] = {*text};
    else if (const auto* flag = boost::any_cast<bool>(&any))
      out[key] = {*flag ? "true" : "false"};
    else if (const auto* list = boost::any_cast<std::vector<std::string>>(&any))
      out[key] = *list;
  }
  return out;
}

}  // namespace

bool Resource::accepts(const std::string& scheme) const {
  return std::find(schemes.begin(), schemes.end(), to_lower(scheme)) != schemes.end();
}

const std::string& Profile::canary_of(const Resource* r) const {
  return r && !r->canary.empty() ? r->canary : canary;
}

bool Profile::holds_protected_content(const std::string& body) const {
  const auto markers = content_markers.get([this] {
    std::vector<std::string> all{canary};
    for (const auto& r : protected_resources) all.push_back(r.canary);
    return all;
  });
  return markers->found_in(body);
}

namespace {
// Every resource's operation, matched once when the profile is loaded.
void index_operations(Profile& p) {
  if (!p.description) return;
  std::vector<std::string> labels;
  for (const auto* list : {&p.protected_resources, &p.public_resources})
    for (const auto& r : *list) labels.push_back(r.label());
  index_operations(*p.description, labels);
}
}  // namespace

const DescribedOperation* Profile::operation_of(const std::string& label) const {
  if (!description) return nullptr;
  const auto it = description->by_label.find(label);
  if (it == description->by_label.end()) return match_operation(*description, label);
  return it->second == SIZE_MAX ? nullptr : &description->operations[it->second];
}

const RoleIdentity* Profile::custom_credential(const std::string& scheme) const {
  if (scheme == "basic" || scheme == "bearer" || scheme == "digest") return nullptr;
  for (const auto& id : identities)
    if (id.kind == RoleIdentity::Kind::kAuthorization && id.scheme() == scheme) return &id;
  return nullptr;
}

bool Profile::has_credentials(const std::string& scheme) const {
  if (scheme == "basic") return basic.has_value();
  if (scheme == "bearer") return bearer.has_value();
  return custom_credential(scheme) != nullptr;
}

bool Profile::writes_ok_for(const std::string& target_path) const {
  const std::string path = target_path.substr(0, target_path.find('?'));
  std::vector<Resource> rate_resources;
  if (rate && rate->resource) rate_resources.push_back(*rate->resource);
  if (rate && rate->login_resource) rate_resources.push_back(*rate->login_resource);
  if (enumeration.reset) rate_resources.push_back(*enumeration.reset);
  if (session) {
    rate_resources.push_back(session->login);
    rate_resources.push_back(session->logout);
  }
  if (oauth && path == oauth->path) return true;  // a token endpoint takes POSTs
  const std::vector<Resource>* lists[] = {&protected_resources, &deny_resources,
                                          &internal_resources, &rate_resources};
  for (const auto* list : lists)
    for (const auto& r : *list)
      if (r.writes_ok && target(r) == path) return true;
  return false;
}

void add_head_twins(std::vector<Resource>& resources) {
  const std::size_t n = resources.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (resources[i].method != "GET" || resources[i].head_twin) continue;
    Resource head = resources[i];
    head.method = "HEAD";
    head.head_twin = true;
    resources.push_back(head);
  }
}

void read_tls_overrides(const ProfileOverrides& overrides, TlsSettings& tls) {
  for (auto [value, field, file, flag] :
       {std::tuple{&overrides.cacert, &tls.cacert_pem, &tls.cacert_file, "--cacert"},
        std::tuple{&overrides.cert, &tls.cert_pem, &tls.cert_file, "--cert"},
        std::tuple{&overrides.key, &tls.key_pem, &tls.key_file, "--key"}}) {
    if (!*value) continue;
    std::string content;
    try {
      content = read_regular_file(**value, kMaxProfileBytes);
    } catch (const ProfileError& e) {
      throw ProfileError(std::string(flag) + " " + e.what());
    }
    if (content.find("-----BEGIN ") == std::string::npos)
      throw ProfileError(std::string(flag) + ": cannot read a PEM file at " + **value);
    *field = content;
    *file = **value;
  }
}

const char* place_name(ApiKeySettings::Place place) {
  switch (place) {
    case ApiKeySettings::Place::kQuery:
      return "query";
    case ApiKeySettings::Place::kCookie:
      return "cookie";
    case ApiKeySettings::Place::kHeader:
      break;
  }
  return "header";
}

std::vector<std::string> Profile::secrets() const {
  // The values of every key its section declares secret (and the files they name), then the typed
  // fields, for profiles built in code.
  std::vector<std::string> out = declared_secrets;
  for (const auto* p : {&basic, &basic_colon, &basic_utf8})
    if (*p) out.push_back((*p)->password);
  for (const auto* t : {&bearer, &bearer_expired, &bearer_revoked})
    if (*t) out.push_back(**t);
  if (low) {
    if (low->basic) out.push_back(low->basic->password);
    if (low->token) out.push_back(*low->token);
  }
  if (step && !step->weak_token.empty()) out.push_back(step->weak_token);
  if (rate && rate->lockout) out.push_back(rate->lockout->password);
  if (tls.throwaway) out.push_back(tls.throwaway->password);
  if (digest) out.push_back(digest->credentials.password);
  if (session) out.push_back(session->login_body);
  if (proxy) {
    out.push_back(proxy->credentials.password);
    if (proxy->forbidden) out.push_back(proxy->forbidden->password);
  }
  if (dpop && !dpop->token.empty()) out.push_back(dpop->token);
  if (oauth) {
    for (const auto* s : {&oauth->client_secret, &oauth->refresh_token, &oauth->fetched,
                          &oauth->issued_refresh_token})
      if (!s->empty()) out.push_back(*s);
    if (oauth->owner) out.push_back(oauth->owner->password);
  }
  if (apikey) {
    out.push_back(apikey->key);
    // APIKEY-004 sends the key without its last character: masked as well.
    if (apikey->key.size() > 1) out.push_back(apikey->key.substr(0, apikey->key.size() - 1));
    if (!apikey->revoked.empty()) out.push_back(apikey->revoked);
  }
  for (const auto& id : identities) {
    if (id.basic) out.push_back(id.basic->password);
    for (const auto* s : {&id.secret, &id.client_secret})
      if (!s->empty()) out.push_back(*s);
    // A cookie's value alone is the secret as well (a response may echo it without the name).
    if (id.kind == RoleIdentity::Kind::kCookie)
      out.push_back(id.secret.substr(id.secret.find('=') + 1));
  }
  if (jwt) {
    for (const auto* s : {&jwt->token, &jwt->hmac_secret, &jwt->other_kind_token})
      if (!s->empty()) out.push_back(*s);
  }
  // A JWT's signature alone restores the token from its (readable) header and payload.
  std::vector<std::string> signatures;
  for (const auto& s : out)
    if (const auto t = jwt::parse(s); t && !t->signature_b64.empty())
      signatures.push_back(t->signature_b64);
  out.insert(out.end(), signatures.begin(), signatures.end());
  return out;
}

void parse_base_url(const std::string& url, const std::string& where, std::string& origin,
                    std::string& prefix) {
  // The URL as it may be shown: userinfo (user:password@) replaced, so an error never echoes a
  // password that was put in the URL.
  std::string shown = url;
  if (const auto s = shown.find("://"); s != std::string::npos) {
    const auto end = shown.find_first_of("/?#", s + 3);
    const auto at = shown.rfind('@', end == std::string::npos ? std::string::npos : end);
    if (at != std::string::npos && at > s) shown.replace(s + 3, at - (s + 3), "[masked]");
  }
  auto bad = [&](const std::string& why) {
    throw ProfileError(where + ": bad URL \"" + shown + "\": " + why);
  };
  const auto sep = url.find("://");
  if (sep == std::string::npos) bad("expected http://HOST[:PORT][/PREFIX] or https://...");
  const std::string scheme = to_lower(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") bad("scheme must be http or https");
  const std::string rest = url.substr(sep + 3);
  const auto slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  prefix = slash == std::string::npos ? "" : rest.substr(slash);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  if (authority.empty()) bad("no host");
  if (authority.find('@') != std::string::npos)
    bad("credentials in the URL are not allowed; put them in the profile");
  if (prefix.find_first_of("?#") != std::string::npos) bad("no query or fragment allowed");
  std::string host = authority, port;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) bad("unclosed IPv6 literal");
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') bad("unexpected text after the IPv6 literal");
      port = authority.substr(close + 2);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) bad("no host");
  for (char c : host)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '[' ||
          c == ']' || c == ':'))
      bad("invalid character in host");
  if (!port.empty() || authority.back() == ':') {
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) < 1 ||
        std::stoi(port) > 65535)
      bad("port must be a number from 1 to 65535");
  }
  origin = scheme + "://" + authority;
}

// AUTHSPEC_SECTION_KEY -> section.key, and AUTHSPEC_SECTION_NAME_KEY -> section.name.key for a
// named section ([identity.admin]: AUTHSPEC_IDENTITY_ADMIN_PASSWORD), when the profile has that
// key; "" otherwise. Names and keys hold underscores too, so each split is tried, fixed sections
// first.
static std::string profile_key_of_variable(const std::string& var,
                                           const po::options_description& desc) {
  if (var.rfind("AUTHSPEC_", 0) != 0) return "";
  const std::string key = to_lower(var.substr(9));
  for (auto first = key.find('_'); first != std::string::npos; first = key.find('_', first + 1)) {
    std::string one = key;
    one[first] = '.';
    if (desc.find_nothrow(one, false)) return one;
  }
  for (auto first = key.find('_'); first != std::string::npos; first = key.find('_', first + 1))
    for (auto second = key.find('_', first + 1); second != std::string::npos;
         second = key.find('_', second + 1)) {
      std::string two = key;
      two[first] = two[second] = '.';
      if (desc.find_nothrow(two, false)) return two;
    }
  return "";
}

std::vector<std::string> profile_variables_in_environment() {
  const auto desc = profile_options();
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string entry = *e;
    const std::string var = entry.substr(0, entry.find('='));
    if (!profile_key_of_variable(var, desc).empty()) out.push_back(var);
  }
  return out;
}

namespace {
// Whether the profile declares this key ("basic.password", "identity.admin.password") secret.
bool declared_secret(const std::string& full_key) {
  for (const auto& section : profile_sections()) {
    const SectionKeys& s = section.keys;
    const std::string prefix = (s.named ? s.prefix() : s.section) + ".";
    if (full_key.rfind(prefix, 0) != 0) continue;
    const std::string key = full_key.substr(full_key.rfind('.') + 1);
    for (const auto& k : s.keys)
      if (k.name == key) return k.secret;
  }
  return false;
}
}  // namespace

Profile load_profile_text(
    const std::string& text, const std::string& name, const ProfileOverrides& overrides,
    const std::function<std::optional<std::string>(const std::string&)>& read) {
  LineIndex index(text, name);
  SectionNames names;
  for (const auto& section : profile_sections()) {
    if (!section.keys.named) continue;
    const std::string prefix = section.keys.prefix();
    for (const auto& n : section_names(text, prefix)) {
      const bool ok = !n.empty() && n.size() <= 64 && std::all_of(n.begin(), n.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
      });
      if (!ok)
        throw ProfileError(name + ": [" + prefix + "." + n.substr(0, 64) +
                           "]: a name is letters, digits, - and _ (at most 64)");
      names[prefix].push_back(n);
    }
  }
  const auto desc = profile_options(names);
  po::variables_map vm;
  try {
    // Environment first: the first stored value wins, so AUTHSPEC_* overrides the file.
    po::store(po::parse_environment(desc,
                                    [&](const std::string& var) -> std::string {
                                      std::string key = profile_key_of_variable(var, desc);
                                      if (!key.empty()) index.env_keys.insert(key);
                                      return key;
                                    }),
              vm);
    std::istringstream in(text);
    po::store(po::parse_config_file(in, desc, false), vm);
    po::notify(vm);
  } catch (const po::invalid_config_file_syntax&) {
    // (Never e.what(): see suite/option_errors.h.) Boost does not say which line: find it.
    index.fail_malformed_line("not a \"key = value\" line or a [section] header");
  } catch (const po::unknown_option& e) {
    const std::string near = nearest_key(e.get_option_name());
    index.fail(e.get_option_name(),
               "unknown key" + (near.empty() ? std::string() : " (did you mean " + near + "?)"));
  } catch (const po::multiple_occurrences& e) {
    index.fail(e.get_option_name(), "given more than once", 1);
  } catch (const po::validation_error& e) {
    index.fail(e.get_option_name(), e.kind() == po::validation_error::invalid_bool_value
                                        ? "not a boolean (true or false)"
                                        : "invalid value");
  } catch (const po::error_with_option_name& e) {
    index.fail(e.get_option_name(), "not accepted");
  } catch (const po::error& e) {
    throw ProfileError(name + ": " + option_error_text(e));
  }

  Profile p;
  p.source = name;
  const ProfileValues values = values_of(vm);
  // `authspec init` marks what only the user can know; a mark left in place is not a value.
  {
    std::vector<std::pair<std::string, std::size_t>> unfilled;
    for (const auto& [key, list] : values)
      for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].find(kFillIn) != std::string::npos) unfilled.emplace_back(key, i);
    if (!unfilled.empty()) {
      std::string others;
      for (std::size_t k = 1; k < unfilled.size(); ++k)
        others += (others.empty() ? "" : ", ") + unfilled[k].first;
      const auto& [key, at] = unfilled[0];
      const std::string& value = values.at(key)[at];
      // A resource line names what is missing (a path parameter without an example, from an
      // API description); a secret's value is never shown, not even half filled in.
      const bool resource = key == "protected.resource" || key == "public.resource";
      index.fail(key,
                 std::string("still ") + kFillIn +
                     (declared_secret(key) ? "" : " (" + value + ")") +
                     (resource ? ": give the path parameter a value that exists (in an API "
                                 "description: an example, or x-authspec-skip to leave the "
                                 "operation out)"
                               : ": write the value authspec init or import left for you (or "
                                 "delete the line)") +
                     (others.empty() ? "" : "; also still to fill in: " + others),
                 at);
    }
  }
  for (const auto& section : profile_sections()) {
    if (!section.keys.named) {
      const ProfileReader reader(section.keys, values, index, read, p.declared_secrets);
      section.load(reader, p, overrides);
      continue;
    }
    for (const auto& keys : sections_in_use(names)) {
      if (keys.named && keys.prefix() == section.keys.prefix()) {
        const ProfileReader reader(keys, values, index, read, p.declared_secrets);
        section.load(reader, p, overrides);
      }
    }
  }

  if (p.low && !p.low->scope.empty() && !p.oauth)
    index.fail("low.scope", "needs [oauth] (the token endpoint its token is fetched from)");
  // A scheme other than Basic, Bearer and Digest is testable only with an identity's credential
  // of that scheme; without one it is most likely a slip ("basci").
  for (std::size_t i = 0; i < p.protected_resources.size(); ++i) {
    if (p.protected_resources[i].head_twin) continue;
    for (const auto& s : p.protected_resources[i].schemes)
      if (!p.has_credentials(s) && s != "basic" && s != "bearer" && s != "digest")
        index.fail("protected.resource",
                   "unknown scheme \"" + s +
                       "\" (basic, bearer, digest, or the scheme of an [identity.NAME] "
                       "authorization such as \"Token abc\")",
                   i);
  }
  // The protected content must be recognisable: a canary, the resource's own, or valid
  // credentials to learn one with at run time (GET resources, or writes-ok ones).
  for (std::size_t i = 0; i < p.protected_resources.size(); ++i) {
    const Resource& r = p.protected_resources[i];
    if (r.head_twin || !p.canary_of(&r).empty()) continue;
    const bool learnable = (r.method == "GET" || r.writes_ok) &&
                           std::any_of(r.schemes.begin(), r.schemes.end(),
                                       [&](const std::string& s) { return p.has_credentials(s); });
    if (!learnable)
      index.fail("target.canary",
                 "missing (a string that appears only in protected responses; or canary=TEXT on " +
                     r.label() + ", or credentials the run can learn it with)");
  }
  read_tls_overrides(overrides, p.tls);
  if (p.tls.cert_pem.empty() != p.tls.key_pem.empty())
    throw ProfileError(name +
                       ": a client certificate needs both tls.cert and tls.key (--cert/--key)");
  index_operations(p);
  return p;
}

std::string format_seconds(long ms) {
  std::string out = std::to_string(ms / 1000);
  if (ms % 1000 == 0) return out;
  std::string part = std::to_string(1000 + ms % 1000).substr(1);
  while (part.back() == '0') part.pop_back();
  return out + "." + part;
}

std::string read_regular_file(const std::string& path, std::size_t limit) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw ProfileError(path + ": no such file");
  if (fs::is_directory(status)) throw ProfileError(path + ": is a folder, not a file");
  // A pipe or a device would block the read (or never end): only regular files are read.
  if (!fs::is_regular_file(status))
    throw ProfileError(path + ": is not a regular file (a pipe, socket or device)");
  const auto size = fs::file_size(path, ec);
  if (ec) throw ProfileError(path + ": cannot read it");
  if (size > limit)
    throw ProfileError(path + ": is " + std::to_string(size) + " bytes, more than the " +
                       std::to_string(limit) + " a profile file may have");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ProfileError(path + ": cannot read it (" + std::strerror(errno) + ")");
  std::stringstream buf;
  buf << in.rdbuf();
  if (in.bad()) throw ProfileError(path + ": cannot read it");
  return buf.str();
}

namespace {
// A profile is UTF-8 text: no byte order mark, no NUL or other control bytes, valid sequences.
// Raw bytes are never echoed; the line is named.
void require_text(const std::string& text, const std::string& path) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0)
    throw ProfileError(path + ": starts with a UTF-8 byte order mark; save it without one");
  std::size_t line = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') ++line;
    if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7f)
      throw ProfileError(path + ":" + std::to_string(line) +
                         ": not a text file (a control byte; is this a binary file?)");
    if (c < 0x80) {
      ++i;
      continue;
    }
    const int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    bool ok = len > 0 && i + len <= text.size();
    for (int k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (!ok)
      throw ProfileError(path + ":" + std::to_string(line) +
                         ": not UTF-8 text (is this a binary file?)");
    i += len;
  }
}
}  // namespace

Profile load_profile(const std::string& path, const ProfileOverrides& overrides) {
  if (path.empty()) throw ProfileError("the profile path is empty");
  const std::string text = read_regular_file(path, kMaxProfileBytes);
  require_text(text, path);
  return load_profile_text(text, path, overrides,
                           profile_file_reader(std::filesystem::path(path).parent_path().string()));
}

std::function<std::optional<std::string>(const std::string&)> profile_file_reader(
    const std::string& dir) {
  return [dir = std::filesystem::path(dir)](const std::string& name) -> std::optional<std::string> {
    const std::filesystem::path file =
        std::filesystem::path(name).is_absolute() ? std::filesystem::path(name) : dir / name;
    try {
      return read_regular_file(file.string(), kMaxProfileBytes);
    } catch (const ProfileError&) {
      return std::nullopt;  // the caller names the key and the file
    }
  };
}

}  // namespace authspec
