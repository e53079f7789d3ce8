#include "mock_server/mock_server.h"

#include <openssl/pem.h>
#include <sys/socket.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

#include "mock_server/api.h"
#include "mock_server/tls_identity.h"

namespace authspec::mock {
namespace {

// One listening socket with its worker pool, served on its own thread.
struct Listener {
  std::unique_ptr<httplib::Server> server;
  std::thread thread;
  int port = 0;
  int listen_fd = -1;

  void start(const std::string& bind, int wanted_port, int threads) {
    auto& s = *server;
    // Without TCP_NODELAY every keep-alive response stalls ~40 ms (Nagle vs delayed ACK).
    s.set_tcp_nodelay(true);
    // A connection that sends nothing (idle, slow, or a TLS handshake never finished) holds a
    // worker for at most a second, and there are many workers: a crowd of such connections
    // cannot keep a new client waiting long (cpp-httplib 0.11 queues connections without bound).
    s.set_keep_alive_max_count(1000);
    s.set_keep_alive_timeout(2);
    s.set_read_timeout(1, 0);
    s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
    // cpp-httplib 0.11 listens with a backlog of 5: a burst of new connections (the runner opens
    // one per worker) overflows it, the kernel drops SYNs and clients stall a second retrying.
    // Its socket-options hook hands us the listening socket so the backlog can be raised below.
    s.set_socket_options([this](socket_t fd) {
      int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      listen_fd = fd;
    });
    port = wanted_port == 0 ? s.bind_to_any_port(bind)
                            : (s.bind_to_port(bind, wanted_port) ? wanted_port : -1);
    if (port <= 0)
      throw std::runtime_error("cannot listen on " + bind + ":" + std::to_string(wanted_port));
    if (listen_fd >= 0) ::listen(listen_fd, 512);  // Linux updates the backlog in place
    thread = std::thread([this] { server->listen_after_bind(); });
    // stop() before the accept loop runs would be lost (cpp-httplib 0.11 has no wait_until_ready).
    for (int i = 0; i < 5000 && !server->is_running(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }

  void stop() {
    if (!thread.joinable()) return;
    server->stop();
    thread.join();
  }
};

// Registers `handler` for every method cpp-httplib routes, and TRACE through pre-routing.
template <typename Handler, typename Trace>
void route_everything(httplib::Server& s, Handler handler, Trace trace) {
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Patch(".*", handler);
  s.Delete(".*", handler);
  s.Options(".*", handler);
  s.set_pre_routing_handler([trace](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "TRACE") return httplib::Server::HandlerResponse::Unhandled;
    trace(req, res);
    return httplib::Server::HandlerResponse::Handled;
  });
  // An exception nobody planned for is a plain 500: cpp-httplib's default would copy its text
  // into an EXCEPTION_WHAT response header for any client to read.
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.headers.clear();
    res.set_content("{\"error\":\"internal\"}\n", "application/json");
  });
}

std::string host_for_url(const std::string& bind) {
  return bind.find(':') != std::string::npos ? "[" + bind + "]" : bind;
}

}  // namespace

struct MockServer::Impl {
  MockOptions options;
  std::unique_ptr<Api> api;
  TlsIdentity tls;
  Listener main, cleartext, proxy;
};

MockServer::MockServer(MockOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  const auto& o = impl_->options;
  impl_->api = std::make_unique<Api>(o.defects, o.trusted_proxies, o.cors, o.tls,
                                     o.lock_basic_users_after, o.clocks);
}

MockServer::~MockServer() {
  stop();
}

namespace {

// The proxy's own credentials (RFC 9110 §11.7): Basic, checked before anything is forwarded.
enum class ProxyUser { kNone, kPermitted, kNotPermitted };
ProxyUser proxy_user(const httplib::Request& req, const Defects& d) {
  const std::string v = req.get_header_value("Proxy-Authorization");
  if (v.size() < 7 || !iequals(v.substr(0, 6), "Basic ")) return ProxyUser::kNone;
  const auto decoded = base64_decode_strict(v.substr(6));
  if (!decoded) return ProxyUser::kNone;
  if (*decoded == std::string(kProxyUser) + ":" + kProxyPassword) return ProxyUser::kPermitted;
  if (*decoded == std::string(kProxyGuest) + ":" + kProxyGuestPassword)
    return ProxyUser::kNotPermitted;
  // The defect: the user name alone lets a request through.
  if (d.has(Defect::kProxyIgnoresPassword) && decoded->rfind(std::string(kProxyUser) + ":", 0) == 0)
    return ProxyUser::kPermitted;
  return ProxyUser::kNone;
}

}  // namespace

