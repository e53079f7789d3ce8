#include "mock_server/defects.h"

#include <stdexcept>

namespace authspec::mock {

const std::vector<Defect>& all_defects() {
  static const std::vector<Defect> defects = {
      {"no-challenge", "401 responses carry no WWW-Authenticate field"},
      {"malformed-challenge",
       "the Basic challenge has an unquoted value with a space (title=my api)"},
      {"realm-missing", "the Basic challenge has no realm"},
      {"realm-unquoted", "realm is sent as a token: realm=authspec-mock"},
      {"repeated-param", "the Bearer challenge repeats realm"},
      {"charset-latin1", "the Basic challenge advertises charset=\"ISO-8859-1\""},
      {"challenges-one-line", "several challenges are packed onto one WWW-Authenticate line"},
      {"advertise-unsupported-scheme",
       "401 responses also advertise Negotiate, which nothing accepts"},
      {"unstable-realm", "the realm carries a request counter, so it changes on every response"},
      {"forbidden-for-anonymous", "missing credentials get 403 instead of 401"},
      {"wrong-password-400", "a wrong Basic password or unknown user gets 400 instead of 401"},
      {"private-status-codes", "an unknown Bearer token gets the private code 498"},
      {"malformed-basic-500", "Basic credentials that cannot be decoded crash the handler (500)"},
      {"scheme-case-sensitive",
       "the scheme is matched literally: 'basic' and 'BEARER' are refused"},
      {"token68-sloppy",
       "credentials are taken after exactly one space and cut at the first junk byte"},
      {"lenient-base64",
       "the Basic decoder skips characters outside the alphabet and missing padding"},
      {"nul-truncation", "user id and password are compared as C strings (a NUL ends them)"},
      {"split-last-colon", "user-pass is split at the last colon, so passwords with ':' fail"},
      {"latin1-credentials", "credentials are decoded as ISO-8859-1 although UTF-8 is advertised"},
      {"duplicate-authorization-first-wins", "with two Authorization fields the first one is used"},
      {"bearer-error-without-token",
       "Bearer challenges carry error=\"invalid_token\" even when no token was sent"},
      {"head-unprotected", "HEAD requests are served without authentication"},
      {"open-resource", "/api/data is served without credentials"},
      {"content-in-401", "the 401 body includes the protected representation"},
      {"empty-401-body", "401 responses have an empty body"},
      {"insufficient-permission-401", "a valid user without permission gets 401 instead of 403"},
  };
  return defects;
}

bool is_defect(const std::string& name) {
  for (const auto& d : all_defects())
    if (d.name == name) return true;
  return false;
}

Defects::Defects(const std::vector<std::string>& names) {
  for (const auto& n : names) {
    if (!is_defect(n))
      throw std::invalid_argument("unknown defect \"" + n + "\" (see --list-defects)");
    on_.insert(n);
  }
}

}  // namespace authspec::mock
