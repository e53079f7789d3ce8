#include "mock_server/digest_auth.h"

#include <regex>

#include "suite/base64.h"
#include "suite/challenge.h"
#include "suite/digest.h"
#include "suite/http.h"

namespace authspec::mock {

std::string DigestAuth::new_nonce() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (d_.has(Defect::kDigestConstantNonce) && !nonces_.empty()) return nonces_.begin()->first;
  const std::string n = random_hex(18);
  if (nonces_.size() > 100000) nonces_.clear();
  nonces_[n] = {std::chrono::steady_clock::now(), {}};
  return n;
}

std::vector<std::string> DigestAuth::challenges(const std::string& realm, bool stale) {
  std::vector<std::string> algorithms = {"SHA-256", "MD5"};
  if (d_.has(Defect::kDigestMd5Only)) algorithms = {"MD5"};
  if (d_.has(Defect::kDigestMd5First)) algorithms = {"MD5", "SHA-256"};
  const bool quoted = d_.has(Defect::kDigestQuotedParams);
  std::vector<std::string> out;
  for (const auto& alg : algorithms) {
    std::string c = "Digest realm=\"" + realm + "\"";
    if (!d_.has(Defect::kDigestNoQop)) c += ", qop=\"auth\"";
    c += ", algorithm=" + (quoted ? "\"" + alg + "\"" : alg);
    c += ", nonce=\"" + new_nonce() + "\", opaque=\"" + opaque_ + "\", userhash=true";
    if (stale) c += quoted ? ", stale=\"true\"" : ", stale=true";
    out.push_back(c);
  }
  return out;
}

DigestOutcome DigestAuth::verify(
    const std::string& method, const std::string& target, const std::string& authorization,
    const std::string& realm,
    const std::function<std::optional<std::string>(const std::string&)>& passwords,
    const std::vector<std::string>& user_names) {
  DigestOutcome out;
  auto malformed = [&](const std::string& why) {
    out.status = d_.has(Defect::kDigestParser500) ? 500 : 400;
    out.why = why;
    return out;
  };
  const ChallengeParse parse = parse_challenges({authorization});
  if (parse.challenges.empty() || !parse.challenges[0].is("Digest"))
    return malformed("not Digest credentials");
  const Challenge& c = parse.challenges[0];
  if (d_.has(Defect::kDigestStrictParser))
    for (const auto& p : c.params)
      if (p.name != to_lower(p.name) || (!p.quoted && (p.name == "username" || p.name == "uri")))
        return malformed("unexpected parameter spelling: " + p.name);
  auto value = [&](const char* name) -> std::optional<std::string> {
    const AuthParam* p = c.param(name);
    return p ? std::optional<std::string>(p->value) : std::nullopt;
  };
  const auto username = value("username"), username_star = value("username*");
  const auto nonce = value("nonce"), uri = value("uri"), response = value("response");
  const auto qop = value("qop"), nc = value("nc"), cnonce = value("cnonce");
  if (username && username_star) return malformed("username and username* together");
  if (!username || !value("realm") || !nonce || !uri || !response)
    return malformed("a required parameter is missing");
  if (!qop && !d_.has(Defect::kDigestNoQop)) return malformed("qop is missing");
  if (qop && (!nc || !cnonce)) return malformed("qop without nc or cnonce");
  if (nc && !std::regex_match(*nc, std::regex("^[0-9a-fA-F]{8}$")))
    return malformed("nc is not 8 hex digits");
  if (*uri != target && !d_.has(Defect::kDigestUriUnchecked))
    return malformed("uri does not match the request-target");

  const std::string algorithm = value("algorithm").value_or("MD5");
  std::vector<std::string> offered = {"SHA-256", "MD5"};
  if (d_.has(Defect::kDigestMd5Only)) offered = {"MD5"};
  const bool algorithm_offered =
      std::find(offered.begin(), offered.end(), algorithm) != offered.end();
  out.why = "wrong credentials";
  if (!algorithm_offered || (qop && *qop != "auth") || *value("realm") != realm ||
      (value("opaque").value_or("") != opaque_ && !d_.has(Defect::kDigestOpaqueIgnored)))
    return out;  // not what was offered: 401 with a fresh challenge
  std::optional<std::chrono::steady_clock::time_point> issued;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = nonces_.find(*nonce);
    if (it != nonces_.end()) issued = it->second.issued;
  }
  if (!issued) return out;  // a nonce this server never issued

  std::string user = *username;
  if (value("userhash").value_or("") == "true") {
    user.clear();
    if (!d_.has(Defect::kDigestUserhashBroken))
      for (const auto& name : user_names)
        if (digest::hash(algorithm, name + ":" + realm).value_or("") == *username) user = name;
  }
  const auto password = passwords(user);
  digest::Credentials cr;
  cr.username = user;
  cr.password = password.value_or("");
  cr.realm = realm;
  cr.nonce = *nonce;
  cr.uri = *uri;
  cr.method = method;
  cr.algorithm = algorithm;
  cr.qop = qop.value_or("");
  cr.nc = nc.value_or("");
  cr.cnonce = cnonce.value_or("");
  if (!password || digest::response(cr) != *response) {
    out.stale = d_.has(Defect::kDigestStaleAlways);
    return out;
  }
  if (std::chrono::steady_clock::now() - *issued > nonce_lifetime_) {
    out.stale = !d_.has(Defect::kDigestNoStale);
    out.why = "the nonce has expired";
    return out;
  }
  // (A constant nonce cannot tell clients apart, so its defect tracks no counts either.)
  if (qop && !d_.has(Defect::kDigestNcReplay) && !d_.has(Defect::kDigestConstantNonce)) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!nonces_[*nonce].counts.insert(to_lower(*nc)).second) {
      out.why = "the nonce count was used before (a replay)";
      return out;
    }
  }
  out.status = 200;
  out.user = user;
  if (qop)
    out.authentication_info = "rspauth=\"" + digest::rspauth(cr) + "\", qop=auth, nc=" + *nc +
                              ", cnonce=\"" + *cnonce + "\"";
  return out;
}

}  // namespace authspec::mock
