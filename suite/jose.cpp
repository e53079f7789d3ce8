#include "suite/jose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cstring>

#include "suite/base64.h"

namespace authspec::jwt {
namespace {

const EVP_MD* digest_for(const std::string& alg) {
  if (alg.size() != 5) return nullptr;
  const std::string bits = alg.substr(2);
  if (bits == "256") return EVP_sha256();
  if (bits == "384") return EVP_sha384();
  if (bits == "512") return EVP_sha512();
  return nullptr;
}

std::shared_ptr<evp_pkey_st> own(EVP_PKEY* k) {
  return std::shared_ptr<evp_pkey_st>(k, EVP_PKEY_free);
}

Key wrap(EVP_PKEY* k, bool priv) {
  Key key;
  const int id = EVP_PKEY_get_base_id(k);
  key.kind = id == EVP_PKEY_RSA ? Key::Kind::kRsa : Key::Kind::kEc;
  key.pkey = own(k);
  key.has_private = priv;
  return key;
}

std::string bn_bytes(const BIGNUM* bn, int width) {
  std::string out(static_cast<std::size_t>(width > 0 ? width : BN_num_bytes(bn)), '\0');
  if (width > 0)
    BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), width);
  else
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string digest_sign(EVP_PKEY* pkey, const EVP_MD* md, const std::string& input) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  std::string sig;
  size_t len = 0;
  if (EVP_DigestSignInit(ctx, nullptr, md, nullptr, pkey) == 1 &&
      EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size()) == 1) {
    sig.resize(len);
    if (EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &len,
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1)
      sig.resize(len);
    else
      sig.clear();
  }
  EVP_MD_CTX_free(ctx);
  return sig;
}

bool digest_verify(EVP_PKEY* pkey, const EVP_MD* md, const std::string& input,
                   const std::string& sig) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      EVP_DigestVerifyInit(ctx, nullptr, md, nullptr, pkey) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

// JOSE carries ECDSA signatures as R||S; OpenSSL speaks DER.
std::string der_to_raw(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
  if (!sig) return "";
  const BIGNUM *r, *s;
  ECDSA_SIG_get0(sig, &r, &s);
  std::string out = bn_bytes(r, 32) + bn_bytes(s, 32);
  ECDSA_SIG_free(sig);
  return out;
}

std::string raw_to_der(const std::string& raw) {
  if (raw.size() != 64) return "";
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig, &der);
  std::string out =
      len > 0 ? std::string(reinterpret_cast<char*>(der), static_cast<std::size_t>(len)) : "";
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  return out;
}

}  // namespace

std::optional<std::string> base64url_decode(const std::string& text) {
  if (text.find_first_of("+/=") != std::string::npos) return std::nullopt;
  std::string std64 = text;
  for (auto& c : std64) c = c == '-' ? '+' : c == '_' ? '/' : c;
  if (std64.size() % 4 == 1) return std::nullopt;
  while (std64.size() % 4) std64 += '=';
  return base64_decode_strict(std64);
}

std::string Key::default_alg() const {
  switch (kind) {
    case Kind::kHmac:
      return "HS256";
    case Kind::kRsa:
      return "RS256";
    case Kind::kEc:
      return "ES256";
    case Kind::kNone:
      return "none";
  }
  return "none";
}

Key hmac_key(const std::string& secret) {
  Key k;
  k.kind = Key::Kind::kHmac;
  k.secret = secret;
  k.has_private = true;
  return k;
}

std::optional<Key> key_from_pem(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  EVP_PKEY* k = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  bool priv = k != nullptr;
  if (!k) {
    BIO_free(bio);
    bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    k = PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  }
  BIO_free(bio);
  if (!k) return std::nullopt;
  const int id = EVP_PKEY_get_base_id(k);
  if (id != EVP_PKEY_RSA && id != EVP_PKEY_EC) {
    EVP_PKEY_free(k);
    return std::nullopt;
  }
  return wrap(k, priv);
}

Key generate_ec_key() {
  return wrap(EVP_EC_gen("P-256"), true);
}

std::optional<Key> key_from_jwk(const nlohmann::json& jwk) {
  if (!jwk.is_object() || text_member(jwk, "kty") != "EC" || text_member(jwk, "crv") != "P-256")
    return std::nullopt;
  const auto x = base64url_decode(text_member(jwk, "x")),
             y = base64url_decode(text_member(jwk, "y"));
  if (!x || !y || x->size() != 32 || y->size() != 32) return std::nullopt;
  std::string point = "\x04" + *x + *y;  // uncompressed SEC1 point
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>("prime256v1"),
                                       0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* k = nullptr;
  const bool ok = ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
                  EVP_PKEY_fromdata(ctx, &k, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  if (!ok) return std::nullopt;
  return wrap(k, false);
}

std::string sha256_b64url(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(text.data(), text.size(), digest, &len, EVP_sha256(), nullptr);
  return base64url_encode(std::string(reinterpret_cast<char*>(digest), len));
}

std::string thumbprint(const nlohmann::json& jwk) {
  // The required members only, in lexicographic order, no whitespace (RFC 7638 §3).
  nlohmann::json canonical;
  if (text_member(jwk, "kty") == "EC")
    canonical = {{"crv", text_member(jwk, "crv")},
                 {"kty", "EC"},
                 {"x", text_member(jwk, "x")},
                 {"y", text_member(jwk, "y")}};
  else
    canonical = {{"e", text_member(jwk, "e")}, {"kty", "RSA"}, {"n", text_member(jwk, "n")}};
  return sha256_b64url(canonical.dump());
}

std::string public_pem(const Key& key) {
  if (!key.pkey) return "";
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, key.pkey.get());
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(n));
  BIO_free(bio);
  return out;
}

