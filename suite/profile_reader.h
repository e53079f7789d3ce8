// How a profile section is read: the keys it declares (name, kind, whether the value is a secret,
// one line of documentation) and a reader that hands its loader those keys' values, already
// checked, and names the file, line and key of anything wrong. The declarations are the one
// source of the Boost.Program_options description, `authspec keys` (the reference table), the
// secrets to mask and the "did you mean" hints for misspelt keys.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "suite/profile.h"

namespace authspec {

enum class KeyKind {
  kText,  // key = value
  kFlag,  // key = true | false
  kList,  // the key may repeat; each line is one value
};

struct KeySpec {
  std::string name;  // within its section: "user" of [basic]
  KeyKind kind = KeyKind::kText;
  // The value (or, for a *_file key, the file's content) is a secret: masked in all output.
  bool secret = false;
  std::string doc;  // one line, for `authspec keys`
  // What an unset key means, for the reference (docs/profile.md, the man page): a value ("5",
  // "false") or a phrase ("the first protected resource"); "" when unset means absent.
  std::string default_value = "";
};

struct SectionKeys {
  std::string section;  // "basic"; a named section's template: "identity.NAME"
  std::string doc;      // what the section describes
  std::vector<KeySpec> keys;
  // The file may hold any number of this section, each under its own name ([identity.admin]):
  // it is read once per name found, as "identity.admin".
  bool named = false;
  std::string prefix() const;  // "identity" of "identity.NAME"
};
// The names under which a profile text holds a named section ("admin" of [identity.admin]).
std::vector<std::string> section_names(const std::string& text, const std::string& prefix);

// Where each key stands in the file, so errors can name the line (Boost does not keep it).
class LineIndex {
 public:
  LineIndex(const std::string& text, std::string file);
  // "FILE:LINE: key K: message" (LINE when the key is in the file; `nth` picks a repeated key).
  [[noreturn]] void fail(const std::string& key, const std::string& message,
                         std::size_t nth = 0) const;
  // The first line that is neither empty, a comment, a [section] nor "key = value".
  [[noreturn]] void fail_malformed_line(const std::string& message) const;
  bool in_file(const std::string& key) const { return keys_.count(key) > 0; }
  std::set<std::string> env_keys;  // the keys the environment set

 private:
  std::string file_;
  std::vector<std::string> lines_;
  std::map<std::string, std::vector<int>> keys_;
};

// Every value of the profile by full key ("basic.user"), as parsed: one per text or flag key
// ("true"/"false"), one per line of a list key.
using ProfileValues = std::map<std::string, std::vector<std::string>>;
using FileReader = std::function<std::optional<std::string>(const std::string&)>;

// One section's view of the profile. Its loader may read only the keys the section declares
// (reading another is a programming error, caught by the tests that load every section).
class ProfileReader {
 public:
  ProfileReader(const SectionKeys& keys, const ProfileValues& values, const LineIndex& index,
                const FileReader& read, std::vector<std::string>& secrets);

  bool has(const std::string& key) const;
  std::optional<std::string> text(const std::string& key) const;
  std::optional<bool> flag(const std::string& key) const;
  const std::vector<std::string>& list(const std::string& key) const;
  // A whole number within bounds, or `fallback` when the key is absent.
  int number(const std::string& key, int low, int high, int fallback) const;
  // Seconds with up to three decimals (0.8, 5), in milliseconds within bounds, or `fallback`.
  int milliseconds(const std::string& key, int low_ms, int high_ms, int fallback) const;
  // "METHOD PATH" (and "SCHEMES [writes-ok]" when `needs_schemes`); `nth` of a list key.
  Resource resource(const std::string& key, bool needs_schemes, std::size_t nth = 0) const;
  std::optional<Resource> optional_resource(const std::string& key, bool needs_schemes) const;
  // "METHOD PATH [SCHEMES] [writes-ok]": a resource refused whatever the credentials (a deny
  // list), so its schemes are optional (without them it is asked anonymously only).
  Resource resource_any_schemes(const std::string& key, std::size_t nth = 0) const;
  // user_key with pass_key (or pass_key_file); nothing when neither is given.
  std::optional<Password> password(const std::string& user_key, const std::string& pass_key) const;
  // `token`, or the content of `token_file`.
  std::optional<std::string> token() const;
  // The content of the file the key names (a secret: trailing newlines dropped, never empty).
  std::string secret_file(const std::string& key) const;
  // The content of the file the key names, as it is.
  std::string file(const std::string& key) const;
  // An origin (scheme://host[:port], no path); `scheme` ("http://") when only that one will do.
  std::string origin(const std::string& value, const std::string& key, std::size_t nth,
                     const char* scheme) const;
  [[noreturn]] void fail(const std::string& key, const std::string& message,
                         std::size_t nth = 0) const;
  // The same for another section's key ("protected.resource"), when this one's value conflicts.
  [[noreturn]] void fail_at(const std::string& full_key, const std::string& message,
                            std::size_t nth = 0) const;
  std::string full(const std::string& key) const;               // "basic.user"
  const std::string& section() const { return keys_.section; }  // "basic", "identity.admin"
  bool declares(const std::string& key) const;
  bool in_file(const std::string& key) const { return index_.in_file(full(key)); }

 private:
  const KeySpec& spec(const std::string& key) const;
  void keep_secret(const std::string& key, const std::string& value) const;

  const SectionKeys& keys_;
  const ProfileValues& values_;
  const LineIndex& index_;
  const FileReader& read_;
  std::vector<std::string>& secrets_;
};

// A section of the profile: its keys and the loader that turns them into the profile's typed
// fields. Loaders run in the order of profile_sections() and may read what earlier ones set.
struct ProfileSection {
  SectionKeys keys;
  std::function<void(const ProfileReader&, Profile&, const ProfileOverrides&)> load;
  // The report's coverage line when the loaded profile lacks what the section gives (`covered`
  // says whether it has it); empty for sections no check family depends on.
  std::string when_absent;
  std::function<bool(const Profile&)> covered;  // null: nothing to report
};
const std::vector<ProfileSection>& profile_sections();

// HEAD has GET's semantics (RFC 9110 §9.3.2): appends a HEAD twin of every GET resource.
void add_head_twins(std::vector<Resource>& resources);
// The PEM files --cacert, --cert and --key name, read into `tls`; a ProfileError naming the flag
// when one is unreadable or not PEM.
void read_tls_overrides(const ProfileOverrides& overrides, TlsSettings& tls);

// Groups of sections, each in its own file (suite/profile_*.cpp), in loading order.
void add_target_sections(std::vector<ProfileSection>& out);      // target, protected, public
void add_credential_sections(std::vector<ProfileSection>& out);  // basic, bearer, low
void add_token_sections(std::vector<ProfileSection>& out);       // jwt, step, dpop
void add_access_sections(std::vector<ProfileSection>& out);      // deny, authz, rate
void add_transport_sections(std::vector<ProfileSection>& out);   // tls, cors, proxy
void add_session_sections(std::vector<ProfileSection>& out);     // enum, digest, session
void add_apikey_sections(std::vector<ProfileSection>& out);      // apikey
void add_oauth_sections(std::vector<ProfileSection>& out);       // oauth (after credentials)
void add_identity_sections(std::vector<ProfileSection>& out);    // identity.NAME (the last)

// The declared key nearest to a misspelt one ("" when none is close): "did you mean ...".
std::string nearest_key(const std::string& key);

}  // namespace authspec
