// The defect-detection matrix: for each named defect of the bundled mock, the checks it must make
// fail (or warn), and the checks that, as a consequence, can no longer be decided (skip) because
// the defect removed what they inspect. Every other check must keep the compliant mock's verdict.
// scripts/defect_matrix.sh prints the same matrix from real runs for the README.
#pragma once

#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace authspec::test {

struct DefectRow {
  std::string defect;
  std::set<std::string> fails;
  std::set<std::string> undecidable;
  // The defect depends on which connection a request lands on (connection reuse is the runner's
  // business), so besides `fails` other checks may fail too; the row asserts `fails` only.
  bool scattered = false;
};

inline void PrintTo(const DefectRow& row, std::ostream* os) {
  *os << row.defect;
}

inline const std::vector<DefectRow>& defect_matrix() {
  static const std::vector<DefectRow> rows = {
      {"no-challenge",
       {"BASIC-004", "BASIC-005", "BEARER-004", "BEARER-005", "BEARER-006", "BEARER-013", "BYP-009",
        "CHAL-001", "CHAL-002", "CHAL-003", "CHAL-011", "CHAL-012", "DPOP-002", "DPOP-003",
        "DPOP-004", "STEP-001"},
       {"BASIC-001", "BASIC-002", "BASIC-007", "BASIC-008", "BEARER-002", "BEARER-003",
        "BEARER-007", "BEARER-008", "BEARER-009", "BEARER-010", "CHAL-004", "CHAL-005", "CHAL-006",
        "CHAL-007", "CHAL-016", "STEP-002"}},
      {"malformed-challenge", {"CHAL-004"}, {}},
      {"realm-missing", {"BASIC-001"}, {"BASIC-008"}},
      {"realm-unquoted", {"CHAL-006"}, {}},
      {"repeated-param", {"BEARER-007", "CHAL-005"}, {}},
      {"charset-latin1", {"BASIC-002"}, {"BASIC-007"}},
      {"challenges-one-line", {"CHAL-016"}, {}},
      {"advertise-unsupported-scheme", {"CHAL-007"}, {}},
      {"unstable-realm", {"BASIC-008", "CHAL-014"}, {}},
      {"forbidden-for-anonymous",
       {"BYP-009", "CHAL-002", "CHAL-011", "CHAL-012", "DPOP-003"},
       {"BASIC-007", "BASIC-008", "BEARER-002", "CHAL-007"}},
      {"wrong-password-400", {"CHAL-003", "RATE-005", "STAT-003"}, {"RATE-006"}},
      {"private-status-codes", {"BEARER-004", "BEARER-010", "CHAL-003", "STAT-002"}, {}},
      {"malformed-basic-500", {"BASIC-004", "BASIC-005", "CHAL-010", "CHAL-012", "STAT-005"}, {}},
      {"scheme-case-sensitive", {"CHAL-008"}, {}},
      {"token68-sloppy", {"BASIC-005", "BEARER-005", "CHAL-010"}, {}},
      {"lenient-base64", {"BASIC-005", "CHAL-010"}, {}},
      {"nul-truncation", {"BASIC-006"}, {}},
      {"split-last-colon", {"BASIC-003"}, {}},
      {"latin1-credentials", {"BASIC-007"}, {}},
      {"duplicate-authorization-first-wins", {"BEARER-005", "CHAL-013"}, {}},
      {"bearer-error-without-token", {"BEARER-002", "CHAL-011"}, {}},
      {"head-unprotected", {"CHAL-002", "CHAL-014"}, {}},
      {"open-resource",
       {"BASIC-004",  "BASIC-005", "BASIC-006", "BEARER-004", "BEARER-005", "BEARER-011",
        "BEARER-012", "BYP-002",   "BYP-005",   "BYP-006",    "BYP-008",    "BYP-009",
        "CHAL-002",   "CHAL-003",  "CHAL-010",  "CHAL-011",   "CHAL-012",   "CHAL-013",
        "CHAL-015",   "JWT-001",   "JWT-002",   "JWT-003",    "JWT-004",    "JWT-005",
        "JWT-006",    "JWT-007",   "JWT-008",   "JWT-009",    "JWT-010",    "JWT-011",
        "JWT-012",    "JWT-013",   "JWT-014",   "JWT-015",    "JWT-016",    "JWT-017",
        "JWT-018",    "STAT-005"},
       {"BASIC-007", "BEARER-002", "CHAL-007"}},
      {"content-in-401",
       {"AUTHZ-005", "BASIC-004", "BASIC-006", "BEARER-004", "BYP-001",  "BYP-002",
        "BYP-005",   "BYP-006",   "BYP-008",   "BYP-009",    "CHAL-002", "CHAL-003",
        "CHAL-011",  "CHAL-012",  "CHAL-015",  "DPOP-001",   "DPOP-002", "JWT-001",
        "JWT-002",   "JWT-003",   "JWT-004",   "JWT-005",    "JWT-006",  "JWT-007",
        "JWT-008",   "JWT-009",   "JWT-010",   "JWT-011",    "JWT-012",  "JWT-013",
        "JWT-014",   "JWT-015",   "JWT-016",   "JWT-017",    "JWT-018",  "STAT-005"},
       {}},
      {"empty-401-body", {"CHAL-015"}, {}},
      {"insufficient-permission-401", {"AUTHZ-001", "CHAL-017"}, {}},
      {"accept-expired", {"BEARER-004", "JWT-006"}, {}},
      {"ignore-nbf", {"JWT-007"}, {}},
      {"alg-none", {"JWT-003"}, {}},
      {"no-signature-check",
       {"JWT-001", "JWT-002", "JWT-004", "JWT-005", "JWT-009", "JWT-013", "JWT-015"},
       {}},
      {"alg-confusion", {"JWT-004"}, {}},
      {"any-alg-for-key", {"JWT-005"}, {}},
      {"ignore-aud", {"JWT-008"}, {}},
      {"ignore-iss", {"JWT-009"}, {}},
      {"time-claims-lenient", {"JWT-010"}, {}},
      {"no-exp-accepted", {"JWT-017"}, {}},
      {"crit-ignored", {"JWT-012"}, {}},
      {"any-token-type", {"JWT-016"}, {}},
      {"embedded-jwk-trusted", {"JWT-013"}, {}},
      {"weak-hmac-secret", {"JWT-015"}, {}},
      {"kid-injection-500", {"JWT-014"}, {}},
      {"malformed-token-500", {"JWT-010", "JWT-011", "STAT-005"}, {}},
      {"revocation-ignored", {"BEARER-004", "JWT-018"}, {}},
      {"insufficient-scope-401",
       {"AUTHZ-001", "BEARER-006", "BEARER-010", "CHAL-017"},
       {"BEARER-013"}},
      {"scope-403-no-challenge", {"BEARER-006", "BEARER-013"}, {}},
      {"invalid-token-no-error", {"BEARER-004", "DPOP-003"}, {}},
      {"unregistered-error-code", {"BEARER-004", "BEARER-009"}, {}},
      {"bad-error-description", {"BEARER-008"}, {}},
      {"status-error-mismatch", {"BEARER-004", "BEARER-010", "CHAL-003"}, {}},
      {"bare-bearer-challenge", {"BEARER-003"}, {}},
      {"query-token-no-cache", {"BEARER-011"}, {}},
      {"token-anywhere", {"BEARER-012"}, {}},
      {"first-token-method-wins", {"BEARER-005"}, {}},
      {"step-up-403", {"BEARER-010", "STEP-001"}, {}},
      {"step-up-bad-params", {"STEP-002"}, {}},
      {"step-up-leaks", {"STEP-003"}, {}},
      {"dpop-as-bearer", {"DPOP-001"}, {}},
      {"dpop-signature-only", {"DPOP-002", "DPOP-005"}, {}},
      {"dpop-replay", {"DPOP-005"}, {}},
      {"dpop-nonce-400", {"DPOP-004"}, {}},
      {"dpop-error-on-wrong-scheme", {"BEARER-004", "DPOP-003"}, {}},
      {"dpop-no-algs", {"DPOP-003"}, {}},
      {"only-get-protected", {"AUTHZ-002", "AUTHZ-005", "BYP-001", "BYP-002"}, {}},
      {"method-override-bypass", {"BYP-002"}, {}},
      {"path-normalization-bypass", {"BYP-003", "BYP-004", "BYP-005", "BYP-006"}, {}},
      {"honours-x-original-url", {"BYP-007"}, {}},
      {"vhost-fallback", {"BYP-008"}, {}},
      {"trace-echo", {"BYP-010"}, {}},
      {"connection-auth-cache", {"BYP-009"}, {}, true},
      {"trusts-x-user", {"AUTHZ-005"}, {}},
      {"admin-get-only", {"AUTHZ-002", "AUTHZ-005"}, {}},
      {"idor", {"AUTHZ-003"}, {}},
      {"authz-reveals-existence", {"AUTHZ-004"}, {}},
      {"deny-401", {"CHAL-001", "CHAL-017", "DENY-001"}, {}},
      {"deny-xff", {"DENY-003", "DENY-004"}, {}},
      {"deny-credentials-bypass", {"DENY-002", "DENY-003", "DENY-004", "DENY-005"}, {}},
      {"deny-get-only", {"DENY-005"}, {}},
      {"no-rate-limit", {"RATE-001"}, {"RATE-003", "RATE-004", "RATE-007"}},
      {"no-concurrency-limit", {"RATE-001"}, {}},
      {"rate-401",
       {"CHAL-017", "RATE-001", "RATE-005"},
       {"RATE-003", "RATE-004", "RATE-006", "RATE-007"}},
      {"429-no-retry-after", {"RATE-002"}, {"RATE-003"}},
      {"retry-after-malformed", {"RATE-002"}, {"RATE-003"}},
      {"retry-after-lies", {"RATE-003"}, {}},
      {"429-cacheable", {"RATE-004"}, {}},
      {"rate-xff-reset", {"RATE-007"}, {}},
      {"no-login-throttle", {"RATE-005"}, {"RATE-006"}},
      {"lockout-reveals", {"RATE-006"}, {}},
      {"lockout-known-users-only", {"RATE-008"}, {}},
  };
  return rows;
}

}  // namespace authspec::test
