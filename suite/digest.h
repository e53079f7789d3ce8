// HTTP Digest (RFC 7616) arithmetic, shared by the DIGEST checks and the mock: the hashes
// (OpenSSL EVP), the response and rspauth values, and the Authorization field built from a
// challenge. Parsing goes through the RFC 9110 §11 parser (suite/challenge.h).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "suite/challenge.h"

namespace authspec::digest {

// "MD5", "SHA-256", "SHA-512-256" (and their "-sess" variants): lower-case hex of H(data), or
// nullopt for an algorithm OpenSSL (or RFC 7616) does not have.
std::optional<std::string> hash(const std::string& algorithm, const std::string& data);

struct Credentials {
  std::string username, password, realm, nonce, uri, method = "GET";
  std::string algorithm = "MD5", qop = "auth", nc = "00000001", cnonce, opaque;
  bool userhash = false;  // send H(username ":" realm) with userhash=true (RFC 7616 §3.4.4)
};

// RFC 7616 §3.4.1: the request-digest ("response"), or "" for an unknown algorithm.
std::string response(const Credentials& c);
// RFC 7616 §3.5: rspauth of Authentication-Info (A2 without the method).
std::string rspauth(const Credentials& c);
// The credentials as an Authorization field value: Digest username="...", realm=... .
// `extra` parameters are appended as written (for malformed variants).
std::string authorization(const Credentials& c, const std::string& extra = "");

// The Digest challenges of a response, by algorithm (a missing algorithm is MD5).
std::map<std::string, Challenge> by_algorithm(const ChallengeParse& parse);

// Correct credentials of `username` for `method uri` answering a Digest challenge among
// `challenges` for `algorithm` (default: SHA-256 when offered, else the first), qop=auth when
// offered; nullopt when there is none to answer (no Digest challenge, no nonce, an unknown
// algorithm).
std::optional<Credentials> answer(const ChallengeParse& challenges, const std::string& username,
                                  const std::string& password, const std::string& method,
                                  const std::string& uri, const std::string& algorithm = "");

}  // namespace authspec::digest