nlohmann::json public_jwk(const Key& key) {
  if (key.kind == Key::Kind::kEc) {
    BIGNUM *x = nullptr, *y = nullptr;
    EVP_PKEY_get_bn_param(key.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, &x);
    EVP_PKEY_get_bn_param(key.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, &y);
    nlohmann::json j = {{"kty", "EC"},
                        {"crv", "P-256"},
                        {"x", base64url_encode(bn_bytes(x, 32))},
                        {"y", base64url_encode(bn_bytes(y, 32))}};
    BN_free(x);
    BN_free(y);
    return j;
  }
  if (key.kind == Key::Kind::kRsa) {
    BIGNUM *n = nullptr, *e = nullptr;
    EVP_PKEY_get_bn_param(key.pkey.get(), OSSL_PKEY_PARAM_RSA_N, &n);
    EVP_PKEY_get_bn_param(key.pkey.get(), OSSL_PKEY_PARAM_RSA_E, &e);
    nlohmann::json j = {{"kty", "RSA"},
                        {"n", base64url_encode(bn_bytes(n, 0))},
                        {"e", base64url_encode(bn_bytes(e, 0))}};
    BN_free(n);
    BN_free(e);
    return j;
  }
  return nlohmann::json::object();
}

std::string sign(const std::string& input, const std::string& alg, const Key& key) {
  const EVP_MD* md = digest_for(alg);
  if (!md) return "";
  if (alg.rfind("HS", 0) == 0) {
    if (key.kind != Key::Kind::kHmac) return "";
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(md, key.secret.data(), static_cast<int>(key.secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &len);
    return std::string(reinterpret_cast<char*>(mac), len);
  }
  if (!key.has_private) return "";
  if (alg.rfind("RS", 0) == 0 && key.kind == Key::Kind::kRsa)
    return digest_sign(key.pkey.get(), md, input);
  if (alg == "ES256" && key.kind == Key::Kind::kEc)
    return der_to_raw(digest_sign(key.pkey.get(), md, input));
  return "";
}

bool verify(const std::string& input, const std::string& signature, const std::string& alg,
            const Key& key) {
  const EVP_MD* md = digest_for(alg);
  if (!md) return false;
  if (alg.rfind("HS", 0) == 0) {
    if (key.kind != Key::Kind::kHmac) return false;
    const std::string expected = sign(input, alg, key);
    return !expected.empty() && expected.size() == signature.size() &&
           CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) == 0;
  }
  if (alg.rfind("RS", 0) == 0 && key.kind == Key::Kind::kRsa)
    return digest_verify(key.pkey.get(), md, input, signature);
  if (alg == "ES256" && key.kind == Key::Kind::kEc) {
    const std::string der = raw_to_der(signature);
    return !der.empty() && digest_verify(key.pkey.get(), md, input, der);
  }
  return false;
}

std::string text_member(const nlohmann::json& object, const std::string& key) {
  if (!object.is_object()) return "";
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string member_type_problem(const Token& token) {
  for (const char* k : {"alg", "typ", "kid", "cty"})
    if (token.header.contains(k) && !token.header[k].is_string())
      return std::string("header member \"") + k + "\" is not a string";
  constexpr double kYear9999 = 253402300799.0;
  for (const char* k : {"exp", "nbf", "iat"})
    if (token.payload.contains(k)) {
      const auto& v = token.payload[k];
      if (!v.is_number() || v.get<double>() < 0 || v.get<double>() > kYear9999)
        return std::string("claim \"") + k +
               "\" is not a NumericDate (a number of seconds from 0 to the year 9999)";
    }
  for (const char* k : {"iss", "sub", "jti", "scope"})
    if (token.payload.contains(k) && !token.payload[k].is_string())
      return std::string("claim \"") + k + "\" is not a string";
  if (token.payload.contains("aud")) {
    const auto& aud = token.payload["aud"];
    bool ok = aud.is_string() || aud.is_array();
    if (aud.is_array())
      for (const auto& a : aud) ok = ok && a.is_string();
    if (!ok) return "claim \"aud\" is neither a string nor an array of strings";
  }
  return "";
}

std::optional<Token> parse(const std::string& compact) {
  const auto a = compact.find('.');
  if (a == std::string::npos) return std::nullopt;
  const auto b = compact.find('.', a + 1);
  if (b == std::string::npos || compact.find('.', b + 1) != std::string::npos) return std::nullopt;
  Token t{compact.substr(0, a), compact.substr(a + 1, b - a - 1), compact.substr(b + 1), {}, {}};
  const auto h = base64url_decode(t.header_b64), p = base64url_decode(t.payload_b64);
  if (!h || !p) return std::nullopt;
  t.header = nlohmann::json::parse(*h, nullptr, false);
  t.payload = nlohmann::json::parse(*p, nullptr, false);
  if (!t.header.is_object() || !t.payload.is_object()) return std::nullopt;
  return t;
}

std::string part(const nlohmann::json& j) {
  return base64url_encode(j.dump());
}

std::string encode(const nlohmann::json& header, const nlohmann::json& payload, const Key& key) {
  const std::string input = part(header) + "." + part(payload);
  const std::string alg = header.value("alg", "none");
  return input + "." + base64url_encode(sign(input, alg, key));
}

}  // namespace authspec::jwt
