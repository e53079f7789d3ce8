// RFC 9110 §11 WWW-Authenticate / Proxy-Authenticate parser: a strict verdict with every problem
// and its position, plus the lenient result a forgiving client would take.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace authspec {

struct AuthParam {
  std::string name;   // as sent
  std::string value;  // unquoted and unescaped
  bool quoted = false;
};

struct Challenge {
  std::string scheme;  // as sent (compare case-insensitively)
  std::optional<std::string> token68;
  std::vector<AuthParam> params;
  std::size_t line = 0;  // 1-based field line
  std::size_t byte = 0;  // 1-based offset of the scheme in that line

  // First parameter with this name (case-insensitive), if any.
  const AuthParam* param(const std::string& name) const;
  bool is(const std::string& scheme_name) const;
};

// Which rule a problem breaks, so each check judges only its own rule.
enum class ProblemKind {
  kGrammar,        // RFC 9110 §11 / §5.6 syntax
  kRepeatedParam,  // §11.2: a parameter name twice in one challenge
  kRealmToken,     // §11.5: realm not a quoted-string
  kSchemeRule,     // the scheme's own RFC (Basic realm, charset, token68 where params are due)
};

struct ParseProblem {
  ProblemKind kind = ProblemKind::kGrammar;
  std::size_t line = 0;
  std::size_t byte = 0;  // 1-based; 0 when the whole line is meant
  std::string message;
  std::string to_string() const;
};

struct ChallengeParse {
  bool valid = true;
  std::vector<Challenge> challenges;
  std::vector<ParseProblem> errors;    // each one makes the field invalid
  std::vector<ParseProblem> warnings;  // legal but discouraged (BWS, several challenges per line)

  // Copies of the challenges whose scheme matches, case-insensitively (copies, so calling it on a
  // temporary parse is safe).
  std::vector<Challenge> with_scheme(const std::string& scheme) const;
  bool has(ProblemKind kind) const;
  std::vector<std::string> messages(ProblemKind kind) const;
};

// One string per field line, in wire order.
ChallengeParse parse_challenges(const std::vector<std::string>& field_lines);

// The result as JSON: {"valid", "challenges": [{"scheme","token68","params"}], "errors",
// "warnings"}.
std::string challenge_parse_to_json(const ChallengeParse& parse);

}  // namespace authspec
