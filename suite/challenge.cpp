#include "suite/challenge.h"

#include <nlohmann/json.hpp>
#include <set>

#include "suite/http.h"

namespace authspec {
namespace {

bool is_token68_char(unsigned char c) {
  return (std::isalnum(c) && c < 0x80) || c == '-' || c == '.' || c == '_' || c == '~' ||
         c == '+' || c == '/';
}

bool is_ows(char c) {
  return c == ' ' || c == '\t';
}

std::string describe(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7f) return std::string("'") + c + "'";
  char buf[16];
  std::snprintf(buf, sizeof buf, "byte 0x%02X", u);
  return buf;
}

// Parses one field line; `line_no` is 1-based.
class LineParser {
 public:
  LineParser(const std::string& s, std::size_t line_no, ChallengeParse& out)
      : s_(s), n_(s.size()), line_(line_no), out_(out) {}

  void run() {
    std::size_t i = 0;
    skip_ows(i);
    if (i == n_) {
      error(0, "empty field value: no challenge");
      return;
    }
    bool first = true;
    bool challenge_on_line = false;
    while (i < n_) {
      skip_ows(i);
      if (i == n_) break;
      if (s_[i] == ',') {
        if (first || !after_element_) error(i, "empty list element (RFC 9110 §5.6.1)");
        after_element_ = false;
        ++i;
        first = false;
        continue;
      }
      if (!first && after_element_) {
        error(i, "expected ',' before " + describe(s_[i]));
        i = skip_to_comma(i);
        continue;
      }
      first = false;
      if (challenge_on_line) several_ = true;
      i = parse_challenge(i);
      challenge_on_line = true;
      after_element_ = true;
    }
    if (!after_element_ && !first) error(n_ ? n_ - 1 : 0, "empty list element at end of line");
    if (several_)
      warning(0,
              "several challenges on one field line (RFC 9110 §11.6.1: might not be "
              "interoperable)");
  }

 private:
  void error(std::size_t at, std::string msg, ProblemKind kind = ProblemKind::kGrammar) {
    out_.valid = false;
    out_.errors.push_back({kind, line_, at + 1, std::move(msg)});
  }
  void warning(std::size_t at, std::string msg) {
    out_.warnings.push_back({ProblemKind::kGrammar, line_, at ? at + 1 : 0, std::move(msg)});
  }
  void skip_ows(std::size_t& i) const {
    while (i < n_ && is_ows(s_[i])) ++i;
  }
  std::string read_token(std::size_t& i) const {
    const std::size_t start = i;
    while (i < n_ && is_tchar(static_cast<unsigned char>(s_[i]))) ++i;
    return s_.substr(start, i - start);
  }
  // Recovery: the next comma outside a quoted string (or the end).
  std::size_t skip_to_comma(std::size_t i) const {
    bool quoted = false;
    for (; i < n_; ++i) {
      if (quoted && s_[i] == '\\') {
        ++i;
        continue;
      }
      if (s_[i] == '"') quoted = !quoted;
      if (!quoted && s_[i] == ',') return i;
    }
    return n_;
  }

  // Is `token BWS "="` at i (the start of an auth-param rather than of a new challenge)?
  bool param_starts_at(std::size_t i) const {
    std::size_t j = i;
    if (read_token(j).empty()) return false;
    skip_ows(j);
    return j < n_ && s_[j] == '=';
  }

  // token68 followed by OWS and then the end or a comma?
  bool token68_at(std::size_t i, std::size_t& end) const {
    std::size_t j = i;
    while (j < n_ && is_token68_char(static_cast<unsigned char>(s_[j]))) ++j;
    if (j == i) return false;
    while (j < n_ && s_[j] == '=') ++j;
    end = j;
    skip_ows(j);
    return j == n_ || s_[j] == ',';
  }

  std::size_t parse_quoted(std::size_t i, std::string& value) {
    const std::size_t open = i++;
    while (i < n_) {
      const auto c = static_cast<unsigned char>(s_[i]);
      if (c == '"') return i + 1;
      if (c == '\\') {
        if (i + 1 >= n_) break;
        const auto e = static_cast<unsigned char>(s_[i + 1]);
        if (!(e == '\t' || e == ' ' || (e >= 0x21 && e != 0x7f)))
          error(i, "invalid quoted-pair escape of " + describe(s_[i + 1]));
        value += s_[i + 1];
        i += 2;
        continue;
      }
      if (!(c == '\t' || c == ' ' || (c >= 0x21 && c != 0x7f)))
        error(i, "invalid " + describe(s_[i]) + " inside quoted-string");
      value += s_[i];
      ++i;
    }
    error(open, "unterminated quoted-string");
    return n_;
  }

