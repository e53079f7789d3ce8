// The defect-detection matrix: for each named defect of the bundled mock, the checks it must make
// fail (or warn), and the checks that, as a consequence, can no longer be decided (skip) because
// the defect removed what they inspect. Every other check must keep the compliant mock's verdict.
// scripts/defect_matrix.sh prints the same matrix from real runs for the README.
#pragma once

#include <set>
#include <string>
#include <vector>

namespace authspec::test {

struct DefectRow {
  std::string defect;
  std::set<std::string> fails;
  std::set<std::string> undecidable;
};

inline const std::vector<DefectRow>& defect_matrix() {
  static const std::vector<DefectRow> rows = {
      {"no-challenge",
       {"CHAL-001", "CHAL-002", "CHAL-003", "CHAL-011", "CHAL-012", "BASIC-004", "BASIC-005"},
       {"CHAL-007", "BASIC-001", "BASIC-002", "BASIC-007", "BASIC-008"}},
      {"malformed-challenge", {"CHAL-004"}, {}},
      {"realm-missing", {"BASIC-001"}, {"BASIC-008"}},
      {"realm-unquoted", {"CHAL-006"}, {}},
      {"repeated-param", {"CHAL-005"}, {}},
      {"charset-latin1", {"BASIC-002"}, {"BASIC-007"}},
      {"challenges-one-line", {"CHAL-016"}, {}},
      {"advertise-unsupported-scheme", {"CHAL-007"}, {}},
      {"unstable-realm", {"BASIC-008", "CHAL-014"}, {}},
      {"forbidden-for-anonymous",
       {"CHAL-002", "CHAL-011", "CHAL-012"},
       {"CHAL-007", "BASIC-007", "BASIC-008"}},
      {"wrong-password-400", {"CHAL-003", "STAT-003"}, {}},
      {"private-status-codes", {"CHAL-003", "STAT-002"}, {}},
      {"malformed-basic-500", {"CHAL-010", "CHAL-012", "BASIC-004", "BASIC-005", "STAT-005"}, {}},
      {"scheme-case-sensitive", {"CHAL-008"}, {}},
      {"token68-sloppy", {"CHAL-010", "BASIC-005"}, {}},
      {"lenient-base64", {"CHAL-010", "BASIC-005"}, {}},
      {"nul-truncation", {"BASIC-006"}, {}},
      {"split-last-colon", {"BASIC-003"}, {}},
      {"latin1-credentials", {"BASIC-007"}, {}},
      {"duplicate-authorization-first-wins", {"CHAL-013"}, {}},
      {"bearer-error-without-token", {"CHAL-011"}, {}},
      {"head-unprotected", {"CHAL-002", "CHAL-014"}, {}},
      {"open-resource",
       {"CHAL-002", "CHAL-003", "CHAL-010", "CHAL-011", "CHAL-012", "CHAL-013", "CHAL-015",
        "STAT-005", "BASIC-004", "BASIC-005", "BASIC-006"},
       {"CHAL-007", "BASIC-007"}},
      {"content-in-401",
       {"CHAL-002", "CHAL-003", "CHAL-011", "CHAL-012", "CHAL-015", "STAT-005", "BASIC-004",
        "BASIC-006"},
       {}},
      {"empty-401-body", {"CHAL-015"}, {}},
      {"insufficient-permission-401", {"CHAL-017"}, {}},
  };
  return rows;
}

}  // namespace authspec::test
