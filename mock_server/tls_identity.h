// The mock's TLS certificate and key: generated in memory for each start (a self-signed P-256
// certificate for localhost, 127.0.0.1 and ::1), or read from PEM files.
#pragma once

#include <string>

namespace authspec::mock {

struct TlsIdentity {
  std::string cert_pem;  // the certificate; being self-signed, it is also the CA to trust
  std::string key_pem;
};

// A fresh self-signed certificate valid from an hour ago for 30 days.
TlsIdentity generate_tls_identity();
// Reads and checks a certificate and its key. Throws std::runtime_error naming the file when one
// cannot be read, is not PEM, or the key does not belong to the certificate.
TlsIdentity read_tls_identity(const std::string& cert_file, const std::string& key_file);

}  // namespace authspec::mock
