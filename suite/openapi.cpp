#include "suite/openapi.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace authspec {
namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// $ref chains longer than this are taken for a cycle (a well-formed one is a few links).
constexpr int kMaxRefChain = 32;
// At most this many files: the description and the siblings its $refs name.
constexpr std::size_t kMaxFiles = 64;

std::string escape_pointer_token(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
  return out;
}

// The documents of one description: the main file and the sibling files its $refs name, each
// parsed once, and the resolution of $refs between them (RFC 6901 pointers, through
// nlohmann::json_pointer).
bool is_url(const fs::path& p) {
  return p.string().find("://") != std::string::npos;
}

// A relative reference against a document's URL: the URL's folder and the reference.
std::string url_beside(const std::string& url, const std::string& relative) {
  const auto path_at = url.find('/', url.find("://") + 3);
  if (path_at == std::string::npos) return url + "/" + relative;
  if (!relative.empty() && relative[0] == '/') return url.substr(0, path_at) + relative;
  return url.substr(0, url.rfind('/') + 1) + relative;
}

class Documents {
 public:
  Documents(const std::string& main, const DescriptionFetcher& fetch)
      : main_(is_url(main) ? fs::path(main) : fs::path(main).lexically_normal()),
        main_name_(main_.string()),
        fetch_(fetch) {
    load(main_);
  }

  const json& root() const { return docs_.at(main_name_); }
  const std::string& main_name() const { return main_name_; }

  // A node with every $ref it is followed to its target. `where` is the node's pointer, for
  // messages; it becomes the target's.
  const json& resolve(const json& node, std::string& where, fs::path& file) {
    const json* at = &node;
    std::set<std::string> seen;
    for (int hop = 0; at->is_object() && at->contains("$ref"); ++hop) {
      const json& ref = (*at)["$ref"];
      if (!ref.is_string()) fail(file, where + "/$ref", "not a string");
      const std::string text = ref.get<std::string>();
      if (hop >= kMaxRefChain || !seen.insert(file.string() + text).second)
        fail(file, where + "/$ref", "a $ref cycle (" + text + " leads back to itself)");
      const auto hash = text.find('#');
      const std::string target_file = text.substr(0, hash);
      const std::string pointer = hash == std::string::npos ? "" : text.substr(hash + 1);
      if (target_file.find("://") != std::string::npos)
        fail(file, where + "/$ref",
             "a remote $ref (" + text +
                 ") is not fetched: save it beside "
                 "the description and refer to the file");
      const fs::path next = target_file.empty() ? file
                            : is_url(file)
                                ? fs::path(url_beside(file.string(), target_file))
                                : (file.parent_path() / target_file).lexically_normal();
      if (!target_file.empty()) load(next, file, where + "/$ref");
      const json& doc = docs_.at(next.string());
      try {
        at = &doc.at(json::json_pointer(pointer));
      } catch (const json::exception&) {
        fail(file, where + "/$ref", "a broken $ref: " + text + " names nothing");
      }
      where = "#" + pointer;
      file = next;
    }
    return *at;
  }

  [[noreturn]] void fail(const fs::path& file, const std::string& pointer,
                         const std::string& problem) const {
    throw ApiDescriptionError(file.string() + ": " + (pointer.empty() ? "#" : pointer) + ": " +
                              problem);
  }

 private:
  void load(const fs::path& file, const fs::path& from = {}, const std::string& where = "") {
    if (docs_.count(file.string())) return;
    auto refused = [&](const std::string& why) -> ApiDescriptionError {
      if (from.empty()) return ApiDescriptionError(file.string() + ": " + why);
      return ApiDescriptionError(from.string() + ": " + where + ": " + file.string() + ": " + why);
    };
    if (docs_.size() >= kMaxFiles)
      throw refused("more than " + std::to_string(kMaxFiles) + " files referenced");
    if (is_url(file)) {
      if (!fetch_)
        throw refused("a URL is not fetched here: save the description and give its file");
      const std::string text = fetch_(file.string());
      if (text.size() > kMaxDescriptionBytes)
        throw refused("too large (more than " +
                      std::to_string(kMaxDescriptionBytes / (1024 * 1024)) + " MB)");
      parse(file, text, refused);
      return;
    }
    std::error_code ec;
    const auto size = fs::file_size(file, ec);
    if (ec) throw refused("cannot read it (" + ec.message() + ")");
    if (size > kMaxDescriptionBytes)
      throw refused("too large (" + std::to_string(size / (1024 * 1024)) + " MB; at most " +
                    std::to_string(kMaxDescriptionBytes / (1024 * 1024)) + " MB)");
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) throw refused("cannot read it");
    parse(file, text.str(), refused);
  }

  template <typename Refused>
  void parse(const fs::path& file, const std::string& text, const Refused& refused) {
    const std::string as_json = description_as_json(text, file.string());
    json doc = json::parse(as_json, nullptr, false);
    if (doc.is_discarded()) throw refused("not JSON or YAML");
    docs_.emplace(file.string(), std::move(doc));
  }

  fs::path main_;
  std::string main_name_;
  const DescriptionFetcher& fetch_;
  std::map<std::string, json> docs_;
};

