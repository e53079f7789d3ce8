// `authspec import openapi FILE [--base-url URL] [--writes-ok[=ID,...]]`: an OpenAPI 3.x or
// Swagger 2.0 description in, a commented profile out. Each operation becomes a resource with the
// schemes its security requirements name (public when it requires none), each security scheme
// the section its credential goes in; what only the user knows (secrets, a path parameter without
// an example) is marked FILL-IN, which `run` refuses until it is filled.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <sstream>

#include "cli/command_line.h"
#include "suite/http.h"
#include "suite/openapi.h"
#include "suite/prober.h"
#include "suite/profile.h"
#include "suite/version.h"

namespace authspec {
namespace {

struct ImportArgs {
  std::string kind, file, base_url;
  std::vector<std::string> writes_ok;  // operationIds, or "*" for every operation
};

// The authspec scheme a security scheme's credential travels as ("" : not an Authorization
// scheme: an API key, mutual TLS).
std::string authorization_scheme(const ApiSecurityScheme& s) {
  if (s.type == "http") return s.scheme;
  if (s.type == "oauth2" || s.type == "openIdConnect") return "bearer";
  return "";
}

// How one operation is tested: the schemes of its single-scheme alternatives, whether an API key
// alone opens it, and the combined requirements authspec cannot send (one credential at a time).
struct OperationAccess {
  // basic, bearer, digest, and other Authorization schemes (token...) an identity can send
  std::set<std::string> schemes;
  std::set<std::string> unsupported;  // dpop: its own section, not imported
  std::set<std::string> api_keys;     // the apiKey security schemes that open it alone
  std::vector<std::string> combined, scopes, mutual_tls;
};

OperationAccess access_of(const ApiDescription& d, const ApiOperation& op) {
  OperationAccess a;
  for (const auto& alternative : op.security) {
    std::vector<std::string> names;
    for (const auto& r : alternative) {
      names.push_back(r.scheme);
      for (const auto& s : r.scopes)
        if (std::find(a.scopes.begin(), a.scopes.end(), s) == a.scopes.end()) a.scopes.push_back(s);
    }
    if (alternative.size() > 1) {
      a.combined.push_back(join(names, " and "));
      continue;
    }
    const ApiSecurityScheme& s = *d.scheme_named(alternative[0].scheme);
    const std::string scheme = authorization_scheme(s);
    if (s.type == "apiKey")
      a.api_keys.insert(s.name);
    else if (s.type == "mutualTLS")
      a.mutual_tls.push_back(s.name);
    else if (scheme == "dpop" || !is_token(scheme))
      a.unsupported.insert(scheme);
    else
      a.schemes.insert(scheme);
  }
  return a;
}

// May state-changing requests go to this operation? "*" marks every state-changing operation;
// an operationId named marks its operation whatever the method (a GET named is tested with
// state-changing variants too: method overrides, other verbs).
bool writes_ok(const std::vector<std::string>& ids, const ApiOperation& op) {
  for (const auto& id : ids)
    if ((id == "*" && op.writes()) || (!op.operation_id.empty() && id == op.operation_id))
      return true;
  return false;
}

std::string about(const ApiOperation& op) {
  std::string s = "# " + (op.operation_id.empty() ? op.method + " " + op.path : op.operation_id);
  if (!op.summary.empty()) s += ": " + op.summary;
  return s + "  (" + op.pointer + ")";
}

}  // namespace

std::string profile_from_description(const ApiDescription& d, const std::string& base_url,
                                     const std::vector<std::string>& writes_ok_ids) {
  const std::string mark = kFillIn;
  std::ostringstream o;
  o << "# authspec profile for " << (d.title.empty() ? "the API" : d.title) << ", imported from "
    << d.source << "\n# (" << (d.version == "2.0" ? "Swagger 2.0" : "OpenAPI " + d.version)
    << ") by `authspec import openapi` (authspec " << kVersion << "). Replace every " << mark
    << ",\n# then: authspec run --profile THIS-FILE (run refuses a profile that still says " << mark
    << ").\n# Secrets can come from the environment instead (AUTHSPEC_BASIC_PASSWORD, "
       "AUTHSPEC_BEARER_TOKEN...).\n\n";
  const std::string base = !base_url.empty() ? base_url : d.base_url;
  o << "[target]\n"
    << (base.empty() ? "# The description names no server: give the API's base URL.\n" : "")
    << "base_url = " << (base.empty() ? mark : base) << "\n"
    << "# A string only protected responses contain; left out, the run learns one per resource.\n"
       "# canary = \n\n";

  std::set<std::string> used_schemes;  // security scheme names some operation relies on
  std::vector<std::string> protected_lines, public_lines, other_lines, deny_lines;
  std::map<std::string, std::vector<std::string>> apikey_lines;  // per apiKey scheme
  std::map<std::string, std::vector<std::string>> custom_ops;    // scheme -> "METHOD PATH"
  const ApiOperation* first_digest = nullptr;
  // The first operation an OAuth scope guards: [low] fetches a token without that scope for it.
  const ApiOperation* scoped_op = nullptr;
  std::vector<std::string> scoped_needs;
  std::string scoped_scheme;
  bool any_protected = false;  // a resource line that is not a comment
  for (const auto& op : d.operations) {
    const std::string writes = writes_ok(writes_ok_ids, op) ? " writes-ok" : "";
    const std::string filled = op.unfilled.empty()
                                   ? ""
                                   : "\n# " + mark + ": no example for the path parameter" +
                                         (op.unfilled.size() > 1 ? "s " : " ") + join(op.unfilled) +
                                         ": give a value that exists";
    // A state-changing operation without writes-ok stays a comment: run refuses to send its
    // method (the plan would change data on the target).
    const bool left_out = op.writes() && writes.empty();
    const std::string unwritable =
        left_out ? "\n# left out: a state-changing operation, sent only with writes-ok (import "
                   "with --writes-ok " +
                       (op.operation_id.empty() ? std::string("'*'") : op.operation_id) +
                       " to add it)\n# "
                 : "\n";
    if (!op.skip.empty()) {
      other_lines.push_back(about(op) + "\n# left out (x-authspec-skip): " + op.skip +
                            "\n# resource = " + op.method + " " + op.path);
      continue;
    }
    if (op.is_public) {
      public_lines.push_back(about(op) + filled + "\nresource = " + op.method + " " + op.path);
      continue;
    }
    const OperationAccess access = access_of(d, op);
    for (const auto& alternative : op.security)
      for (const auto& r : alternative) used_schemes.insert(r.scheme);
    std::string notes;
    if (!access.scopes.empty()) notes += "\n# scopes: " + join(access.scopes, " ");
    for (const auto& c : access.combined)
      notes += "\n# also opens with " + c +
               " together (authspec sends one credential at a time: not tested)";
    for (const auto& s : access.unsupported)
      notes +=
          "\n# also opens with the http scheme \"" + s + "\" (not imported: see `authspec keys`)";
    for (const auto& s : access.mutual_tls)
      notes += "\n# also opens with a client certificate (" + s + "): see [tls] cert and key";
    if (op.deny) {
      deny_lines.push_back(about(op) + "\nresource = " + op.method + " " + op.path +
                           (access.schemes.empty()
                                ? ""
                                : " " + join({access.schemes.begin(), access.schemes.end()}, ",")) +
                           writes);
      continue;
    }
    if (!access.schemes.empty()) {
      if (access.schemes.count("digest") && !first_digest && !left_out) first_digest = &op;
      for (const auto& alternative : op.security)
        if (!scoped_op && !left_out && alternative.size() == 1 && !alternative[0].scopes.empty() &&
            d.scheme_named(alternative[0].scheme)->type == "oauth2") {
          scoped_op = &op;
          scoped_needs = alternative[0].scopes;
          scoped_scheme = alternative[0].scheme;
        }
      for (const auto& scheme : access.schemes)
        if (scheme != "basic" && scheme != "bearer" && scheme != "digest" && !left_out)
          custom_ops[scheme].push_back(op.method + " " + op.path);
      any_protected = any_protected || !left_out;
      protected_lines.push_back(about(op) + notes + filled + unwritable +
                                "resource = " + op.method + " " + op.path + " " +
                                join({access.schemes.begin(), access.schemes.end()}, ",") + writes);
    }
    for (const auto& key : access.api_keys)
      apikey_lines[key].push_back(about(op) + notes + filled + unwritable +
                                  "resource = " + op.method + " " + op.path + writes);
    if (access.schemes.empty() && access.api_keys.empty())
      other_lines.push_back(about(op) + notes + "\n# resource = " + op.method + " " + op.path +
                            "  (no credential authspec can send alone)");
  }
  o << "[protected]\n";
  if (!any_protected)
    o << "# No operation takes Basic, Bearer or Digest credentials alone: name one protected\n"
         "# resource (METHOD PATH SCHEMES) authspec can check without credentials.\n"
      << "resource = GET /" << mark << " basic\n";
  for (const auto& l : protected_lines) o << l << "\n";
  for (const auto& l : other_lines) o << l << "\n";
  o << "\n";
  if (!public_lines.empty()) {
    o << "[public]\n# Operations the description says anyone may call (security: [] or none).\n";
    for (const auto& l : public_lines) o << l << "\n";
    o << "\n";
  }
  if (!deny_lines.empty()) {
    o << "[deny]\n# Operations marked x-authspec-deny: refused to you whatever the credentials.\n";
    for (const auto& l : deny_lines) o << l << "\n";
    o << "\n";
  }

  o << "[description]\n# Where each operation is described: reports group results by "
       "operation, SARIF points\n# into the description, DESC-001/002 compare it with the "
       "server.\nfile = "
    << d.source << "\n";
  for (const auto& op : d.operations) {
    std::string id = op.operation_id.empty() ? "-" : op.operation_id;
    for (auto& c : id)
      if (std::isspace(static_cast<unsigned char>(c))) c = '_';
    // An INI comment starts at '#': the pointer is written as RFC 6901 has it ("/paths/..."),
    // after "FILE:" when the operation is in a sibling file.
    std::string pointer = op.pointer;
    const auto hash = pointer.find('#');
    pointer =
        hash == 0 ? pointer.substr(1) : pointer.substr(0, hash) + ":" + pointer.substr(hash + 1);
    o << "operation = " << op.method << " " << op.path_template << " " << id << " " << pointer
      << (op.is_public ? " public" : "") << "\n";
  }
  o << "\n";

  // One section per kind of credential the protected operations use.
  std::set<std::string> written;
  for (const auto& s : d.schemes) {
    if (!used_schemes.count(s.name)) continue;
    const std::string from = "# From security scheme \"" + s.name + "\" (" + s.pointer + ").\n";
    const std::string kind = s.type == "http" ? s.scheme : s.type;
    if (kind == "basic" && written.insert("basic").second) {
      o << "[basic]\n" << from << "user = " << mark << "\npassword = " << mark << "\n\n";
    } else if (kind == "bearer" && written.insert("bearer").second) {
      o << "[bearer]\n"
        << from << "token = " << mark << "\n"
        << (iequals(s.bearer_format, "JWT")
                ? "# Its tokens are JWTs: [jwt] with the signing key lets authspec mint tokens "
                  "wrong in\n# one way each (expired, wrong audience...).\n"
                : "")
        << "\n";
    } else if (kind == "digest" && first_digest && written.insert("digest").second) {
      o << "[digest]\n"
        << from << "resource = " << first_digest->method << " " << first_digest->path
        << "\nuser = " << mark << "\npassword = " << mark << "\n\n";
    } else if (kind == "apiKey" && written.insert("apikey").second) {
      o << "[apikey]\n"
        << from << "in = " << s.in << "\nname = " << s.parameter << "\nkey = " << mark << "\n";
      for (const auto& l : apikey_lines[s.name]) o << l << "\n";
      o << "\n";
    } else if (kind == "apiKey") {
      o << "# Security scheme \"" << s.name << "\" (" << s.pointer << "): an API key in the "
        << s.in << " " << s.parameter << ".\n# [apikey] takes one kind of key; these operations "
        << "take this one:\n";
      for (const auto& l : apikey_lines[s.name]) o << "# " << split(l, "\n").back() << "\n";
      o << "\n";
    } else if ((kind == "oauth2" || kind == "openIdConnect") && written.insert("oauth").second) {
      o << "[oauth]\n" << from;
      const bool flow = !s.token_url.empty();
      if (kind == "openIdConnect" && !s.openid_url.empty())
        o << "# The run reads the token endpoint from the discovery document.\ndiscovery = "
          << s.openid_url << "\n";
      else
        o << "token_url = " << (flow ? s.token_url : mark) << "\n";
      o << "grant = " << (s.flow.empty() ? "client_credentials" : s.flow) << "\n"
        << "client_id = " << mark << "\nclient_secret = " << mark << "\n";
      if (s.flow == "password") o << "user = " << mark << "\npassword = " << mark << "\n";
      if (!s.scopes.empty()) o << "scope = " << join(s.scopes, " ") << "\n";
      o << "\n";
    } else if (kind == "mutualTLS" && written.insert("tls").second) {
      o << "[tls]\n"
        << from << "# A client certificate the API accepts:\ncert = " << mark << "\nkey = " << mark
        << "\n\n";
    }
  }
  // The scope checks (BEARER-006: 403 insufficient_scope): a token of the same client with every
  // scope of the flow but those the operation needs.
  if (scoped_op && written.count("oauth")) {
    std::vector<std::string> lesser;
    for (const auto& s : d.scheme_named(scoped_scheme)->scopes)
      if (std::find(scoped_needs.begin(), scoped_needs.end(), s) == scoped_needs.end())
        lesser.push_back(s);
    o << "[low]\n# "
      << (scoped_op->operation_id.empty() ? "This operation" : scoped_op->operation_id)
      << " needs the scope" << (scoped_needs.size() > 1 ? "s " : " ") << join(scoped_needs, " ")
      << ": a token without " << (scoped_needs.size() > 1 ? "them" : "it")
      << " must get 403 insufficient_scope.\n";
    const std::string off = lesser.empty() ? "# " : "";
    if (lesser.empty())
      o << "# The flow offers no other scope: give a token without it (token = ...).\n";
    o << off << "scope = " << join(lesser, " ") << "\n"
      << off << "resource = " << scoped_op->method << " " << scoped_op->path << "\n\n";
  }
  // Another Authorization scheme ("Token abc") is sent by an identity of that scheme.
  for (const auto& [scheme, ops] : custom_ops) {
    const ApiSecurityScheme* s = nullptr;
    for (const auto& candidate : d.schemes)
      if (candidate.type == "http" && candidate.scheme == scheme) s = &candidate;
    o << "[identity." << scheme << "]\n# The \"" << (s ? s->name : scheme)
      << "\" scheme: a whole Authorization value, as sent.\nauthorization = " << scheme << " "
      << mark << "\n";
    for (const auto& op : ops) o << "may = " << op << "\n";
    o << "\n";
  }
  o << "# Optional sections add checks (each is listed by `authspec keys`): [identity.NAME] for\n"
       "# each role and the operations it may use and must be refused (the role matrix), [low]\n"
       "# for a token without a scope an operation needs, [cors], [rate], [deny].\n";
  return o.str();
}

DescriptionFetcher description_fetcher(const ProberOptions& base) {
  return [base](const std::string& url) {
    const auto scheme_end = url.find("://");
    const std::string scheme = url.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https")
      throw ApiDescriptionError(url + ": only http and https URLs are fetched");
    const auto path_at = url.find('/', scheme_end + 3);
    ProberOptions o = base;
    o.origin = url.substr(0, path_at);
    o.body_limit = kMaxDescriptionBytes + 1;  // one byte more tells "too large"
    Request req;
    req.method = "GET";
    req.target = path_at == std::string::npos ? "/" : url.substr(path_at);
    req.headers.push_back({"Accept", "application/json, application/yaml, */*"});
    Prober prober(o);
    const Exchange ex = prober.send(req, o.timeout);
    if (!ex.ok()) throw DescriptionFetchError(url + ": cannot fetch it (" + ex.error + ")");
    if (ex.response.status < 200 || ex.response.status > 299)
      throw DescriptionFetchError(url + ": the server answered " +
                                  std::to_string(ex.response.status) + ", not the description");
    return *ex.response.body.text();
  };
}

std::vector<std::string> writes_ok_ids(const ApiDescription& d,
                                       const std::vector<std::string>& values) {
  std::vector<std::string> ids;
  for (const auto& w : values)
    for (const auto& id : split(w, ","))
      if (!trim(id).empty()) ids.push_back(trim(id));
  for (const auto& id : ids) {
    bool known = id == "*";
    for (const auto& op : d.operations) known = known || op.operation_id == id;
    if (!known)
      throw ApiDescriptionError("--writes-ok " + id + ": no operation of " + d.source +
                                " has that operationId");
  }
  return ids;
}

std::string overlay_profile_text(const std::string& base, const std::string& overlay) {
  // section.key of a "key = value" line under the last [section] header ("" for others).
  auto key_of = [](const std::string& line, std::string& section) -> std::string {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') return "";
    if (t.front() == '[' && t.back() == ']') {
      section = trim(t.substr(1, t.size() - 2));
      return "";
    }
    const auto eq = t.find('=');
    return eq == std::string::npos ? "" : section + "." + trim(t.substr(0, eq));
  };
  std::set<std::string> set_by_overlay;
  std::string section;
  std::istringstream over(overlay);
  for (std::string line; std::getline(over, line);)
    if (const std::string k = key_of(line, section); !k.empty()) set_by_overlay.insert(k);
  std::ostringstream out;
  section.clear();
  std::istringstream in(base);
  for (std::string line; std::getline(in, line);)
    if (!set_by_overlay.count(key_of(line, section))) out << line << "\n";
  // The overlay starts in no section: its first lines belong to whatever it opens.
  return out.str() + "\n" + overlay + "\n";
}

namespace {

po::options_description import_options(ImportArgs& a) {
  po::options_description desc("authspec import options");
  // clang-format off
  desc.add_options()
      ("base-url", po::value(&a.base_url)->value_name("URL"), "the API's base URL (default: the description's first server)")
      ("writes-ok", po::value(&a.writes_ok)->value_name("ID")->composing()->implicit_value({"*"}, "*"),
       "mark state-changing operations writes-ok: all of them, or the operationIds given (repeatable, or comma-separated)");
  // clang-format on
  return desc;
}

}  // namespace

std::vector<OptionDoc> import_option_docs() {
  ImportArgs unused;
  return option_docs(import_options(unused));
}

int import_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  ImportArgs a;
  po::variables_map vm;
  std::vector<std::string> words;  // openapi FILE|URL
  if (const auto stop = parse_command_line("import", import_options(a), argv, &words, vm, out, err))
    return *stop;
  if (words.empty())
    return usage_error("import", "what to import is missing: authspec import openapi FILE", err);
  if (words[0] != "openapi")
    return usage_error("import", "unknown kind \"" + words[0] + "\" (openapi)", err);
  if (words.size() < 2 || words[1].empty())
    return usage_error("import", "the description FILE or URL is missing", err);
  if (words.size() > 2)
    return usage_error("import", "one description at a time (\"" + words[2] + "\" is extra)", err);
  a.kind = words[0];
  a.file = words[1];
  if (!a.base_url.empty()) {
    try {
      std::string origin, prefix;
      parse_base_url(a.base_url, "--base-url", origin, prefix);
    } catch (const ProfileError& e) {
      err << "authspec import: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  try {
    ProberOptions fetch_options;
    fetch_options.timeout = std::chrono::milliseconds(30000);
    const ApiDescription d = read_api_description(a.file, description_fetcher(fetch_options));
    out << profile_from_description(d, a.base_url, writes_ok_ids(d, a.writes_ok));
  } catch (const DescriptionFetchError& e) {
    err << "authspec import: " << e.what() << "\n";
    return kExitAborted;
  } catch (const ApiDescriptionError& e) {
    err << "authspec import: " << e.what() << "\n";
    return kExitUsage;
  }
  return kExitPass;
}

}  // namespace authspec
