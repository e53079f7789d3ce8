#include "suite/profile.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "suite/http.h"
#include "suite/jose.h"
#include "suite/option_errors.h"

namespace po = boost::program_options;

namespace authspec {
namespace {

const std::vector<std::string> kSchemes = {"basic", "bearer"};
const std::vector<std::string> kStateChanging = {"POST", "PUT", "PATCH", "DELETE"};

// Every key a profile may hold, by section.
po::options_description profile_options() {
  static const std::vector<std::string> text_keys = {"target.base_url",
                                                     "target.canary",
                                                     "target.name",
                                                     "basic.user",
                                                     "basic.password",
                                                     "basic.password_file",
                                                     "basic.colon_user",
                                                     "basic.colon_password",
                                                     "basic.utf8_user",
                                                     "basic.utf8_password",
                                                     "bearer.token",
                                                     "bearer.token_file",
                                                     "bearer.expired_token",
                                                     "bearer.revoked_token",
                                                     "jwt.token",
                                                     "jwt.token_file",
                                                     "jwt.hmac_secret",
                                                     "jwt.hmac_secret_file",
                                                     "jwt.private_key_file",
                                                     "jwt.public_key_file",
                                                     "jwt.issuer",
                                                     "jwt.audience",
                                                     "jwt.subject",
                                                     "jwt.scope",
                                                     "jwt.kid",
                                                     "jwt.revoked_jti",
                                                     "jwt.access_token_typ",
                                                     "jwt.other_kind_token",
                                                     "low.user",
                                                     "low.password",
                                                     "low.password_file",
                                                     "low.token",
                                                     "low.token_file",
                                                     "low.resource",
                                                     "step.resource",
                                                     "step.weak_token",
                                                     "step.weak_token_file",
                                                     "step.strong_acr",
                                                     "authz.foreign_object",
                                                     "authz.admin_object",
                                                     "rate.resource",
                                                     "rate.budget",
                                                     "rate.window",
                                                     "rate.login_resource",
                                                     "rate.lockout_user",
                                                     "rate.lockout_password",
                                                     "rate.lockout_password_file",
                                                     "rate.attempts",
                                                     "rate.concurrency_resource",
                                                     "rate.concurrency_limit",
                                                     "rate.wait_cap",
                                                     "dpop.resource",
                                                     "dpop.nonce_resource",
                                                     "dpop.token",
                                                     "dpop.token_file",
                                                     "dpop.key_file",
                                                     "tls.cacert",
                                                     "tls.cert",
                                                     "tls.key",
                                                     "tls.http_url",
                                                     "tls.throwaway_user",
                                                     "tls.throwaway_password",
                                                     "tls.throwaway_password_file",
                                                     "cors.disallowed_origin",
                                                     "proxy.url",
                                                     "proxy.user",
                                                     "proxy.password",
                                                     "proxy.password_file",
                                                     "proxy.resource",
                                                     "session.login",
                                                     "session.login_body",
                                                     "session.login_body_file",
                                                     "session.login_content_type",
                                                     "session.logout",
                                                     "session.resource",
                                                     "session.anonymous",
                                                     "session.cookie",
                                                     "session.mode",
                                                     "session.idle_timeout",
                                                     "enum.resource",
                                                     "enum.unknown_user",
                                                     "enum.samples",
                                                     "enum.reset",
                                                     "enum.reset_field",
                                                     "digest.resource",
                                                     "digest.user",
                                                     "digest.password",
                                                     "digest.password_file",
                                                     "digest.nonce_lifetime"};
  static const std::vector<std::string> flag_keys = {
      "target.hide_with_404", "target.login_redirect", "tls.insecure", "cors.credentials",
      "digest.expect_authentication_info"};
  static const std::vector<std::string> list_keys = {"protected.resource", "public.resource",
                                                     "deny.resource", "deny.internal_resource",
                                                     "cors.allowed_origin"};
  po::options_description d("profile");
  for (const auto& k : text_keys) d.add_options()(k.c_str(), po::value<std::string>());
  for (const auto& k : flag_keys) d.add_options()(k.c_str(), po::value<bool>());
  for (const auto& k : list_keys) d.add_options()(k.c_str(), po::value<std::vector<std::string>>());
  return d;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep))
    if (!trim(item).empty()) out.push_back(trim(item));
  return out;
}