  std::size_t parse_challenge(std::size_t i) {
    Challenge ch;
    ch.line = line_;
    ch.byte = i + 1;
    ch.scheme = read_token(i);
    if (ch.scheme.empty()) {
      error(i, "expected an auth-scheme token, found " + describe(s_[i]));
      return skip_to_comma(i);
    }
    if (i < n_ && s_[i] == '=') {
      error(i, "auth-param '" + ch.scheme + "=' where an auth-scheme was expected");
      return skip_to_comma(i);
    }
    // A recipient ignores empty list elements (RFC 9110 §5.6.1), also between the scheme and its
    // first auth-param ("Basic , realm=..."): the parameters stay this challenge's, and the sender
    // is still flagged for generating the empty element.
    if (const std::size_t first = params_after_empty_elements(i); first) {
      error(i, "empty list element before the first auth-param of '" + ch.scheme +
                   "' (RFC 9110 §5.6.1)");
      i = parse_params(first, ch);
      push(std::move(ch));
      return i;
    }
    if (i < n_ && s_[i] != ',') {
      if (s_[i] != ' ') {
        error(i,
              "expected SP or ',' after auth-scheme '" + ch.scheme + "', found " + describe(s_[i]));
        push(std::move(ch));
        return skip_to_comma(i);
      }
      while (i < n_ && s_[i] == ' ') ++i;
      if (i < n_ && s_[i] == '\t') {
        error(i, "only SP may separate the auth-scheme from its parameters");
        skip_ows(i);
      }
      std::size_t end = 0;
      if (i < n_ && s_[i] != ',' && token68_at(i, end) && !param_with_value_at(i)) {
        ch.token68 = s_.substr(i, end - i);
        i = end;
      } else if (i < n_ && s_[i] != ',') {
        i = parse_params(i, ch);
      }
    }
    push(std::move(ch));
    return i;
  }

  // Where an auth-param starts after OWS and at least one comma right after a scheme, or 0.
  std::size_t params_after_empty_elements(std::size_t i) const {
    std::size_t k = i;
    skip_ows(k);
    if (k >= n_ || s_[k] != ',') return 0;
    while (k < n_ && (s_[k] == ',' || is_ows(s_[k]))) ++k;
    return k < n_ && param_with_value_at(k) ? k : 0;
  }

  // `name=value` where token68 would also match (`a=`) is taken as token68, as the grammar says;
  // this only confirms a real value follows the '='.
  bool param_with_value_at(std::size_t i) const {
    std::size_t j = i;
    if (read_token(j).empty()) return false;
    skip_ows(j);
    if (j >= n_ || s_[j] != '=') return false;
    ++j;
    skip_ows(j);
    return j < n_ && s_[j] != ',' && s_[j] != '=';
  }

  std::size_t parse_params(std::size_t i, Challenge& ch) {
    std::set<std::string> seen;
    while (true) {
      const std::size_t name_at = i;
      AuthParam p;
      p.name = read_token(i);
      if (p.name.empty()) {
        error(i, "expected an auth-param name, found " + describe(s_[i]));
        return skip_to_comma(i);
      }
      std::size_t ws = i;
      skip_ows(i);
      if (i < n_ && s_[i] == '=' && i > ws)
        warning(ws, "whitespace before '=' (BWS, RFC 9110 §5.6.3)");
      if (i >= n_ || s_[i] != '=') {
        error(i, i < n_ ? "expected '=' after parameter '" + p.name + "', found " + describe(s_[i])
                        : "expected '=' after parameter '" + p.name + "'");
        return skip_to_comma(i);
      }
      ++i;
      ws = i;
      skip_ows(i);
      if (i > ws) warning(ws, "whitespace after '=' (BWS, RFC 9110 §5.6.3)");
      if (i < n_ && s_[i] == '"') {
        p.quoted = true;
        i = parse_quoted(i, p.value);
      } else {
        p.value = read_token(i);
        if (p.value.empty()) {
          error(i, i < n_ ? "expected a token or quoted-string value for '" + p.name + "', found " +
                                describe(s_[i])
                          : "missing value for parameter '" + p.name + "'");
          return skip_to_comma(i);
        }
      }
      const std::string lower = to_lower(p.name);
      if (!seen.insert(lower).second)
        error(name_at, "parameter '" + p.name + "' repeated in one challenge (RFC 9110 §11.2)",
              ProblemKind::kRepeatedParam);
      if (lower == "realm" && !p.quoted)
        error(name_at, "realm sent as a token; it must be a quoted-string (RFC 9110 §11.5)",
              ProblemKind::kRealmToken);
      ch.params.push_back(std::move(p));

      std::size_t j = i;
      skip_ows(j);
      if (j == n_) return j;
      if (s_[j] != ',') {
        error(j, "expected ',' after the value of '" + ch.params.back().name + "', found " +
                     describe(s_[j]));
        j = skip_to_comma(j);
        if (j == n_) return j;
      }
      // Past the comma (and any empty elements): another parameter, or the next challenge?
      std::size_t k = j;
      int commas = 0;
      while (k < n_ && (s_[k] == ',' || is_ows(s_[k]))) commas += s_[k++] == ',';
      if (k < n_ && param_starts_at(k)) {
        if (commas > 1) error(j, "empty list element (RFC 9110 §5.6.1)");
        i = k;
        continue;
      }
      return j;
    }
  }