std::string text_of(const json& o, const char* key) {
  return o.is_object() && o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : "";
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// A scalar example as it goes into a path ("" when it is not a scalar).
std::string scalar(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return v.dump();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return "";
}

// The value a path parameter is filled with: example, examples, default, the first enum value
// (3.x on the parameter or its schema; 2.0 on the parameter, and x-example).
std::string parameter_value(Documents& docs, const json& p, std::string where, fs::path file) {
  for (const char* key : {"example", "x-example"})
    if (p.contains(key))
      if (auto v = scalar(p[key]); !v.empty()) return v;
  if (p.contains("examples") && p["examples"].is_object())
    for (const auto& [name, ex] : p["examples"].items()) {
      std::string w = where + "/examples/" + escape_pointer_token(name);
      fs::path f = file;
      const json& e = docs.resolve(ex, w, f);
      if (e.is_object() && e.contains("value"))
        if (auto v = scalar(e["value"]); !v.empty()) return v;
    }
  const json* schema = &p;
  if (p.contains("schema")) {
    std::string w = where + "/schema";
    schema = &docs.resolve(p["schema"], w, file);
  }
  for (const json* s : {schema, &p}) {
    if (!s->is_object()) continue;
    for (const char* key : {"example", "default"})
      if (s->contains(key))
        if (auto v = scalar((*s)[key]); !v.empty()) return v;
    if (s->contains("examples") && (*s)["examples"].is_array() && !(*s)["examples"].empty())
      if (auto v = scalar((*s)["examples"][0]); !v.empty()) return v;
    if (s->contains("enum") && (*s)["enum"].is_array() && !(*s)["enum"].empty())
      if (auto v = scalar((*s)["enum"][0]); !v.empty()) return v;
  }
  return "";
}

// Percent-encodes what may not stand in a path segment as it is (RFC 3986 §3.3).
std::string path_segment(const std::string& v) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || std::strchr("-._~!$&'()*+,;=:@", c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

ApiSecurityScheme read_scheme(Documents& docs, const std::string& name, const json& node,
                              std::string where, bool swagger2) {
  fs::path file = fs::path(docs.main_name());
  const json& s = docs.resolve(node, where, file);
  ApiSecurityScheme out;
  out.name = name;
  out.pointer = where;
  out.type = text_of(s, "type");
  if (swagger2 && out.type == "basic") {
    out.type = "http";
    out.scheme = "basic";
  }
  if (out.type == "http") {
    if (out.scheme.empty()) out.scheme = lower(text_of(s, "scheme"));
    out.bearer_format = text_of(s, "bearerFormat");
    if (out.scheme.empty()) docs.fail(file, where, "an http security scheme without \"scheme\"");
  } else if (out.type == "apiKey") {
    out.in = text_of(s, "in");
    out.parameter = text_of(s, "name");
    if (out.in != "header" && out.in != "query" && out.in != "cookie")
      docs.fail(file, where + "/in",
                "an apiKey is in header, query or cookie, not \"" + out.in + "\"");
    if (out.parameter.empty()) docs.fail(file, where, "an apiKey scheme without \"name\"");
  } else if (out.type == "oauth2") {
    auto take = [&](const std::string& flow, const json& f) {
      if (!out.flow.empty() || !f.is_object()) return;
      out.flow = flow;
      out.token_url = text_of(f, "tokenUrl");
      if (f.contains("scopes") && f["scopes"].is_object())
        for (const auto& [scope, why] : f["scopes"].items()) out.scopes.push_back(scope);
    };
    if (swagger2) {
      const std::string flow = text_of(s, "flow");
      if (flow == "application") take("client_credentials", s);
      if (flow == "password") take("password", s);
      if (out.flow.empty() && s.contains("scopes") && s["scopes"].is_object())
        for (const auto& [scope, why] : s["scopes"].items()) out.scopes.push_back(scope);
    } else if (s.contains("flows") && s["flows"].is_object()) {
      if (s["flows"].contains("clientCredentials"))
        take("client_credentials", s["flows"]["clientCredentials"]);
      if (s["flows"].contains("password")) take("password", s["flows"]["password"]);
      for (const auto& [flow, f] : s["flows"].items())
        if (out.flow.empty() && f.is_object() && f.contains("scopes") && f["scopes"].is_object())
          for (const auto& [scope, why] : f["scopes"].items()) out.scopes.push_back(scope);
    }
  } else if (out.type == "openIdConnect") {
    out.openid_url = text_of(s, "openIdConnectUrl");
  } else if (out.type != "mutualTLS") {
    docs.fail(file, where + "/type",
              "an unknown security scheme type \"" + out.type +
                  "\" (http, apiKey, oauth2, openIdConnect or mutualTLS)");
  }
  return out;
}

// A security requirement list (global or an operation's): alternatives of requirements.
std::vector<std::vector<ApiOperation::Requirement>> read_security(const ApiDescription& d,
                                                                  Documents& docs, const json& s,
                                                                  const std::string& where) {
  std::vector<std::vector<ApiOperation::Requirement>> out;
  if (!s.is_array()) docs.fail(docs.main_name(), where, "security is a list of requirements");
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (!s[i].is_object())
      docs.fail(docs.main_name(), where + "/" + std::to_string(i), "a requirement is an object");
    std::vector<ApiOperation::Requirement> all;
    for (const auto& [name, scopes] : s[i].items()) {
      if (!d.scheme_named(name))
        docs.fail(docs.main_name(),
                  where + "/" + std::to_string(i) + "/" + escape_pointer_token(name),
                  "names no security scheme (\"" + name + "\" is not under securitySchemes)");
      ApiOperation::Requirement r{name, {}};
      if (scopes.is_array())
        for (const auto& sc : scopes)
          if (sc.is_string()) r.scopes.push_back(sc.get<std::string>());
      all.push_back(std::move(r));
    }
    out.push_back(std::move(all));
  }
  return out;
}

// servers[0] with its variables at their defaults (3.x); schemes, host and basePath (2.0).
std::string base_url_of(const json& root, bool swagger2) {
  if (swagger2) {
    const std::string host = text_of(root, "host");
    if (host.empty()) return "";
    std::string scheme = "https";
    if (root.contains("schemes") && root["schemes"].is_array() && !root["schemes"].empty() &&
        root["schemes"][0].is_string()) {
      scheme = root["schemes"][0].get<std::string>();
      for (const auto& s : root["schemes"])
        if (s == "https") scheme = "https";
    }
    std::string base = text_of(root, "basePath");
    if (base == "/") base.clear();
    return scheme + "://" + host + base;
  }
  if (!root.contains("servers") || !root["servers"].is_array() || root["servers"].empty())
    return "";
  const json& server = root["servers"][0];
  std::string url = text_of(server, "url");
  if (server.contains("variables") && server["variables"].is_object())
    for (const auto& [name, v] : server["variables"].items()) {
      const std::string key = "{" + name + "}", value = text_of(v, "default");
      for (auto at = url.find(key); at != std::string::npos; at = url.find(key, at + value.size()))
        url.replace(at, key.size(), value);
    }
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace

bool ApiOperation::writes() const {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

const ApiSecurityScheme* ApiDescription::scheme_named(const std::string& name) const {
  for (const auto& s : schemes)
    if (s.name == name) return &s;
  return nullptr;
}

ApiDescription read_api_description(const std::string& path, const DescriptionFetcher& fetch) {
  Documents docs(path, fetch);
  const json& root = docs.root();
  ApiDescription d;
  d.source = docs.main_name();
  if (!root.is_object()) docs.fail(d.source, "#", "not an OpenAPI or Swagger document (an object)");
  const bool swagger2 = text_of(root, "swagger") == "2.0";
  d.version = swagger2 ? "2.0" : text_of(root, "openapi");
  if (!swagger2 && d.version.rfind("3.", 0) != 0)
    docs.fail(d.source, "#",
              root.contains("swagger") ? "Swagger " + text_of(root, "swagger") + " (2.0 is read)"
                                       : "no \"openapi\": \"3.x\" or \"swagger\": \"2.0\" member");
  if (root.contains("info")) d.title = text_of(root["info"], "title");
  d.base_url = base_url_of(root, swagger2);

  const char* schemes_at = swagger2 ? "/securityDefinitions" : "/components/securitySchemes";
  const json::json_pointer sp(schemes_at);
  if (root.contains(sp) && root[sp].is_object())
    for (const auto& [name, s] : root[sp].items())
      d.schemes.push_back(
          read_scheme(docs, name, s,
                      std::string("#") + schemes_at + "/" + escape_pointer_token(name), swagger2));

  std::vector<std::vector<ApiOperation::Requirement>> global;
  bool global_public = false;
  if (root.contains("security")) {
    global = read_security(d, docs, root["security"], "#/security");
    global_public = global.empty();
  }
  if (!root.contains("paths") || !root["paths"].is_object())
    docs.fail(d.source, "#/paths", root.contains("paths") ? "not an object" : "missing");
  static const char* kMethods[] = {"get",     "put",  "post",  "delete",
                                   "options", "head", "patch", "trace"};
  for (const auto& [template_path, item_node] : root["paths"].items()) {
    std::string where = "#/paths/" + escape_pointer_token(template_path);
    fs::path file = fs::path(d.source);
    const json& item = docs.resolve(item_node, where, file);
    if (!item.is_object()) docs.fail(file, where, "a path item is an object");
    if (template_path.empty() || template_path[0] != '/')
      docs.fail(file, where, "a path starts with /");
    for (const char* m : kMethods) {
      if (!item.contains(m)) continue;
      const std::string at = where + "/" + m;
      const json& op = item[m];
      if (!op.is_object()) docs.fail(file, at, "an operation is an object");
      ApiOperation o;
      o.method = upper(m);
      o.operation_id = text_of(op, "operationId");
      o.summary = text_of(op, "summary");
      // (An operation in a sibling file is pointed at there.)
      o.pointer = (file.string() == d.source ? ""
                   : is_url(file)
                       ? file.string()
                       : file.lexically_relative(fs::path(d.source).parent_path()).string()) +
                  at;
      o.deny = op.contains("x-authspec-deny") && op["x-authspec-deny"] == true;
      o.skip = text_of(op, "x-authspec-skip");
      // Parameters: the path item's, overridden by the operation's of the same name and place.
      std::map<std::string, std::string> values;
      for (const auto* list_owner : {&item, &op}) {
        const std::string owner_at = list_owner == &item ? where : at;
        if (!list_owner->contains("parameters")) continue;
        const json& list = (*list_owner)["parameters"];
        if (!list.is_array()) docs.fail(file, owner_at + "/parameters", "not a list");
        for (std::size_t i = 0; i < list.size(); ++i) {
          std::string pw = owner_at + "/parameters/" + std::to_string(i);
          fs::path pf = file;
          const json& p = docs.resolve(list[i], pw, pf);
          if (text_of(p, "in") != "path") continue;
          values[text_of(p, "name")] = parameter_value(docs, p, pw, pf);
        }
      }
      std::string filled = template_path;
      for (auto open = filled.find('{'); open != std::string::npos; open = filled.find('{', open)) {
        const auto close = filled.find('}', open);
        if (close == std::string::npos) docs.fail(file, where, "an unclosed { in the path");
        const std::string name = filled.substr(open + 1, close - open - 1);
        const auto v = values.find(name);
        std::string value;
        if (v != values.end() && !v->second.empty()) {
          value = path_segment(v->second);
        } else {
          o.unfilled.push_back(name);
          value = "FILL-IN-" + name;
        }
        filled.replace(open, close - open + 1, value);
        open += value.size();
      }
      o.path = filled;
      o.path_template = template_path;
      if (op.contains("security")) {
        o.security = read_security(d, docs, op["security"], at + "/security");
        o.is_public = o.security.empty();
      } else {
        o.security = global;
        // No requirement anywhere: the description says anyone may call it.
        o.is_public = global_public || !root.contains("security");
      }
      for (const auto& alternative : o.security) o.is_public = o.is_public || alternative.empty();
      d.operations.push_back(std::move(o));
    }
  }
  return d;
}

}  // namespace authspec