// Where each key stands in the file, so errors can name the line (Boost does not keep it).
class LineIndex {
 public:
  LineIndex(const std::string& text, std::string file) : file_(std::move(file)) {
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

  // "FILE:LINE: key K: message" (LINE when the key is in the file; `nth` picks a repeated key).
  [[noreturn]] void fail(const std::string& key, const std::string& message,
                         std::size_t nth = 0) const {
    std::string where = file_;
    auto it = keys_.find(key);
    if (it != keys_.end() && nth < it->second.size())
      where += ":" + std::to_string(it->second[nth]);
    else if (from_env(key))
      where += " (from the environment)";
    throw ProfileError(where + ": key " + key + ": " + message);
  }
  // The first line that is neither empty, a comment, a [section] nor "key = value".
  [[noreturn]] void fail_malformed_line(const std::string& message) const {
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const std::string& t = lines_[i];
      if (t.empty() || (t.front() == '[' && t.back() == ']')) continue;
      const auto eq = t.find('=');
      if (eq == std::string::npos || trim(t.substr(0, eq)).empty())
        throw ProfileError(file_ + ":" + std::to_string(i + 1) + ": " + message);
    }
    throw ProfileError(file_ + ": " + message);
  }
  bool in_file(const std::string& key) const { return keys_.count(key) > 0; }
  std::set<std::string> env_keys;

 private:
  bool from_env(const std::string& key) const { return env_keys.count(key) > 0; }
  std::string file_;
  std::vector<std::string> lines_;
  std::map<std::string, std::vector<int>> keys_;
};

using FileReader = std::function<std::optional<std::string>(const std::string&)>;

std::string read_secret_file(const FileReader& read, const std::string& path,
                             const LineIndex& index, const std::string& key) {
  const auto content = read(path);
  if (!content) index.fail(key, "cannot read " + path);
  std::string value = *content;
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) index.fail(key, path + " is empty");
  return value;
}

Resource parse_resource(const std::string& spec, bool needs_schemes, const LineIndex& index,
                        const std::string& key, std::size_t nth) {
  std::istringstream in(spec);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  const std::string form = needs_schemes ? "METHOD PATH SCHEMES [writes-ok]" : "METHOD PATH";
  if (words.size() < (needs_schemes ? 3u : 2u))
    index.fail(key, "expected \"" + form + "\", got \"" + spec + "\"", nth);
  Resource r;
  r.method = words[0];
  r.path = words[1];
  for (char c : r.method)
    if (!std::isupper(static_cast<unsigned char>(c)))
      index.fail(key, "method \"" + r.method + "\" is not an upper-case token", nth);
  if (r.path.empty() || r.path[0] != '/')
    index.fail(key, "path \"" + r.path + "\" must start with /", nth);
  std::size_t next = 2;
  if (needs_schemes) {
    for (const auto& s : split(to_lower(words[2]), ',')) {
      if (std::find(kSchemes.begin(), kSchemes.end(), s) == kSchemes.end())
        index.fail(key, "unknown scheme \"" + s + "\" (supported: basic, bearer)", nth);
      r.schemes.push_back(s);
    }
    next = 3;
  }
  for (; next < words.size(); ++next) {
    if (words[next] == "writes-ok")
      r.writes_ok = true;
    else
      index.fail(key, "unknown flag \"" + words[next] + "\" (expected writes-ok)", nth);
  }
  const bool changes_state =
      std::find(kStateChanging.begin(), kStateChanging.end(), r.method) != kStateChanging.end();
  if (changes_state && !r.writes_ok)
    index.fail(key,
               r.method + " changes state: add writes-ok to allow authspec to send it to " + r.path,
               nth);
  return r;
}

std::optional<std::string> get(const po::variables_map& vm, const std::string& key) {
  if (!vm.count(key)) return std::nullopt;
  return vm[key].as<std::string>();
}

}  // namespace

bool Resource::accepts(const std::string& scheme) const {
  return std::find(schemes.begin(), schemes.end(), to_lower(scheme)) != schemes.end();
}

