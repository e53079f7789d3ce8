// Base64 (RFC 4648 §4) through OpenSSL's EVP encoder, for Basic credentials; lower-case hex (for
// Digest hashes) and random hex identifiers (OpenSSL's RAND_bytes).
#pragma once

#include <optional>
#include <string>

namespace authspec {

std::string base64_encode(const std::string& bytes);
// base64url without padding (RFC 4648 §5), as JWTs use.
std::string base64url_encode(const std::string& bytes);

// Strict decoding: only the base64 alphabet, length a multiple of 4, '=' only as final padding.
// Anything else is not base64 and yields nullopt (a lenient decoder is a classic defect).
std::optional<std::string> base64_decode_strict(const std::string& text);

// Lower-case hex of bytes (RFC 7616 writes its hashes so).
std::string hex_lower(const unsigned char* bytes, std::size_t size);
// `bytes` random bytes from OpenSSL, as lower-case hex. Throws std::runtime_error if the
// generator fails.
std::string random_hex(std::size_t bytes);

}  // namespace authspec