int MockServer::start() {
  auto& im = *impl_;
  const auto& o = im.options;
  Api& api = *im.api;
  auto serve = [&api](const httplib::Request& req, httplib::Response& res) {
    api.handle(req, res);
  };
  auto trace = [&api](const httplib::Request& req, httplib::Response& res) { api.trace(req, res); };

  if (o.tls) {
    im.tls = o.tls_cert_file.empty() ? generate_tls_identity()
                                     : read_tls_identity(o.tls_cert_file, o.tls_key_file);
    BIO* cert_bio =
        BIO_new_mem_buf(im.tls.cert_pem.data(), static_cast<int>(im.tls.cert_pem.size()));
    BIO* key_bio = BIO_new_mem_buf(im.tls.key_pem.data(), static_cast<int>(im.tls.key_pem.size()));
    X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
    BIO_free(cert_bio);
    BIO_free(key_bio);
    if (cert && key) im.main.server = std::make_unique<httplib::SSLServer>(cert, key);
    X509_free(cert);  // the SSL_CTX holds its own references
    EVP_PKEY_free(key);
    if (!im.main.server || !im.main.server->is_valid())
      throw std::runtime_error("the TLS certificate and key cannot be used");
  } else {
    im.main.server = std::make_unique<httplib::Server>();
  }
  // HSTS on every https response (RFC 6797 §7.1), never on cleartext ones (§7.2).
  const bool hsts = o.tls && !o.defects.has(Defect::kHstsMissing);
  route_everything(
      *im.main.server,
      [serve, hsts](const httplib::Request& req, httplib::Response& res) {
        serve(req, res);
        if (hsts) res.set_header("Strict-Transport-Security", "max-age=31536000");
      },
      trace);
  im.main.start(o.bind, o.port, o.threads);

  if (o.tls) {
    // The cleartext port of an https site: a permanent redirect for everything (RFC 6797 §7.2),
    // unless a defect serves the API there too.
    im.cleartext.server = std::make_unique<httplib::Server>();
    const std::string https =
        "https://" + host_for_url(o.bind) + ":" + std::to_string(im.main.port);
    const bool serves_api = o.defects.has(Defect::kBasicOverCleartext);
    route_everything(
        *im.cleartext.server,
        [serve, https, serves_api](const httplib::Request& req, httplib::Response& res) {
          if (serves_api) return serve(req, res);
          res.status = 308;
          res.set_header("Location", https + req.target);
          res.set_header("Cache-Control", "no-store");
        },
        trace);
    im.cleartext.start(o.bind, 0, 4);
  }

  // A forward proxy in front of the API (RFC 9110 §11.7): it wants its own credentials in
  // Proxy-Authorization (407 and Proxy-Authenticate), then forwards the rest untouched.
  im.proxy.server = std::make_unique<httplib::Server>();
  const Defects& d = o.defects;
  route_everything(
      *im.proxy.server,
      [serve, &d](const httplib::Request& req, httplib::Response& res) {
        const ProxyUser user = proxy_user(req, d);
        if (user == ProxyUser::kNotPermitted && !d.has(Defect::kProxyForbidden407)) {
          res.status = 403;  // authenticated, but not allowed to use this proxy
          res.set_header("Cache-Control", "no-store");
          res.set_content("{\"error\":\"proxy_forbidden\"}\n", "application/json");
          return;
        }
        if (user != ProxyUser::kPermitted) {
          res.set_header("Cache-Control", "no-store");
          res.set_content("{\"error\":\"proxy_authentication_required\"}\n", "application/json");
          const std::string challenge = std::string("Basic realm=\"") + kProxyRealm + "\"";
          if (d.has(Defect::kProxy401)) {
            res.status = 401;
            res.set_header("WWW-Authenticate", challenge);
          } else {
            res.status = 407;
            if (!d.has(Defect::kProxy407NoChallenge))
              res.set_header("Proxy-Authenticate", challenge);
            if (d.has(Defect::kProxyOffersDpop))
              res.headers.emplace("Proxy-Authenticate", "DPoP algs=\"ES256 RS256\"");
          }
          return;
        }
        // absolute-form (RFC 9112 §3.2.2): the origin's path is what follows the authority.
        httplib::Request forwarded = req;
        static const std::regex absolute("^[A-Za-z][A-Za-z0-9+.-]*://[^/]*(/.*)?$");
        std::smatch m;
        if (std::regex_match(req.path, m, absolute))
          forwarded.path = m[1].length() ? std::string(m[1]) : "/";
        forwarded.headers.erase("Proxy-Authorization");
        serve(forwarded, res);
        if (!d.has(Defect::kProxyRewritesChallenge)) return;
        std::vector<std::string> rewritten;
        for (auto it = res.headers.lower_bound("WWW-Authenticate");
             it != res.headers.upper_bound("WWW-Authenticate"); ++it)
          rewritten.push_back(
              std::regex_replace(it->second, std::regex("realm=\"[^\"]*\""), "realm=\"gateway\""));
        res.headers.erase("WWW-Authenticate");
        for (const auto& c : rewritten) res.headers.emplace("WWW-Authenticate", c);
      },
      trace);
  im.proxy.start(o.bind, 0, 4);
  return im.main.port;
}

void MockServer::stop() {
  if (!impl_) return;
  impl_->proxy.stop();
  impl_->cleartext.stop();
  impl_->main.stop();
}

int MockServer::port() const {
  return impl_->main.port;
}

std::string MockServer::url() const {
  return std::string(impl_->options.tls ? "https://" : "http://") +
         host_for_url(impl_->options.bind) + ":" + std::to_string(impl_->main.port);
}

std::string MockServer::cleartext_url() const {
  if (!impl_->options.tls) return "";
  return "http://" + host_for_url(impl_->options.bind) + ":" +
         std::to_string(impl_->cleartext.port);
}

std::string MockServer::proxy_url() const {
  return "http://" + host_for_url(impl_->options.bind) + ":" + std::to_string(impl_->proxy.port);
}

std::string MockServer::ca_pem() const {
  return impl_->tls.cert_pem;
}

}  // namespace authspec::mock