bool Profile::has_credentials(const std::string& scheme) const {
  if (scheme == "basic") return basic.has_value();
  if (scheme == "bearer") return bearer.has_value();
  return false;
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
  const std::vector<Resource>* lists[] = {&protected_resources, &deny_resources,
                                          &internal_resources, &rate_resources};
  for (const auto* list : lists)
    for (const auto& r : *list)
      if (r.writes_ok && target(r) == path) return true;
  return false;
}

std::vector<std::string> Profile::secrets() const {
  std::vector<std::string> out;
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
  if (proxy) out.push_back(proxy->credentials.password);
  if (dpop && !dpop->token.empty()) out.push_back(dpop->token);
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

// AUTHSPEC_SECTION_KEY -> section.key when the profile has that key, "" otherwise.
static std::string profile_key_of_variable(const std::string& var,
                                           const po::options_description& desc) {
  if (var.rfind("AUTHSPEC_", 0) != 0) return "";
  std::string key = to_lower(var.substr(9));
  const auto u = key.find('_');
  if (u == std::string::npos) return "";
  key[u] = '.';
  return desc.find_nothrow(key, false) ? key : "";
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

Profile load_profile_text(
    const std::string& text, const std::string& name, const ProfileOverrides& overrides,
    const std::function<std::optional<std::string>(const std::string&)>& read) {
  LineIndex index(text, name);
  const auto desc = profile_options();
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
    index.fail(e.get_option_name(), "unknown key");
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
  std::string base_url;
  if (overrides.base_url) {
    base_url = *overrides.base_url;
    parse_base_url(base_url, "--target", p.origin, p.prefix);
  } else if (auto v = get(vm, "target.base_url")) {
    try {
      parse_base_url(*v, "x", p.origin, p.prefix);
    } catch (const ProfileError& e) {
      index.fail("target.base_url", std::string(e.what()).substr(3));
    }
  } else {
    index.fail("target.base_url", "missing (the target's URL, e.g. https://staging.example:8443)");
  }
  p.canary = get(vm, "target.canary").value_or("");
  if (p.canary.empty())
    index.fail("target.canary", "missing (a string that appears only in protected responses)");
  if (vm.count("target.hide_with_404")) p.hide_with_404 = vm["target.hide_with_404"].as<bool>();
  if (vm.count("target.login_redirect")) p.login_redirect = vm["target.login_redirect"].as<bool>();

  if (!vm.count("protected.resource"))
    index.fail("protected.resource", "missing (at least one protected resource)");
  const auto& prot = vm["protected.resource"].as<std::vector<std::string>>();
  for (std::size_t i = 0; i < prot.size(); ++i) {
    Resource r = parse_resource(prot[i], true, index, "protected.resource", i);
    for (const auto& earlier : p.protected_resources)
      if (earlier.label() == r.label())
        index.fail("protected.resource", r.label() + " is listed twice", i);
    p.protected_resources.push_back(r);
  }
  // HEAD has GET's semantics (RFC 9110 §9.3.2): every GET resource gets a HEAD twin.
  for (std::size_t i = 0, n = p.protected_resources.size(); i < n; ++i) {
    if (p.protected_resources[i].method != "GET") continue;
    Resource head = p.protected_resources[i];
    head.method = "HEAD";
    head.head_twin = true;
    p.protected_resources.push_back(head);
  }
  if (vm.count("public.resource")) {
    const auto& pub = vm["public.resource"].as<std::vector<std::string>>();
    for (std::size_t i = 0; i < pub.size(); ++i) {
      Resource r = parse_resource(pub[i], false, index, "public.resource", i);
      r.is_public = true;
      p.public_resources.push_back(r);
    }
  }

  auto password = [&](const std::string& section, const std::string& user_key,
                      const std::string& pass_key) -> std::optional<Password> {
    const auto user = get(vm, section + "." + user_key);
    auto pass = get(vm, section + "." + pass_key);
    const std::string file_key = section + "." + pass_key + "_file";
    if (pass && desc.find_nothrow(file_key, false) && vm.count(file_key))
      index.fail(file_key, "given together with " + section + "." + pass_key + ": keep one");
    if (!pass && desc.find_nothrow(file_key, false) && vm.count(file_key))
      pass = read_secret_file(read, vm[file_key].as<std::string>(), index, file_key);
    if (!user && !pass) return std::nullopt;
    if (!user || user->empty())
      index.fail(section + "." + user_key, "missing (the password is given without a user)");
    if (!pass)
      index.fail(section + "." + user_key, "has no " + pass_key + " (or " + pass_key + "_file)");
    if (user->find(':') != std::string::npos)
      index.fail(section + "." + user_key, "a Basic user id cannot contain ':' (RFC 7617 §2)");
    return Password{*user, *pass};
  };
  p.basic = password("basic", "user", "password");
  p.basic_colon = password("basic", "colon_user", "colon_password");
  p.basic_utf8 = password("basic", "utf8_user", "utf8_password");
  auto token = [&](const std::string& section) -> std::optional<std::string> {
    if (auto t = get(vm, section + ".token")) {
      if (t->empty()) index.fail(section + ".token", "is empty");
      return t;
    }
    if (vm.count(section + ".token_file"))
      return read_secret_file(read, vm[section + ".token_file"].as<std::string>(), index,
                              section + ".token_file");
    return std::nullopt;
  };
  p.bearer = token("bearer");
  if (!p.bearer)
    for (std::size_t i = 0; i < prot.size(); ++i)
      if (p.protected_resources[i].accepts("bearer"))
        index.fail("protected.resource",
                   p.protected_resources[i].label() +
                       " accepts bearer, but the profile has no [bearer] token to test it with",
                   i);

  p.bearer_expired = get(vm, "bearer.expired_token");
  p.bearer_revoked = get(vm, "bearer.revoked_token");

  if (vm.count("low.resource") || vm.count("low.user") || vm.count("low.token") ||
      vm.count("low.token_file")) {
    Identity low;
    low.basic = password("low", "user", "password");
    low.token = token("low");
    if (!low.basic && !low.token)
      index.fail("low.resource", "the [low] identity needs user and password, or token (or both)");
    const auto res = get(vm, "low.resource");
    if (!res)
      index.fail(low.basic ? "low.user" : "low.token",
                 "missing low.resource (the resource this identity may not access)");
    low.resource = parse_resource(*res, false, index, "low.resource", 0);
    bool found = false;
    for (auto& r : p.protected_resources)
      if (r.method == low.resource.method && r.path == low.resource.path) {
        low.resource = r;
        found = true;
      }
    if (!found)
      index.fail("low.resource",
                 low.resource.label() + " is not a protected resource of this profile");
    if (low.basic && !low.resource.accepts("basic"))
      index.fail("low.user", low.resource.label() + " does not accept basic");
    if (low.token && !low.resource.accepts("bearer"))
      index.fail("low.token", low.resource.label() + " does not accept bearer");
    p.low = low;
  }

  const bool jwt_section = vm.count("jwt.token") || vm.count("jwt.token_file") ||
                           vm.count("jwt.hmac_secret") || vm.count("jwt.hmac_secret_file") ||
                           vm.count("jwt.private_key_file");
  if (jwt_section) {
    JwtSettings j;
    // The JWT to tamper with: jwt.token, else bearer.token when it is a JWT, else one minted per
    // run.
    j.token = token("jwt").value_or(p.bearer && jwt::parse(*p.bearer) ? *p.bearer : "");
    j.hmac_secret = get(vm, "jwt.hmac_secret").value_or("");
    if (j.hmac_secret.empty() && vm.count("jwt.hmac_secret_file"))
      j.hmac_secret = read_secret_file(read, vm["jwt.hmac_secret_file"].as<std::string>(), index,
                                       "jwt.hmac_secret_file");
    for (auto [key, field] : {std::pair{"jwt.private_key_file", &j.private_key_pem},
                              std::pair{"jwt.public_key_file", &j.public_key_pem}}) {
      if (!vm.count(key)) continue;
      const std::string path = vm[key].as<std::string>();
      const auto pem = read(path);
      if (!pem) index.fail(key, "cannot read " + path);
      if (!jwt::key_from_pem(*pem))
        index.fail(key, path + " holds no RSA or EC (P-256) key in PEM");
      *field = *pem;
    }
    if (!j.hmac_secret.empty() && !j.private_key_pem.empty())
      index.fail("jwt.hmac_secret", "give one signing key: hmac_secret or private_key_file");
    j.issuer = get(vm, "jwt.issuer").value_or("");
    j.audience = get(vm, "jwt.audience").value_or("");
    j.subject = get(vm, "jwt.subject").value_or("authspec");
    j.scope = get(vm, "jwt.scope").value_or("");
    j.kid = get(vm, "jwt.kid").value_or("");
    j.revoked_jti = get(vm, "jwt.revoked_jti").value_or("");
    j.access_token_typ = get(vm, "jwt.access_token_typ").value_or("");
    j.other_kind_token = get(vm, "jwt.other_kind_token").value_or("");
    if (j.can_mint() && (j.issuer.empty() || j.audience.empty()))
      index.fail(j.hmac_secret.empty() ? "jwt.private_key_file" : "jwt.hmac_secret",
                 "minting tokens needs jwt.issuer and jwt.audience");
    if (j.token.empty() && !j.can_mint())
      index.fail("jwt.token",
                 "missing: give a valid JWT (or bearer.token), or signing material to mint one");
    const std::string token_key =
        index.in_file("jwt.token") || vm.count("jwt.token_file")
            ? (vm.count("jwt.token_file") ? "jwt.token_file" : "jwt.token")
            : "bearer.token";
    if (!j.token.empty() && !jwt::parse(j.token))
      index.fail(token_key, "is not a JWT (header.payload.signature)");
    // Each member's type is checked once, here: the plans then meet only the types they read.
    for (const auto& [key, value] :
         {std::pair{token_key, j.token},
          std::pair{std::string("jwt.other_kind_token"), j.other_kind_token}})
      if (const auto t = jwt::parse(value))
        if (const std::string problem = jwt::member_type_problem(*t); !problem.empty())
          index.fail(key, "the JWT's " + problem);
    p.jwt = j;
  }

  if (vm.count("step.resource")) {
    StepUpSettings st;
    st.resource =
        parse_resource(vm["step.resource"].as<std::string>(), false, index, "step.resource", 0);
    st.resource.schemes = {"bearer"};
    if (vm.count("step.weak_token") || vm.count("step.weak_token_file")) {
      std::string key = vm.count("step.weak_token") ? "step.weak_token" : "step.weak_token_file";
      st.weak_token =
          vm.count("step.weak_token")
              ? vm["step.weak_token"].as<std::string>()
              : read_secret_file(read, vm["step.weak_token_file"].as<std::string>(), index, key);
    } else if (p.bearer) {
      st.weak_token = *p.bearer;
    } else {
      index.fail("step.resource",
                 "needs step.weak_token (or a bearer.token) that is too weak for it");
    }
    st.strong_acr = get(vm, "step.strong_acr").value_or("");
    p.step = st;
  }

  if (vm.count("dpop.resource")) {
    DpopSettings dp;
    dp.resource =
        parse_resource(vm["dpop.resource"].as<std::string>(), false, index, "dpop.resource", 0);
    dp.resource.schemes = {"dpop", "bearer"};
    if (vm.count("dpop.nonce_resource")) {
      dp.nonce_resource = parse_resource(vm["dpop.nonce_resource"].as<std::string>(), false, index,
                                         "dpop.nonce_resource", 0);
      dp.nonce_resource->schemes = {"dpop"};
    }
    dp.token = token("dpop").value_or("");
    if (vm.count("dpop.key_file")) {
      const std::string path = vm["dpop.key_file"].as<std::string>();
      const auto pem = read(path);
      if (!pem) index.fail("dpop.key_file", "cannot read " + path);
      const auto key = jwt::key_from_pem(*pem);
      if (!key || !key->has_private)
        index.fail("dpop.key_file", path + " holds no RSA or EC private key in PEM");
      dp.key_pem = *pem;
    }
    if (dp.token.empty() != dp.key_pem.empty())
      index.fail(dp.token.empty() ? "dpop.key_file" : "dpop.token",
                 "dpop.token and dpop.key_file go together");
    if (dp.token.empty() && !(p.jwt && p.jwt->can_mint()))
      index.fail(
          "dpop.resource",
          "needs dpop.token and dpop.key_file, or [jwt] signing material to mint a bound token");
    p.dpop = dp;
  }

  for (auto [key, list] : {std::pair{"deny.resource", &p.deny_resources},
                           std::pair{"deny.internal_resource", &p.internal_resources}}) {
    if (!vm.count(key)) continue;
    const auto& lines = vm[key].as<std::vector<std::string>>();
    for (std::size_t i = 0; i < lines.size(); ++i)
      list->push_back(parse_resource(lines[i], true, index, key, i));
  }

  for (auto [key, field] : {std::pair{"authz.foreign_object", &p.foreign_object},
                            std::pair{"authz.admin_object", &p.admin_object}})
    if (vm.count(key)) *field = parse_resource(vm[key].as<std::string>(), true, index, key, 0);

  // A whole number within bounds, or `fallback` when the key is absent.
  auto number = [&](const char* key, int low, int high, int fallback) {
    if (!vm.count(key)) return fallback;
    const std::string v = vm[key].as<std::string>();
    if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(v) < low || std::stoi(v) > high)
      index.fail(key, "must be a whole number from " + std::to_string(low) + " to " +
                          std::to_string(high));
    return std::stoi(v);
  };

  // Seconds with up to three decimals (0.8, 5), in milliseconds within bounds, or `fallback`.
  auto milliseconds = [&](const char* key, int low_ms, int high_ms, int fallback) {
    if (!vm.count(key)) return fallback;
    const std::string v = vm[key].as<std::string>();
    const auto dot = v.find('.');
    const std::string whole = v.substr(0, dot),
                      part = dot == std::string::npos ? "" : v.substr(dot + 1);
    const bool digits =
        !whole.empty() && whole.size() <= 6 &&
        whole.find_first_not_of("0123456789") == std::string::npos &&
        (dot == std::string::npos || (!part.empty() && part.size() <= 3 &&
                                      part.find_first_not_of("0123456789") == std::string::npos));
    const long ms = digits ? std::stol(whole) * 1000 +
                                 (part.empty() ? 0 : std::stol((part + "00").substr(0, 3)))
                           : -1;
    if (ms < low_ms || ms > high_ms)
      index.fail(key, "must be a number of seconds (up to three decimals) from " +
                          format_seconds(low_ms) + " to " + format_seconds(high_ms));
    return static_cast<int>(ms);
  };

  if (vm.count("rate.resource") || vm.count("rate.login_resource")) {
    RateSettings r;
    if (vm.count("rate.resource"))
      r.resource =
          parse_resource(vm["rate.resource"].as<std::string>(), true, index, "rate.resource", 0);
    if (vm.count("rate.login_resource"))
      r.login_resource = parse_resource(vm["rate.login_resource"].as<std::string>(), true, index,
                                        "rate.login_resource", 0);
    r.budget = number("rate.budget", 1, 45, 5);
    r.window_ms = milliseconds("rate.window", 1, 3600 * 1000, 2000);
    r.attempts = number("rate.attempts", 1, 100, 10);
    r.concurrency_limit = number("rate.concurrency_limit", 1, 40, 2);
    r.wait_cap = number("rate.wait_cap", 0, 60, 10);
    if (vm.count("rate.concurrency_resource"))
      r.concurrency_resource = parse_resource(vm["rate.concurrency_resource"].as<std::string>(),
                                              true, index, "rate.concurrency_resource", 0);
    r.lockout = password("rate", "lockout_user", "lockout_password");
    if (r.login_resource && !r.lockout)
      index.fail("rate.login_resource",
                 "needs rate.lockout_user and rate.lockout_password (a sacrificial account)");
    p.rate = r;
  }

  if (vm.count("tls.insecure")) p.tls.insecure = vm["tls.insecure"].as<bool>();
  for (auto [key, field] :
       {std::pair{"tls.cacert", &p.tls.cacert_pem}, std::pair{"tls.cert", &p.tls.cert_pem},
        std::pair{"tls.key", &p.tls.key_pem}}) {
    const std::string path = get(vm, key).value_or("");
    if (path.empty()) continue;
    const auto content = read(path);
    if (!content) index.fail(key, "cannot read " + path);
    if (content->find("-----BEGIN ") == std::string::npos) index.fail(key, path + " is not PEM");
    *field = *content;
  }
  if (p.tls.insecure && !p.tls.cacert_pem.empty())
    index.fail("tls.insecure", "true contradicts tls.cacert (verify with it, or skip verifying)");
  if (overrides.insecure) p.tls.insecure = *overrides.insecure;
  if (overrides.cacert_pem) p.tls.cacert_pem = *overrides.cacert_pem;

  // An origin: scheme://host[:port] and nothing else.
  auto origin_of = [&](const std::string& value, const std::string& key, std::size_t nth,
                       const char* scheme) {
    std::string origin, prefix;
    try {
      parse_base_url(value, "x", origin, prefix);
    } catch (const ProfileError& e) {
      index.fail(key, std::string(e.what()).substr(3), nth);
    }
    if (!prefix.empty() || value.back() == '/')
      index.fail(key, "\"" + value + "\" is not an origin (scheme://host[:port], no path)", nth);
    if (scheme && origin.rfind(scheme, 0) != 0)
      index.fail(key, "must be an " + std::string(scheme) + " URL", nth);
    return origin;
  };
  if (auto v = overrides.http_url ? overrides.http_url : get(vm, "tls.http_url"))
    p.tls.http_origin = origin_of(*v, "tls.http_url", 0, "http://");
  p.tls.throwaway = password("tls", "throwaway_user", "throwaway_password");

  if (vm.count("cors.allowed_origin")) {
    CorsSettings c;
    const auto& lines = vm["cors.allowed_origin"].as<std::vector<std::string>>();
    for (std::size_t i = 0; i < lines.size(); ++i)
      c.allowed_origins.push_back(origin_of(lines[i], "cors.allowed_origin", i, nullptr));
    if (auto v = get(vm, "cors.disallowed_origin"))
      c.disallowed_origin = origin_of(*v, "cors.disallowed_origin", 0, nullptr);
    if (std::find(c.allowed_origins.begin(), c.allowed_origins.end(), c.disallowed_origin) !=
        c.allowed_origins.end())
      index.fail("cors.disallowed_origin", "is also an allowed_origin");
    if (vm.count("cors.credentials")) c.credentials = vm["cors.credentials"].as<bool>();
    p.cors = c;
  } else if (vm.count("cors.disallowed_origin") || vm.count("cors.credentials")) {
    index.fail(vm.count("cors.credentials") ? "cors.credentials" : "cors.disallowed_origin",
               "needs cors.allowed_origin (an origin the target allows)");
  }

  if (vm.count("proxy.url") || overrides.proxy_url) {
    ProxySettings px;
    px.origin = origin_of(overrides.proxy_url ? *overrides.proxy_url : *get(vm, "proxy.url"),
                          "proxy.url", 0, nullptr);
    const auto cred = password("proxy", "user", "password");
    if (!cred) index.fail("proxy.url", "needs proxy.user and proxy.password (the proxy's own)");
    px.credentials = *cred;
    if (vm.count("proxy.resource")) {
      px.resource =
          parse_resource(vm["proxy.resource"].as<std::string>(), false, index, "proxy.resource", 0);
      bool found = false;
      for (const auto& r : p.protected_resources)
        if (r.method == px.resource->method && r.path == px.resource->path) {
          px.resource = r;
          found = true;
        }
      if (!found)
        index.fail("proxy.resource",
                   px.resource->label() + " is not a protected resource of this profile");
    }
    p.proxy = px;
  } else {
    for (const char* key :
         {"proxy.user", "proxy.password", "proxy.password_file", "proxy.resource"})
      if (vm.count(key)) index.fail(key, "needs proxy.url (where the forward proxy listens)");
  }
  if (vm.count("enum.resource")) {
    p.enumeration.resource =
        parse_resource(vm["enum.resource"].as<std::string>(), true, index, "enum.resource", 0);
    if (!p.enumeration.resource->accepts("basic"))
      index.fail("enum.resource", "must accept basic (the known user is the [basic] user)");
  }
  if (auto v = get(vm, "enum.unknown_user")) {
    if (v->empty() || v->find(':') != std::string::npos)
      index.fail("enum.unknown_user", "must be a user id without ':'");
    p.enumeration.unknown_user = *v;
  }
  p.enumeration.samples = number("enum.samples", 5, 100, p.enumeration.samples);
  if (vm.count("enum.reset"))
    p.enumeration.reset =
        parse_resource(vm["enum.reset"].as<std::string>(), false, index, "enum.reset", 0);
  if (auto v = get(vm, "enum.reset_field")) p.enumeration.reset_field = *v;

  if (vm.count("digest.resource") || vm.count("digest.user")) {
    DigestSettings dg;
    if (!vm.count("digest.resource"))
      index.fail("digest.user", "needs digest.resource (METHOD PATH of a Digest resource)");
    dg.resource =
        parse_resource(vm["digest.resource"].as<std::string>(), false, index, "digest.resource", 0);
    dg.resource.schemes = {"digest"};
    const auto cred = password("digest", "user", "password");
    if (!cred) index.fail("digest.resource", "needs digest.user and digest.password");
    dg.credentials = *cred;
    dg.nonce_lifetime_ms = milliseconds("digest.nonce_lifetime", 0, 99999 * 1000, 0);
    if (vm.count("digest.expect_authentication_info"))
      dg.expect_authentication_info = vm["digest.expect_authentication_info"].as<bool>();
    p.digest = dg;
  }

  const bool session_section = vm.count("session.login") || vm.count("session.resource") ||
                               vm.count("session.cookie") || vm.count("session.logout");
  if (session_section) {
    SessionSettings s;
    auto resource = [&](const char* key, bool required) -> std::optional<Resource> {
      if (!vm.count(key)) {
        if (required)
          index.fail(key, "missing (a [session] needs login, logout, resource and cookie)");
        return std::nullopt;
      }
      return parse_resource(vm[key].as<std::string>(), false, index, key, 0);
    };
    s.login = *resource("session.login", true);
    s.logout = *resource("session.logout", true);
    s.resource = *resource("session.resource", true);
    s.anonymous = resource("session.anonymous", false);
    s.cookie = get(vm, "session.cookie").value_or("");
    if (s.cookie.empty()) index.fail("session.cookie", "missing (the session cookie's name)");
    s.login_body = get(vm, "session.login_body").value_or("");
    if (s.login_body.empty() && vm.count("session.login_body_file"))
      s.login_body = read_secret_file(read, vm["session.login_body_file"].as<std::string>(), index,
                                      "session.login_body_file");
    if (s.login_body.empty())
      index.fail("session.login", "needs login_body (or login_body_file): what the login posts");
    if (auto v = get(vm, "session.login_content_type")) s.login_content_type = *v;
    const std::string mode = get(vm, "session.mode").value_or("api");
    if (mode != "api" && mode != "browser")
      index.fail("session.mode", "must be api (401 with a challenge) or browser (a redirect)");
    s.browser_mode = mode == "browser";
    s.idle_timeout_ms = milliseconds("session.idle_timeout", 0, 99999 * 1000, 0);
    p.session = s;
  }

  for (auto [value, field, flag] : {std::tuple{&overrides.cacert, &p.tls.cacert_pem, "--cacert"},
                                    std::tuple{&overrides.cert, &p.tls.cert_pem, "--cert"},
                                    std::tuple{&overrides.key, &p.tls.key_pem, "--key"}}) {
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
  }
  if (p.tls.cert_pem.empty() != p.tls.key_pem.empty())
    throw ProfileError(name +
                       ": a client certificate needs both tls.cert and tls.key (--cert/--key)");
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
  const std::filesystem::path dir = std::filesystem::path(path).parent_path();
  return load_profile_text(
      text, path, overrides, [dir](const std::string& name) -> std::optional<std::string> {
        const std::filesystem::path file =
            std::filesystem::path(name).is_absolute() ? std::filesystem::path(name) : dir / name;
        try {
          return read_regular_file(file.string(), kMaxProfileBytes);
        } catch (const ProfileError&) {
          return std::nullopt;  // the caller names the key and the file
        }
      });
}

}  // namespace authspec