  void push(Challenge ch) { out_.challenges.push_back(std::move(ch)); }

  const std::string& s_;
  const std::size_t n_;
  const std::size_t line_;
  ChallengeParse& out_;
  bool after_element_ = false;
  bool several_ = false;
};

// Rules of the schemes' own RFCs, on top of the framework grammar.
void check_scheme_rules(ChallengeParse& out) {
  for (const auto& ch : out.challenges) {
    auto problem = [&](const std::string& msg) {
      out.valid = false;
      out.errors.push_back({ProblemKind::kSchemeRule, ch.line, ch.byte, msg});
    };
    if (ch.is("Basic")) {
      if (ch.token68)
        problem("Basic challenge carries a token68; it takes auth-params (RFC 7617 §2)");
      if (!ch.param("realm")) problem("Basic challenge without realm (RFC 7617 §2: REQUIRED)");
      if (const auto* cs = ch.param("charset"); cs && !iequals(cs->value, "UTF-8"))
        problem("Basic charset is \"" + cs->value +
                "\"; the only allowed value is UTF-8 (RFC 7617 §2.1)");
    } else if (ch.is("Bearer")) {
      if (ch.token68)
        problem("Bearer challenge carries a token68; it takes auth-params (RFC 6750 §3)");
    }
  }
}

}  // namespace

const AuthParam* Challenge::param(const std::string& name) const {
  for (const auto& p : params)
    if (iequals(p.name, name)) return &p;
  return nullptr;
}

bool Challenge::is(const std::string& scheme_name) const {
  return iequals(scheme, scheme_name);
}

std::string ParseProblem::to_string() const {
  std::string where = "line " + std::to_string(line);
  if (byte) where += ", byte " + std::to_string(byte);
  return where + ": " + message;
}

std::vector<Challenge> ChallengeParse::with_scheme(const std::string& scheme) const {
  std::vector<Challenge> out;
  for (const auto& c : challenges)
    if (c.is(scheme)) out.push_back(c);
  return out;
}

bool ChallengeParse::has(ProblemKind kind) const {
  for (const auto& e : errors)
    if (e.kind == kind) return true;
  return false;
}

std::vector<std::string> ChallengeParse::messages(ProblemKind kind) const {
  std::vector<std::string> out;
  for (const auto& e : errors)
    if (e.kind == kind) out.push_back(e.to_string());
  return out;
}

ChallengeParse parse_challenges(const std::vector<std::string>& field_lines) {
  ChallengeParse out;
  if (field_lines.empty()) {
    out.valid = false;
    out.errors.push_back({ProblemKind::kGrammar, 0, 0, "no field line"});
    return out;
  }
  for (std::size_t i = 0; i < field_lines.size(); ++i) LineParser(field_lines[i], i + 1, out).run();
  check_scheme_rules(out);
  return out;
}

std::string challenge_parse_to_json(const ChallengeParse& parse) {
  using nlohmann::json;
  json challenges = json::array();
  for (const auto& c : parse.challenges) {
    json params = json::object();
    for (const auto& p : c.params) {
      const std::string name = to_lower(p.name);
      if (!params.contains(name)) params[name] = p.value;  // the first wins, as lenient readers do
    }
    challenges.push_back({{"scheme", c.scheme},
                          {"token68", c.token68 ? json(*c.token68) : json(nullptr)},
                          {"params", params}});
  }
  json errors = json::array(), warnings = json::array();
  for (const auto& e : parse.errors) errors.push_back(e.to_string());
  for (const auto& w : parse.warnings) warnings.push_back(w.to_string());
  json out = {{"valid", parse.valid},
              {"challenges", challenges},
              {"errors", errors},
              {"warnings", warnings}};
  // Header bytes may not be UTF-8; replace rather than throw.
  return out.dump(2, ' ', false, json::error_handler_t::replace);
}

}  // namespace authspec
