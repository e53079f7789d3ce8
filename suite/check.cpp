#include "suite/check.h"

#include <cctype>

#include "suite/base64.h"
#include "suite/prober.h"

namespace authspec {

const char* level_name(Level level) {
  switch (level) {
    case Level::kPrerequisite:
      return "PREREQUISITE";
    case Level::kMust:
      return "MUST";
    case Level::kShould:
      return "SHOULD";
    case Level::kBestPractice:
      return "BP";
  }
  return "?";
}

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kWarn:
      return "warn";
    case Outcome::kSkip:
      return "skip";
    case Outcome::kError:
      return "error";
  }
  return "?";
}

std::string cited_rule(const Check& check) {
  if (check.quote.empty()) return check.quote_source + ": " + check.level_note;
  std::string out = check.quote_source + ": \"" + check.quote + "\"";
  if (!check.level_note.empty()) out += " (" + check.level_note + ")";
  return out;
}

const Exchange* Evidence::find_step(const std::string& label) const {
  for (std::size_t i = 0; i < mine.size() && i < steps.size(); ++i)
    if (steps[i] == label) return mine[i];
  return nullptr;
}

const Exchange& Evidence::step(const std::string& label) const {
  if (const Exchange* ex = find_step(label)) return *ex;
  throw MissingEvidence("the step \"" + label + "\" of this check was not sent");
}

const Exchange& Evidence::only() const {
  if (mine.size() != 1)
    throw MissingEvidence("this check asks one question; " + std::to_string(mine.size()) +
                          " answers came back");
  return *mine[0];
}

std::vector<const Exchange*> Evidence::steps_named(const std::string& label) const {
  std::vector<const Exchange*> out;
  for (std::size_t i = 0; i < mine.size() && i < steps.size(); ++i)
    if (steps[i] == label) out.push_back(mine[i]);
  return out;
}

Plan skip_because(std::string why) {
  Plan p;
  p.skip = std::move(why);
  return p;
}

Request Context::anonymous() const {
  Request r;
  r.method = resource ? resource->method : "GET";
  r.target = resource ? profile.target(*resource) : profile.prefix + "/";
  return r;
}

Request Context::anonymous_to(const Resource& r) const {
  Request req;
  req.method = r.method;
  req.target = profile.target(r);
  return req;
}

Request Context::with_authorization(const std::string& value, const std::string& credential,
                                    bool secret) const {
  Request r = anonymous();
  r.headers.emplace_back("Authorization", value);
  r.credential = credential;
  r.carries_secret = secret;
  return r;
}

Request Context::with_basic(const Password& pw, const std::string& credential) const {
  return with_authorization(pw.basic_credentials(), credential, true);
}

Request Context::with_bearer(const std::string& token, const std::string& credential) const {
  return with_authorization("Bearer " + token, credential, true);
}

void add_api_key(Request& req, ApiKeySettings::Place place, const std::string& name,
                 const std::string& key) {
  if (place == ApiKeySettings::Place::kHeader) {
    req.headers.emplace_back(name, key);
  } else if (place == ApiKeySettings::Place::kCookie) {
    req.headers.emplace_back("Cookie", name + "=" + key);
  } else {
    req.target += (req.target.find('?') == std::string::npos ? "?" : "&") + query_escape(name) +
                  "=" + query_escape(key);
  }
}

Request Context::as_identity(const RoleIdentity& id, const Resource& r) const {
  using Kind = RoleIdentity::Kind;
  Request req = anonymous_to(r);
  switch (id.kind) {
    case Kind::kBasic:
    case Kind::kBearer:
    case Kind::kAuthorization:
      req.headers.emplace_back("Authorization", id.authorization());
      break;
    case Kind::kOAuthClient:  // the token fetched for it during the run
      req.headers.emplace_back("Authorization", "Bearer " + id.secret);
      break;
    case Kind::kApiKey: {
      const ApiKeySettings where = profile.apikey.value_or(ApiKeySettings{});
      add_api_key(req, where.place, where.name, id.secret);
      break;
    }
    case Kind::kCookie:
      req.headers.emplace_back("Cookie", id.secret);
      break;
    case Kind::kDigest:  // each cell answers its own challenge, as a kAuthorization identity
    case Kind::kLogin:   // its cells carry the cookie its login set, as a kCookie identity
      break;
  }
  req.credential = "identity:" + id.name + " (" + id.kind_name() + ")";
  req.carries_secret = true;
  return req;
}

std::optional<Request> Context::valid(const std::string& scheme,
                                      const std::string& spelling) const {
  if (scheme == "basic" && profile.basic) {
    const std::string name = spelling.empty() ? "Basic" : spelling;
    return with_authorization(
        name + " " + base64_encode(profile.basic->user + ":" + profile.basic->password),
        "basic:valid (" + profile.basic->user + ")" +
            (spelling.empty() ? "" : " as '" + spelling + "'"),
        true);
  }
  if (scheme == "bearer" && profile.bearer) {
    const std::string name = spelling.empty() ? "Bearer" : spelling;
    return with_authorization(name + " " + *profile.bearer,
                              "bearer:valid" + (spelling.empty() ? "" : " as '" + spelling + "'"),
                              true);
  }
  if (const RoleIdentity* id = profile.custom_credential(scheme)) {
    const std::string value = id->secret.substr(id->secret.find(' '));
    const std::string name =
        spelling.empty() ? id->secret.substr(0, id->secret.find(' ')) : spelling;
    return with_authorization(
        name + value,
        scheme + ":valid (" + id->name + ")" + (spelling.empty() ? "" : " as '" + spelling + "'"),
        true);
  }
  return std::nullopt;
}

std::vector<std::string> Context::testable_schemes() const {
  std::vector<std::string> out;
  if (!resource) return out;
  for (const auto& s : resource->schemes)
    if (profile.has_credentials(s)) out.push_back(s);
  return out;
}

std::string scheme_display_name(const std::string& scheme) {
  std::string out = scheme;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

bool Context::control_ok(const std::string& scheme) const {
  if (!controls || !resource) return true;
  auto r = controls->find(resource->label());
  if (r == controls->end()) return true;
  auto s = r->second.find(scheme);
  return s == r->second.end() || s->second;
}

bool judged_on_whole_run(const Check& check) {
  return check.scope == Scope::kRun || check.reads_whole_run;
}

}  // namespace authspec
