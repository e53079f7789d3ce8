#include "mock_server/mock_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <cstring>
#include <map>
#include <regex>
#include <stdexcept>
#include <thread>

#include "suite/base64.h"
#include "suite/http.h"

namespace authspec::mock {
namespace {

struct Route {
  std::string method;
  std::vector<std::string> schemes;  // "Basic", "Bearer"
  bool admin_only = false;
};

// path -> route; GET routes also answer HEAD (cpp-httplib serves HEAD from GET handlers).
const std::map<std::string, Route>& routes() {
  static const std::map<std::string, Route> r = {
      {"/api/basic/profile", {"GET", {"Basic"}}},
      {"/api/bearer/reports", {"GET", {"Bearer"}}},
      {"/api/data", {"GET", {"Basic", "Bearer"}}},
      {"/api/notes", {"POST", {"Basic", "Bearer"}}},
      {"/api/admin", {"GET", {"Basic", "Bearer"}, true}},
  };
  return r;
}

struct User {
  std::string password;
  bool admin;
};
const std::map<std::string, User>& users() {
  static const std::map<std::string, User> u = {
      {"alice", {"wonderland-2026", true}},
      {"carol", {"pa:ss:word", true}},
      {"test", {"123\xC2\xA3", true}},  // the RFC 7617 §2.1 example: 123£ in UTF-8
      {"bob", {"builder-2026", false}},
  };
  return u;
}
const std::map<std::string, std::string>& tokens() {  // token -> user
  static const std::map<std::string, std::string> t = {
      {"mock-token-alice-5b7e2f90", "alice"},
      {"mock-token-bob-0c3d8e11", "bob"},
  };
  return t;
}

enum class AuthState { kNone, kInvalid, kMalformed, kOk };
struct Auth {
  AuthState state = AuthState::kNone;
  std::string user;
  bool bearer_presented = false;
  std::string why;  // for the error body
};

class InternalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

bool is_token68(const std::string& s) {
  static const std::regex re("^[A-Za-z0-9._~+/-]+=*$");
  return std::regex_match(s, re);
}

bool has_ctl(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

std::string latin1_to_utf8(const std::string& in) {
  std::string out;
  for (unsigned char c : in) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

class Api {
 public:
  explicit Api(const Defects& d) : d_(d) {}

  void handle(const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/public/health") {
      res.set_header("Cache-Control", "no-cache");
      res.set_content("{\"status\":\"ok\"}\n", "application/json");
      return;
    }
    const auto it = routes().find(req.path);
    if (it == routes().end()) {
      res.status = 404;
      res.set_content("{\"error\":\"not_found\"}\n", "application/json");
      return;
    }
    const Route& route = it->second;
    const bool head = req.method == "HEAD";
    Auth auth;
    if (d_.has("open-resource") && req.path == "/api/data") {
      auth.state = AuthState::kOk;
      auth.user = "anonymous";
    } else if (d_.has("head-unprotected") && head) {
      auth.state = AuthState::kOk;
      auth.user = "anonymous";
    } else {
      try {
        auth = authenticate(req, route);
      } catch (const InternalError& e) {
        res.status = 500;
        res.set_content(std::string("{\"error\":\"internal\",\"detail\":\"") + e.what() + "\"}\n",
                        "application/json");
        return;
      }
    }
    switch (auth.state) {
      case AuthState::kNone:
        if (d_.has("forbidden-for-anonymous")) {
          res.status = 403;
          res.set_content("{\"error\":\"forbidden\"}\n", "application/json");
          return;
        }
        return unauthorized(res, route, auth);
      case AuthState::kInvalid:
        return unauthorized(res, route, auth);
      case AuthState::kMalformed:
        res.status = 400;
        if (auth.bearer_presented || route.schemes == std::vector<std::string>{"Bearer"})
          res.set_header("WWW-Authenticate",
                         std::string("Bearer realm=\"") + kRealm + "\", error=\"invalid_request\"");
        res.set_header("Cache-Control", "no-store");
        res.set_content("{\"error\":\"invalid_request\",\"message\":\"" + auth.why + "\"}\n",
                        "application/json");
        return;
      case AuthState::kOk:
        break;
    }
    if (route.admin_only && auth.user != "anonymous" && !users().at(auth.user).admin) {
      if (d_.has("insufficient-permission-401")) {
        auth.state = AuthState::kInvalid;
        auth.why = "permission denied";
        return unauthorized(res, route, auth);
      }
      res.status = 403;
      res.set_header("Cache-Control", "no-store");
      res.set_content("{\"error\":\"forbidden\",\"message\":\"" + auth.user +
                          " may not access this resource\"}\n",
                      "application/json");
      return;
    }
    if (req.method != route.method && !(head && route.method == "GET")) {
      res.status = 405;
      res.set_header("Allow", route.method == "GET" ? "GET, HEAD" : route.method);
      res.set_content("{\"error\":\"method_not_allowed\"}\n", "application/json");
      return;
    }
    res.status = req.method == "POST" ? 201 : 200;
    res.set_header("Cache-Control", "private, no-store");
    res.set_content(representation(req.path, auth.user), "application/json");
  }

 private:
  static std::string representation(const std::string& path, const std::string& user) {
    return "{\"resource\":\"" + path + "\",\"user\":\"" + user + "\",\"secret\":\"" + kCanary +
           "\"}\n";
  }

  std::string realm() {
    if (d_.has("unstable-realm")) return std::string(kRealm) + "-" + std::to_string(++counter_);
    return kRealm;
  }

  std::string basic_challenge() {
    const std::string charset = d_.has("charset-latin1") ? "ISO-8859-1" : "UTF-8";
    if (d_.has("realm-missing")) return "Basic charset=\"" + charset + "\"";
    const std::string r =
        d_.has("realm-unquoted") ? "realm=" + realm() : "realm=\"" + realm() + "\"";
    std::string c = "Basic " + r + ", charset=\"" + charset + "\"";
    if (d_.has("malformed-challenge")) c += ", title=my api";
    return c;
  }

  std::string bearer_challenge(const Auth& auth) {
    std::string c =
        "Bearer " + (d_.has("realm-unquoted") ? "realm=" + realm() : "realm=\"" + realm() + "\"");
    if (d_.has("repeated-param")) c += ", realm=\"" + std::string(kRealm) + "\"";
    if ((auth.state == AuthState::kInvalid && auth.bearer_presented) ||
        d_.has("bearer-error-without-token"))
      c += ", error=\"invalid_token\", error_description=\"The access token is invalid\"";
    return c;
  }

  void unauthorized(httplib::Response& res, const Route& route, const Auth& auth) {
    res.status = 401;
    if (d_.has("private-status-codes") && auth.state == AuthState::kInvalid &&
        auth.bearer_presented)
      res.status = 498;
    std::vector<std::string> challenges;
    for (const auto& s : route.schemes)
      challenges.push_back(s == "Basic" ? basic_challenge() : bearer_challenge(auth));
    if (d_.has("advertise-unsupported-scheme")) challenges.push_back("Negotiate");
    if (!d_.has("no-challenge")) {
      if (d_.has("challenges-one-line") && challenges.size() > 1) {
        std::string line;
        for (const auto& c : challenges) line += (line.empty() ? "" : ", ") + c;
        res.headers.emplace("WWW-Authenticate", line);
      } else {
        for (const auto& c : challenges) res.headers.emplace("WWW-Authenticate", c);
      }
    }
    res.set_header("Cache-Control", "no-store");
    std::string body = "{\"error\":\"unauthorized\",\"message\":\"" +
                       (auth.why.empty() ? std::string("credentials required") : auth.why) + "\"";
    if (d_.has("content-in-401")) body += ",\"preview\":" + representation("/preview", "anonymous");
    body += "}\n";
    if (d_.has("empty-401-body")) body.clear();
    res.set_content(body, "application/json");
  }

  Auth authenticate(const httplib::Request& req, const Route& route) {
    Auth a;
    const auto count = req.get_header_value_count("Authorization");
    if (count == 0) return a;
    if (count > 1 && !d_.has("duplicate-authorization-first-wins")) {
      a.state = AuthState::kMalformed;
      a.why = "more than one Authorization field";
      return a;
    }
    const std::string value = req.get_header_value("Authorization", 0);
    const auto sp = value.find(' ');
    const std::string scheme = value.substr(0, sp);
    std::string credentials;
    if (sp != std::string::npos) {
      if (d_.has("token68-sloppy")) {
        credentials = value.substr(sp + 1);
        credentials = credentials.substr(0, credentials.find_first_of(" ,!"));
      } else {
        credentials = value.substr(value.find_first_not_of(' ', sp) == std::string::npos
                                       ? value.size()
                                       : value.find_first_not_of(' ', sp));
      }
    }
    std::string matched;
    for (const auto& s : route.schemes) {
      const bool same = d_.has("scheme-case-sensitive") ? scheme == s : iequals(scheme, s);
      if (same) matched = s;
    }
    if (matched.empty())
      return a;  // unsupported scheme: treated as no credentials (RFC 9110 §11.4)
    if (matched == "Bearer") a.bearer_presented = !credentials.empty();
    const bool defective_basic = matched == "Basic" && d_.has("malformed-basic-500");
    if (credentials.empty() && !defective_basic) return a;  // scheme only: no credentials
    a.state = AuthState::kInvalid;
    if (!d_.has("token68-sloppy") && !d_.has("lenient-base64") && !is_token68(credentials) &&
        !defective_basic) {
      a.why = "credentials are not a token68";
      return a;
    }
    if (matched == "Bearer") {
      const auto t = tokens().find(credentials);
      if (t == tokens().end()) {
        a.why = "unknown token";
        return a;
      }
      a.state = AuthState::kOk;
      a.user = t->second;
      return a;
    }
    return check_basic(credentials, a);
  }

  Auth check_basic(const std::string& credentials, Auth a) {
    std::optional<std::string> decoded;
    if (d_.has("lenient-base64")) {
      std::string kept;
      for (char c : credentials)
        if (std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/') kept += c;
      while (kept.size() % 4) kept += '=';
      decoded = base64_decode_strict(kept);
    } else {
      decoded = base64_decode_strict(credentials);
    }
    const bool crash = d_.has("malformed-basic-500");
    if (!decoded) {
      if (crash) throw InternalError("base64 decoding failed");
      a.why = "credentials are not valid base64";
      return a;
    }
    const auto colon = d_.has("split-last-colon") ? decoded->rfind(':') : decoded->find(':');
    if (colon == std::string::npos) {
      if (crash) throw InternalError("index out of range");
      a.why = "no colon in user-pass";
      return a;
    }
    std::string user = decoded->substr(0, colon), pass = decoded->substr(colon + 1);
    if (d_.has("latin1-credentials")) {
      user = latin1_to_utf8(user);
      pass = latin1_to_utf8(pass);
    }
    if (user.empty() || pass.empty()) {
      a.why = "empty user id or password";
      return a;
    }
    if (d_.has("nul-truncation")) {
      for (const auto& [name, u] : users())
        if (std::strcmp(name.c_str(), user.c_str()) == 0 &&
            std::strcmp(u.password.c_str(), pass.c_str()) == 0) {
          a.state = AuthState::kOk;
          a.user = name;
          return a;
        }
      a.why = "wrong user id or password";
      return a;
    }
    if (has_ctl(user) || has_ctl(pass)) {
      a.why = "control characters in credentials";
      return a;
    }
    const auto u = users().find(user);
    if (u == users().end() || u->second.password != pass) {
      a.why = "wrong user id or password";
      if (d_.has("wrong-password-400")) a.state = AuthState::kMalformed;
      return a;
    }
    a.state = AuthState::kOk;
    a.user = user;
    return a;
  }

  const Defects& d_;
  std::atomic<long> counter_{0};
};

}  // namespace

struct MockServer::Impl {
  MockOptions options;
  httplib::Server server;
  std::unique_ptr<Api> api;
  std::thread thread;
  int port = 0;
  int listen_fd = -1;
};

MockServer::MockServer(MockOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->api = std::make_unique<Api>(impl_->options.defects);
}

MockServer::~MockServer() {
  stop();
}

int MockServer::start() {
  auto& s = impl_->server;
  // Without TCP_NODELAY every keep-alive response stalls ~40 ms (Nagle vs delayed ACK).
  s.set_tcp_nodelay(true);
  s.set_keep_alive_max_count(1000);
  s.set_keep_alive_timeout(2);
  s.set_read_timeout(5, 0);
  const int threads = impl_->options.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections (the runner opens
  // one per worker) overflows it, the kernel drops SYNs and clients stall a second retrying.
  // Its socket-options hook hands us the listening socket so the backlog can be raised below.
  s.set_socket_options([this](socket_t fd) {
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    impl_->listen_fd = fd;
  });
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    impl_->api->handle(req, res);
  };
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Patch(".*", handler);
  s.Delete(".*", handler);
  s.Options(".*", handler);
  impl_->port =
      impl_->options.port == 0
          ? s.bind_to_any_port(impl_->options.bind)
          : (s.bind_to_port(impl_->options.bind, impl_->options.port) ? impl_->options.port : -1);
  if (impl_->port <= 0)
    throw std::runtime_error("cannot listen on " + impl_->options.bind + ":" +
                             std::to_string(impl_->options.port));
  if (impl_->listen_fd >= 0) ::listen(impl_->listen_fd, 512);  // Linux updates the backlog in place
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
  // stop() before the accept loop runs would be lost (cpp-httplib 0.11 has no wait_until_ready).
  for (int i = 0; i < 5000 && !impl_->server.is_running(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return impl_->port;
}

void MockServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

int MockServer::port() const {
  return impl_->port;
}

std::string MockServer::url() const {
  const std::string host = impl_->options.bind.find(':') != std::string::npos
                               ? "[" + impl_->options.bind + "]"
                               : impl_->options.bind;
  return "http://" + host + ":" + std::to_string(impl_->port);
}

}  // namespace authspec::mock
