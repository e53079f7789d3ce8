#include "mock_server/dpop.h"

#include <chrono>
#include <random>

#include "suite/jose.h"

namespace authspec::mock {
namespace {
constexpr long kProofWindowSeconds = 60;

ProofCheck fail(std::string error, std::string why) {
  return {false, std::move(error), std::move(why)};
}
}  // namespace

DpopValidator::DpopValidator(const Defects& defects) : d_(defects) {
  std::random_device rd;
  nonce_ = "n-" + std::to_string(rd()) + std::to_string(rd());
}

ProofCheck DpopValidator::check(const std::vector<std::string>& proofs, const std::string& method,
                                const std::string& htu, const std::string& token,
                                const std::string& bound_jkt, bool nonce_required) {
  if (proofs.empty()) return fail("invalid_dpop_proof", "no DPoP proof");
  if (proofs.size() > 1) return fail("invalid_dpop_proof", "more than one DPoP proof");
  const auto proof = jwt::parse(proofs[0]);
  if (!proof) return fail("invalid_dpop_proof", "the proof is not a JWT");
  const auto& h = proof->header;
  const auto& p = proof->payload;
  const bool signature_only = d_.has(Defect::kDpopSignatureOnly);
  if (!signature_only && jwt::text_member(h, "typ") != "dpop+jwt")
    return fail("invalid_dpop_proof", "typ is not dpop+jwt");
  if (jwt::text_member(h, "alg") != "ES256") return fail("invalid_dpop_proof", "alg not allowed");
  if (!h.contains("jwk") || !h["jwk"].is_object()) return fail("invalid_dpop_proof", "no jwk");
  if (h["jwk"].contains("d")) return fail("invalid_dpop_proof", "the jwk holds a private key");
  const auto key = jwt::key_from_jwk(h["jwk"]);
  const auto sig = jwt::base64url_decode(proof->signature_b64);
  if (!key || !sig || !jwt::verify(proof->signing_input(), *sig, "ES256", *key))
    return fail("invalid_dpop_proof", "bad proof signature");
  if (!signature_only) {
    if (jwt::text_member(p, "htm") != method)
      return fail("invalid_dpop_proof", "htm does not match");
    if (jwt::text_member(p, "htu") != htu) return fail("invalid_dpop_proof", "htu does not match");
    const long now = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
    if (!p.contains("iat") || !p["iat"].is_number() ||
        std::abs(p["iat"].get<double>() - now) > kProofWindowSeconds)
      return fail("invalid_dpop_proof", "iat is not fresh");
    if (jwt::text_member(p, "ath") != jwt::sha256_b64url(token))
      return fail("invalid_dpop_proof", "ath does not match the token");
    if (jwt::thumbprint(h["jwk"]) != bound_jkt)
      return fail("invalid_token", "the token is bound to another key");
  }
  if (nonce_required && jwt::text_member(p, "nonce") != nonce_)
    return fail("use_dpop_nonce", "a DPoP nonce is required");
  if (!p.contains("jti") || !p["jti"].is_string()) return fail("invalid_dpop_proof", "no jti");
  if (!d_.has(Defect::kDpopReplay)) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (seen_jti_.size() > 100000) seen_jti_.clear();
    if (!seen_jti_.insert(p["jti"].get<std::string>()).second)
      return fail("invalid_dpop_proof", "the proof was replayed");
  }
  return {true, "", ""};
}

}  // namespace authspec::mock
