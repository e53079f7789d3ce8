// The front door: what happens before any authentication. The CORS layer answers preflights
// (browsers never send credentials with them), TRACE is refused, and the BYP defects let a request
// past the filter by header, path spelling, virtual host or method.
#include "mock_server/api.h"

namespace authspec::mock {

// Every request: the CORS layer around the API. A preflight is answered here, before
// authentication, because browsers never send credentials with it (Fetch §4.8).
void Api::handle(const httplib::Request& req, httplib::Response& res) {
  const std::string origin = req.get_header_value("Origin");
  const bool cors = req.has_header("Origin");
  if (cors && req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method") &&
      !d_.has(Defect::kPreflightRequiresCredentials)) {
    HeaderList headers;
    res.status = cors_.preflight(origin, headers);
    for (auto& [k, v] : headers) res.headers.emplace(k, v);
    return;
  }
  if (cors && !cors_.allowed(origin) && d_.has(Defect::kCorsOrigin401)) {
    res.status = 401;
    res.set_content("{\"error\":\"unauthorized\",\"message\":\"origin not allowed\"}\n",
                    "application/json");
    return;
  }
  if (d_.has(Defect::kProxyAuthorizationAccepted) && !req.has_header("Authorization") &&
      req.has_header("Proxy-Authorization")) {
    httplib::Request as_origin = req;
    as_origin.headers.emplace("Authorization", req.get_header_value("Proxy-Authorization"));
    serve(as_origin, res);
  } else {
    serve(req, res);
  }
  if (d_.has(Defect::k405WithoutAllow) && res.status == 405) res.headers.erase("Allow");
  if (!cors) return;
  HeaderList headers;
  cors_.decorate(origin, req.path, res.status, headers);
  for (auto& [k, v] : headers) res.headers.emplace(k, v);
}

// TRACE (RFC 9110 §9.3.8): disabled, unless a defect echoes the request, credentials included.
void Api::trace(const httplib::Request& req, httplib::Response& res) {
  if (!d_.has(Defect::kTraceEcho)) {
    res.status = 405;
    if (!d_.has(Defect::k405WithoutAllow))  // (TRACE does not pass through handle())
      res.set_header("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    res.set_content("{\"error\":\"method_not_allowed\"}\n", "application/json");
    return;
  }
  std::string echo = req.method + " " + req.target + " HTTP/1.1\r\n";
  for (const auto& [name, value] : req.headers)
    if (name.find("REMOTE_") != 0 && name.find("LOCAL_") != 0) echo += name + ": " + value + "\r\n";
  res.set_content(echo, "message/http");
}

// Ways a defective front end lets a request past the authentication filter (the BYP family).
bool Api::bypassed(const httplib::Request& req, std::string& path) {
  bool bypass = false;
  if (d_.has(Defect::kHonoursXOriginalUrl))
    for (const char* h : {"X-Original-URL", "X-Rewrite-URL"})
      if (req.has_header(h)) {
        const bool wire_public = routes().find(req.path) == routes().end();
        path = req.get_header_value(h).substr(0, req.get_header_value(h).find('?'));
        bypass = wire_public;  // the filter looked at the (public) wire path
      }
  if (d_.has(Defect::kPathNormalizationBypass)) {
    const std::string n = normalized(path);
    if (n != path && routes().count(n)) {
      path = n;
      bypass = true;  // the filter matched the exact spelling; the router normalised it
    }
  }
  if (d_.has(Defect::kVhostFallback) && req.get_header_value("Host").rfind("127.0.0.1:", 0) != 0)
    bypass = true;
  if (d_.has(Defect::kOnlyGetProtected) && req.method != "GET" && req.method != "HEAD") {
    // The filter lists GET (and each route's own method); other methods fall through to the
    // content.
    const auto it = routes().find(path);
    if (it != routes().end() && req.method != it->second.method) bypass = true;
  }
  if (d_.has(Defect::kMethodOverrideBypass))
    for (const char* h : {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
      if (req.has_header(h) && req.get_header_value(h) != "GET") bypass = true;
  return bypass;
}

// Case-folded, ;params removed, dot segments resolved, empty segments and trailing dots dropped.
std::string Api::normalized(const std::string& path) {
  std::vector<std::string> out;
  std::string seg;
  auto flush = [&] {
    seg = seg.substr(0, seg.find(';'));
    while (!seg.empty() && (seg.back() == '.' || seg.back() == ' ') && seg != "." && seg != "..")
      seg.pop_back();
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!seg.empty() && seg != ".") {
      for (auto& c : seg) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out.push_back(seg);
    }
    seg.clear();
  };
  for (char c : path) {
    if (c == '/')
      flush();
    else
      seg += c;
  }
  flush();
  std::string n;
  for (const auto& o : out) n += "/" + o;
  return n.empty() ? "/" : n;
}

// The cache-deception defect: a router that ignores a static-looking last segment or ;suffix.
bool Api::static_suffix_stripped(std::string& path) {
  static const std::regex suffix("^(/.+?)(/[^/]*|;[^/]*)\\.(css|js|png|jpg|ico)$");
  std::smatch m;
  if (!std::regex_match(path, m, suffix) || !routes().count(m[1])) return false;
  path = m[1];
  return true;
}

}  // namespace authspec::mock
