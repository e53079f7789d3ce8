// Guards before authentication: deny lists by address, host name or network, the client address
// (forwarding headers only from trusted proxies).
#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include "mock_server/api.h"

namespace authspec::mock {

namespace {

// Deny lists of the mock: loopback by address, localhost by host name; the intranet route admits
// private networks only (so loopback is outside it).
bool on_address_deny_list(const std::string& ip) {
  return ip == "127.0.0.1" || ip == "::1" || ip == "::ffff:127.0.0.1";
}
bool on_host_deny_list(const std::string& host) {
  return host == "localhost" || host == "localhost.localdomain" || host == "ip6-localhost";
}
bool in_intranet(const std::string& ip) {
  in_addr a{};
  if (inet_pton(AF_INET, ip.c_str(), &a) != 1) return false;
  const uint32_t v = ntohl(a.s_addr);
  return (v >> 24) == 10 || (v >> 20) == ((172u << 4) | 1) || (v >> 16) == ((192u << 8) | 168);
}
std::string reverse_lookup(const std::string& ip) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  if (inet_pton(AF_INET, ip.c_str(), &sa.sin_addr) != 1) return ip;
  char host[NI_MAXHOST];
  if (getnameinfo(reinterpret_cast<sockaddr*>(&sa), sizeof sa, host, sizeof host, nullptr, 0,
                  NI_NAMEREQD) != 0)
    return ip;
  return host;
}

}  // namespace

// The first address a forwarding header claims (what a defective filter believes).
std::string claimed_address(const httplib::Request& req) {
  for (const char* h : {"X-Forwarded-For", "X-Real-IP", "X-Client-IP", "X-Originating-IP",
                        "X-Remote-IP", "X-Remote-Addr", "True-Client-IP", "CF-Connecting-IP"})
    if (req.has_header(h)) {
      std::string v = req.get_header_value(h);
      v = v.substr(0, v.find(','));
      v.erase(0, v.find_first_not_of(' '));
      return v.substr(0, v.find(':') == v.rfind(':') ? v.find(':') : std::string::npos);
    }
  if (req.has_header("Forwarded")) {
    static const std::regex forwarded("for=\"?\\[?([0-9a-fA-F.:]+?)\\]?(:[0-9]+)?\"?(;|,|$)");
    std::smatch m;
    const std::string v = req.get_header_value("Forwarded");
    if (std::regex_search(v, m, forwarded)) return m[1];
  }
  return "";
}

// The client as the mock sees it: the peer, or (only from a trusted proxy, or when a defect
// trusts the client's own claim) the address a forwarding header names.
std::string Api::client_address(const httplib::Request& req) const {
  const std::string claimed = claimed_address(req);
  if (!claimed.empty() && (d_.has(Defect::kDenyXff) || trusted_proxies_.count(req.remote_addr)))
    return claimed;
  return req.remote_addr;
}

bool Api::denied(const httplib::Request& req, const Route& route) {
  if (d_.has(Defect::kDenyGetOnly) && req.method != "GET") return false;
  if (d_.has(Defect::kDenyCredentialsBypass)) {
    Auth a = authenticate(req, route);
    if (a.state == AuthState::kOk) return false;
  }
  const std::string ip = client_address(req);
  switch (route.deny) {
    case Route::Deny::kAddress:
      return on_address_deny_list(ip);
    case Route::Deny::kHostName:
      return on_host_deny_list(reverse_lookup(ip));
    case Route::Deny::kIntranetOnly:
      return !in_intranet(ip);
    case Route::Deny::kNone:
      return false;
  }
  return false;
}

}  // namespace authspec::mock
