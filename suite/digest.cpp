#include "suite/digest.h"

#include <openssl/evp.h>

#include "suite/base64.h"
#include "suite/http.h"

namespace authspec::digest {

std::optional<std::string> hash(const std::string& algorithm, const std::string& data) {
  std::string base = to_lower(algorithm);
  if (base.size() > 5 && base.substr(base.size() - 5) == "-sess") base.resize(base.size() - 5);
  const EVP_MD* md = base == "md5"           ? EVP_md5()
                     : base == "sha-256"     ? EVP_sha256()
                     : base == "sha-512-256" ? EVP_sha512_256()
                                             : nullptr;
  if (!md) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return std::nullopt;
  return hex_lower(out, len);
}

namespace {

std::string ha1(const Credentials& c) {
  std::string a1 = *hash(c.algorithm, c.username + ":" + c.realm + ":" + c.password);
  const std::string alg = to_lower(c.algorithm);
  if (alg.size() > 5 && alg.substr(alg.size() - 5) == "-sess")
    a1 = *hash(c.algorithm, a1 + ":" + c.nonce + ":" + c.cnonce);
  return a1;
}

std::string request_digest(const Credentials& c, const std::string& a2) {
  if (!hash(c.algorithm, "")) return "";
  const std::string h2 = *hash(c.algorithm, a2);
  if (c.qop.empty()) return *hash(c.algorithm, ha1(c) + ":" + c.nonce + ":" + h2);
  return *hash(c.algorithm,
               ha1(c) + ":" + c.nonce + ":" + c.nc + ":" + c.cnonce + ":" + c.qop + ":" + h2);
}

std::string quoted(const std::string& v) {
  std::string out = "\"";
  for (char ch : v) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

}  // namespace

std::string response(const Credentials& c) {
  return request_digest(c, c.method + ":" + c.uri);
}

std::string rspauth(const Credentials& c) {
  return request_digest(c, ":" + c.uri);
}

std::string authorization(const Credentials& c, const std::string& extra) {
  const std::string user =
      c.userhash ? hash(c.algorithm, c.username + ":" + c.realm).value_or("") : c.username;
  std::string v = "Digest username=" + quoted(user) + ", realm=" + quoted(c.realm) +
                  ", nonce=" + quoted(c.nonce) + ", uri=" + quoted(c.uri) +
                  ", algorithm=" + c.algorithm + ", response=" + quoted(response(c));
  if (!c.qop.empty()) v += ", qop=" + c.qop + ", nc=" + c.nc + ", cnonce=" + quoted(c.cnonce);
  if (!c.opaque.empty()) v += ", opaque=" + quoted(c.opaque);
  if (c.userhash) v += ", userhash=true";
  return v + extra;
}

std::map<std::string, Challenge> by_algorithm(const ChallengeParse& parse) {
  std::map<std::string, Challenge> out;
  for (const auto& c : parse.challenges) {
    if (!c.is("Digest")) continue;
    const AuthParam* a = c.param("algorithm");
    const std::string alg = a ? a->value : "MD5";
    if (!out.count(alg)) out.emplace(alg, c);
  }
  return out;
}

std::optional<Credentials> answer(const ChallengeParse& challenges, const std::string& username,
                                  const std::string& password, const std::string& method,
                                  const std::string& uri, const std::string& algorithm) {
  const auto offered = by_algorithm(challenges);
  if (offered.empty()) return std::nullopt;
  auto it = offered.find(algorithm.empty() ? "SHA-256" : algorithm);
  if (it == offered.end()) {
    if (!algorithm.empty()) return std::nullopt;
    it = offered.begin();
  }
  const Challenge& c = it->second;
  if (!c.param("nonce") || !hash(it->first, "")) return std::nullopt;
  Credentials cr;
  cr.username = username;
  cr.password = password;
  cr.realm = c.param("realm") ? c.param("realm")->value : "";
  cr.nonce = c.param("nonce")->value;
  cr.opaque = c.param("opaque") ? c.param("opaque")->value : "";
  cr.uri = uri;
  cr.method = method;
  cr.algorithm = it->first;
  const AuthParam* qop = c.param("qop");
  cr.qop = qop && qop->value.find("auth") != std::string::npos ? "auth" : "";
  cr.cnonce = "authspec-cnonce-0a1b";
  return cr;
}

}  // namespace authspec::digest
