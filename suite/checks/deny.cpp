// DENY: deny lists and network-based access control (RFC 9110 §15.5.4; RFC 7239 §8.1).
#include "suite/checks/probes.h"
#include "suite/registry.h"
#include "suite/verifiers.h"

namespace authspec {
namespace {

const char* kNoDeny = "the profile names no [deny] resource";

// Forwarding headers a client can forge, each claiming an allowed or internal address.
const std::vector<std::pair<std::string, std::string>>& spoofed_headers() {
  static const std::vector<std::pair<std::string, std::string>> h = {
      {"X-Forwarded-For", "127.0.0.1"},
      {"X-Forwarded-For", "10.0.0.1"},
      {"X-Forwarded-For", "::1"},
      {"X-Forwarded-For", "127.0.0.1:443"},
      {"X-Forwarded-For", "10.0.0.1, 127.0.0.1"},
      {"Forwarded", "for=10.0.0.1"},
      {"Forwarded", "for=\"[::1]\""},
      {"Forwarded", "for=\"10.0.0.1:443\""},
      {"X-Real-IP", "10.0.0.1"},
      {"X-Client-IP", "10.0.0.1"},
      {"X-Originating-IP", "10.0.0.1"},
      {"X-Remote-IP", "10.0.0.1"},
      {"X-Remote-Addr", "10.0.0.1"},
      {"True-Client-IP", "10.0.0.1"},
      {"CF-Connecting-IP", "192.168.1.10"}};
  return h;
}

// `base` once with each spoofed forwarding header.
void add_spoofed(const Request& base, std::vector<Request>& out) {
  for (const auto& [h, v] : spoofed_headers()) {
    Request req = base;
    req.headers.emplace_back(h, v);
    req.credential += ", " + h + ": " + v;
    out.push_back(req);
  }
}

// The profile's valid credentials for a resource (each scheme it accepts that the profile has).
std::vector<Request> valid_for(const Context& ctx, const Resource& r) {
  Context at{ctx.profile, &r, ctx.controls};
  std::vector<Request> out;
  for (const auto& s : at.testable_schemes()) out.push_back(*at.valid(s));
  return out;
}

// 403 (404 under a hiding policy), never 401, never a challenge.
std::string deny_answer(const Context& ctx, const Exchange& ex) {
  const int s = ex.response.status;
  if (s == 401) return "401 for a denied client; credentials cannot fix a deny list (403)";
  if (ex.response.has("WWW-Authenticate"))
    return describe_status(ex) + " with a WWW-Authenticate challenge";
  return forbidden(ctx, ex);
}

// Not let in: no 2xx and (by the caller) no protected content.
std::string kept_out(const Context&, const Exchange& ex) {
  return is_success(ex.response.status) ? "let in: " + describe_status(ex) : "";
}

}  // namespace

void register_deny(std::vector<Check>& out) {
  out.push_back(Check{
      .id = "DENY-001",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5.4, §15.5.2, §11.4",
      .title = "A denied client gets 403, not 401",
      .requirement = "A client refused because of its address gets 403 (404 to hide), never 401, "
                     "and no WWW-Authenticate challenge.",
      .remediation = "Answer deny-list hits with 403 and no challenge (IIS: set the deny action to "
                     "Forbidden, not Unauthorized).",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& r : ctx.profile.deny_resources) p.requests.push_back(ctx.anonymous_to(r));
    if (p.requests.empty()) p.skip = kNoDeny;
    return p;
  };
  out.back().judge = each_without_credentials(deny_answer, "403 without a challenge");

  out.push_back(Check{
      .id = "DENY-002",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §15.5.4",
      .title = "Valid credentials do not override a deny list",
      .requirement = "A denied client gets the same refusal with valid credentials.",
      .remediation = "Apply the network rule before, and independently of, authentication.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& r : ctx.profile.deny_resources)
      for (auto& req : valid_for(ctx, r)) p.requests.push_back(req);
    if (p.requests.empty())
      p.skip = ctx.profile.deny_resources.empty() ? kNoDeny : "no valid credentials for them";
    return p;
  };
  out.back().judge = each_kept_out(kept_out, "refused with valid credentials");

  out.push_back(Check{
      .id = "DENY-003",
      .level = Level::kBestPractice,
      .spec = "RFC 7239 §8.1; ASVS 4.0.3 V14.5.4",
      .owasp = "WSTG-ATHZ-02",
      .title = "Forwarding headers do not lift a deny",
      .requirement = "X-Forwarded-For, Forwarded, X-Real-IP and their kin, sent by the client with "
                     "an allowed address, do not lift the deny.",
      .remediation = "Believe forwarding headers only from your own proxies (a trusted-proxy "
                     "list), taking the right-most untrusted hop.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& r : ctx.profile.deny_resources) {
      const auto valid = valid_for(ctx, r);
      add_spoofed(valid.empty() ? ctx.anonymous_to(r) : valid[0], p.requests);
    }
    if (p.requests.empty()) p.skip = kNoDeny;
    return p;
  };
  out.back().judge = each_kept_out(kept_out, "no forwarding header lifted the deny");

  out.push_back(Check{
      .id = "DENY-004",
      .level = Level::kBestPractice,
      .spec = "RFC 7239 §8.1; WSTG-ATHZ-02",
      .owasp = "WSTG-ATHZ-02",
      .title = "Forwarding headers do not grant internal-only access",
      .requirement = "An internal-only resource stays closed to an outside client that claims a "
                     "loopback or private address in a forwarding header.",
      .remediation = "Decide network position from the connection (or a trusted proxy), never from "
                     "a header the client sends.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& r : ctx.profile.internal_resources) {
      std::vector<Request> bases = valid_for(ctx, r);
      bases.push_back(ctx.anonymous_to(r));
      for (const auto& base : bases) add_spoofed(base, p.requests);
    }
    if (p.requests.empty()) p.skip = "the profile names no [deny] internal_resource";
    return p;
  };
  out.back().judge = each_kept_out(kept_out, "no forwarding header opened the internal resource");

  out.push_back(Check{
      .id = "DENY-005",
      .level = Level::kBestPractice,
      .spec = "RFC 9110 §9.3.2, §4.2.3",
      .title = "The deny holds for every method and path spelling",
      .requirement = "The deny decision holds for HEAD, POST and OPTIONS and for spellings of the "
                     "path (trailing slash, case, an encoded letter).",
      .remediation = "Apply the network rule to the normalised path and to every method.",
      .scope = Scope::kRun,
  });
  out.back().plan = [](const Context& ctx) {
    Plan p;
    for (const auto& r : ctx.profile.deny_resources) {
      const auto valid = valid_for(ctx, r);
      const Request base = valid.empty() ? ctx.anonymous_to(r) : valid[0];
      for (const char* m : {"HEAD", "POST", "OPTIONS"}) {
        if (std::string(m) == "POST" && !r.writes_ok) continue;
        Request req = base;
        req.method = m;
        req.credential += std::string(", ") + m;
        p.requests.push_back(req);
      }
      const std::string t = ctx.profile.target(r);
      const auto last = t.rfind('/');
      std::string upper = t, encoded = t;
      for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (last + 1 < t.size()) {
        char hex[4];
        std::snprintf(hex, sizeof hex, "%%%02x", static_cast<unsigned char>(t[last + 1]));
        encoded = t.substr(0, last + 1) + hex + t.substr(last + 2);
      }
      for (const auto& [target, label] :
           {std::pair<std::string, std::string>{t + "/", "trailing slash"},
            {upper, "upper case"},
            {encoded, "encoded letter"}}) {
        Request req = base;
        if (req.method != "GET" && req.method != "HEAD") req.method = "GET";
        req.target = target;
        req.credential += ", " + label;
        p.requests.push_back(req);
      }
    }
    if (p.requests.empty()) p.skip = kNoDeny;
    return p;
  };
  out.back().judge = each_kept_out(kept_out, "denied for every method and spelling");
}

}  // namespace authspec
