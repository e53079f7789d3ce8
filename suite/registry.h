// The catalogue: every check, in report order, and selection by --only / --skip.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "suite/check.h"

namespace authspec {

void register_chal(std::vector<Check>& out);
void register_stat(std::vector<Check>& out);
void register_basic(std::vector<Check>& out);
void register_bearer(std::vector<Check>& out);
void register_jwt(std::vector<Check>& out);
void register_step(std::vector<Check>& out);
void register_dpop(std::vector<Check>& out);
void register_authz(std::vector<Check>& out);
void register_authz_roles(std::vector<Check>& out);  // AUTHZ-007/008: the role matrix
void register_byp(std::vector<Check>& out);
void register_deny(std::vector<Check>& out);
void register_rate(std::vector<Check>& out);
void register_cors(std::vector<Check>& out);
void register_cache(std::vector<Check>& out);
void register_tls(std::vector<Check>& out);
void register_proxy(std::vector<Check>& out);
void register_sess(std::vector<Check>& out);
void register_enum(std::vector<Check>& out);
void register_apikey(std::vector<Check>& out);
void register_oauth(std::vector<Check>& out);
void register_digest(std::vector<Check>& out);
void register_desc(std::vector<Check>& out);  // the API description against the server

const std::vector<Check>& catalogue();

// The families in catalogue order, each with what it tests: the reference pages' headings.
struct Family {
  std::string id;     // "CHAL", the prefix of its checks' IDs
  std::string title;  // "Challenges and credentials (RFC 9110 §11)"
};
const std::vector<Family>& families();

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Patterns are check IDs or families, with shell globs (CHAL-00*, BASIC). A pattern matching
// nothing is a usage error. The positive control (CHAL-000) always runs: the others rely on it.
std::vector<const Check*> select_checks(const std::vector<std::string>& only,
                                        const std::vector<std::string>& skip);

}  // namespace authspec
