// RFC 9110 §11 challenge parser: strict verdicts and lenient results, table-driven.
#include <gtest/gtest.h>

#include "suite/challenge.h"

namespace authspec {
namespace {

// "Scheme{name=value,...}" or "Scheme[token68]" per challenge, joined by " | ".
std::string summarize(const ChallengeParse& p) {
  std::string out;
  for (const auto& c : p.challenges) {
    if (!out.empty()) out += " | ";
    out += c.scheme;
    if (c.token68) out += "[" + *c.token68 + "]";
    if (!c.params.empty()) {
      out += "{";
      for (std::size_t i = 0; i < c.params.size(); ++i)
        out += (i ? "," : "") + c.params[i].name + "=" + c.params[i].value;
      out += "}";
    }
  }
  return out;
}

struct Case {
  const char* name;
  std::vector<std::string> lines;
  bool valid;
  std::string lenient;              // summarize() of what a lenient reader takes
  std::string error_contains = "";  // a phrase of the first error, when invalid
};

void PrintTo(const Case& c, std::ostream* os) {
  *os << c.name;
}

class ParserCase : public ::testing::TestWithParam<Case> {};

TEST_P(ParserCase, StrictVerdictAndLenientResult) {
  const Case& c = GetParam();
  const auto p = parse_challenges(c.lines);
  EXPECT_EQ(p.valid, c.valid) << (p.errors.empty() ? "no errors" : p.errors[0].to_string());
  EXPECT_EQ(summarize(p), c.lenient);
  if (!c.valid) {
    ASSERT_FALSE(p.errors.empty());
    if (!c.error_contains.empty()) {
      EXPECT_NE(p.errors[0].message.find(c.error_contains), std::string::npos)
          << p.errors[0].message;
    }
  } else {
    EXPECT_TRUE(p.errors.empty());
  }
}

const Case kCases[] = {
    // Well-formed single challenges.
    {"basic_realm", {"Basic realm=\"api\""}, true, "Basic{realm=api}"},
    {"basic_realm_charset",
     {"Basic realm=\"api\", charset=\"UTF-8\""},
     true,
     "Basic{realm=api,charset=UTF-8}"},
    {"charset_case_insensitive",
     {"Basic realm=\"api\", charset=\"utf-8\""},
     true,
     "Basic{realm=api,charset=utf-8}"},
    {"charset_token_form",
     {"Basic realm=\"a\", charset=UTF-8"},
     true,
     "Basic{realm=a,charset=UTF-8}"},
    {"bearer_realm", {"Bearer realm=\"example\""}, true, "Bearer{realm=example}"},
    {"bearer_error",
     {"Bearer realm=\"example\", error=\"invalid_token\", error_description=\"The access token "
      "expired\""},
     true,
     "Bearer{realm=example,error=invalid_token,error_description=The access token expired}"},
    {"bearer_no_params", {"Bearer"}, true, "Bearer"},
    {"scheme_only_negotiate", {"Negotiate"}, true, "Negotiate"},
    {"token68_plain",
     {"Negotiate "
      "YIIBgwYGKwYBBQUCoIIBdzCCAXOgMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwIC"
      "Cg"},
     true,
     "Negotiate["
     "YIIBgwYGKwYBBQUCoIIBdzCCAXOgMDAuBgkqhkiC9xIBAgIGCSqGSIb3EgECAgYKKwYBBAGCNwICHgYKKwYBBAGCNwICC"
     "g]"},
    {"token68_padding_one", {"Foo abc="}, true, "Foo[abc=]"},
    {"token68_padding_two", {"Foo abcd=="}, true, "Foo[abcd==]"},
    {"token68_all_chars", {"Foo a-b.c_d~e+f/g=="}, true, "Foo[a-b.c_d~e+f/g==]"},
    {"token68_then_challenge", {"Foo abc=, Basic realm=\"x\""}, true, "Foo[abc=] | Basic{realm=x}"},
    {"token68_no_padding_then_challenge", {"Foo abc, Bar"}, true, "Foo[abc] | Bar"},
    {"digest_full",
     {"Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
      "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
      "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""},
     true,
     "Digest{realm=http-auth@example.org,qop=auth, "
     "auth-int,algorithm=SHA-256,nonce=7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v,opaque=FQhe/"
     "qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS}"},
    {"token_value", {"Custom realm=\"r\", version=2"}, true, "Custom{realm=r,version=2}"},
    {"empty_quoted_value", {"Custom realm=\"\""}, true, "Custom{realm=}"},
    {"tchar_scheme",
     {"X-My.Scheme_1!#$%&'*+^`|~ realm=\"r\""},
     true,
     "X-My.Scheme_1!#$%&'*+^`|~{realm=r}"},
    // Several challenges on one line and over several lines.
    {"rfc9110_example",
     {"Newauth realm=\"apps\", type=1, title=\"Login to \\\"apps\\\"\", Basic realm=\"simple\""},
     true,
     "Newauth{realm=apps,type=1,title=Login to \"apps\"} | Basic{realm=simple}"},
    {"two_lines",
     {"Basic realm=\"a\"", "Bearer realm=\"b\""},
     true,
     "Basic{realm=a} | Bearer{realm=b}"},
    {"three_lines_mixed",
     {"Basic realm=\"a\"", "Bearer realm=\"b\", error=\"invalid_token\"", "Negotiate"},
     true,
     "Basic{realm=a} | Bearer{realm=b,error=invalid_token} | Negotiate"},
    {"two_schemes_no_params", {"Negotiate, NTLM"}, true, "Negotiate | NTLM"},
    {"param_challenges_back_to_back",
     {"Basic realm=\"a\", Bearer realm=\"b\", scope=\"x y\""},
     true,
     "Basic{realm=a} | Bearer{realm=b,scope=x y}"},
    {"scheme_only_then_params",
     {"Negotiate, Basic realm=\"x\""},
     true,
     "Negotiate | Basic{realm=x}"},
    // Commas, escapes and whitespace inside quoted strings.
    {"comma_in_quoted", {"Basic realm=\"a, b\""}, true, "Basic{realm=a, b}"},
    {"comma_and_equals_in_quoted",
     {"Bearer realm=\"x\", scope=\"a=b, c=d\""},
     true,
     "Bearer{realm=x,scope=a=b, c=d}"},
    {"escaped_quote", {"Basic realm=\"say \\\"hi\\\"\""}, true, "Basic{realm=say \"hi\"}"},
    {"escaped_backslash", {"Basic realm=\"a\\\\b\""}, true, "Basic{realm=a\\b}"},
    {"escaped_ordinary_char", {"Basic realm=\"\\a\\b\""}, true, "Basic{realm=ab}"},
    {"tab_in_quoted", {"Basic realm=\"a\tb\""}, true, "Basic{realm=a\tb}"},
    {"obs_text_in_quoted", {"Basic realm=\"caf\xC3\xA9\""}, true, "Basic{realm=caf\xC3\xA9}"},
    {"bws_before_equals", {"Basic realm =\"a\""}, true, "Basic{realm=a}"},
    {"bws_after_equals", {"Basic realm= \"a\""}, true, "Basic{realm=a}"},
    {"bws_both_sides", {"Custom a = b, realm = \"r\""}, true, "Custom{a=b,realm=r}"},
    {"ows_around_commas",
     {"Basic realm=\"a\" ,  charset=\"UTF-8\""},
     true,
     "Basic{realm=a,charset=UTF-8}"},
    {"several_spaces_after_scheme", {"Basic   realm=\"a\""}, true, "Basic{realm=a}"},
    {"leading_trailing_ows", {"  Basic realm=\"a\"  "}, true, "Basic{realm=a}"},
    {"case_insensitive_names",
     {"basic REALM=\"a\", Charset=\"UTF-8\""},
     true,
     "basic{REALM=a,Charset=UTF-8}"},
    // Empty list elements (recipients parse them; senders must not generate them).
    {"empty_element_between",
     {"Basic realm=\"a\", , Bearer realm=\"b\""},
     false,
     "Basic{realm=a} | Bearer{realm=b}",
     "empty list element"},
    {"empty_element_leading",
     {", Basic realm=\"a\""},
     false,
     "Basic{realm=a}",
     "empty list element"},
    {"empty_element_trailing",
     {"Basic realm=\"a\","},
     false,
     "Basic{realm=a}",
     "empty list element"},
    {"empty_element_between_params",
     {"Basic realm=\"a\",, charset=\"UTF-8\""},
     false,
     "Basic{realm=a,charset=UTF-8}",
     "empty list element"},
    // RFC 9110 §5.6.1: "#element => [ element ] *( OWS "," OWS [ element ] )" lets the
    // auth-param list of a challenge start with empty elements, so a recipient keeps them.
    {"empty_element_after_scheme_with_space",
     {"Basic , realm=\"x\""},
     false,
     "Basic{realm=x}",
     "empty list element before the first auth-param"},
    {"empty_element_right_after_scheme",
     {"Basic, realm=\"x\""},
     false,
     "Basic{realm=x}",
     "empty list element before the first auth-param"},
    {"empty_elements_between_challenges_and_after_scheme",
     {"Digest, Basic ,,realm=\"x\""},
     false,
     "Digest | Basic{realm=x}",
     "empty list element before the first auth-param"},
    {"several_leading_commas",
     {",, Basic realm=\"x\", , Bearer realm=\"y\",,"},
     false,
     "Basic{realm=x} | Bearer{realm=y}",
     "empty list element"},
    {"empty_elements_after_scheme_then_params_then_next",
     {"Basic ,, realm=\"x\",, charset=\"UTF-8\", Bearer , realm=\"y\""},
     false,
     "Basic{realm=x,charset=UTF-8} | Bearer{realm=y}",
     "empty list element"},
    {"comma_after_bare_scheme_then_next_challenge",
     {"Negotiate, Basic realm=\"x\""},
     true,
     "Negotiate | Basic{realm=x}"},
    {"empty_field", {""}, false, "", "empty field value"},
    {"whitespace_only_field", {"   "}, false, "", "empty field value"},
    {"no_field_lines", {}, false, "", "no field line"},
    // Grammar violations seen in the wild.
    {"space_in_token_value",
     {"Bearer realm=my api"},
     false,
     "Bearer{realm=my}",
     "realm sent as a token"},
    {"space_in_token_value_non_realm",
     {"Bearer realm=\"r\", title=my api"},
     false,
     "Bearer{realm=r,title=my}",
     "expected ','"},
    {"unbalanced_quote",
     {"Basic realm=\"api"},
     false,
     "Basic{realm=api}",
     "unterminated quoted-string"},
    {"semicolon_separator",
     {"Basic realm=\"a\"; charset=\"UTF-8\""},
     false,
     "Basic{realm=a}",
     "expected ','"},
    {"colon_instead_of_equals",
     {"Basic realm:\"x\""},
     false,
     "Basic",
     "expected '=' after parameter 'realm', found ':'"},
    {"json_in_header", {"{\"error\":\"unauthorized\"}"}, false, "", "expected an auth-scheme"},
    {"missing_value", {"Basic realm=\"a\", charset="}, false, "Basic{realm=a}", "missing value"},
    {"token68_then_stray_param",
     {"Custom a=, b=c"},
     false,
     "Custom[a=]",
     "where an auth-scheme was expected"},
    {"value_is_a_separator", {"Custom a=;b"}, false, "Custom", "expected a token or quoted-string"},
    {"tab_after_scheme", {"Basic\trealm=\"a\""}, false, "Basic", "expected SP or ','"},
    {"control_char_in_quoted",
     {std::string("Basic realm=\"a\x01") + "b\""},
     false,
     "Basic{realm=a\x01"
     "b}",
     "inside quoted-string"},
    {"raw_newline_in_quoted",
     {"Basic realm=\"a\nb\""},
     false,
     "Basic{realm=a\nb}",
     "inside quoted-string"},
    {"non_ascii_scheme", {"B\xC3\xA4sic realm=\"a\""}, false, "B", "expected SP or ','"},
    {"param_without_scheme", {"realm=\"a\""}, false, "", "where an auth-scheme was expected"},
    {"token68_followed_by_junk", {"Foo abc def"}, false, "Foo", "expected '='"},
    {"quoted_string_then_junk", {"Basic realm=\"a\"x"}, false, "Basic{realm=a}", "expected ','"},
    {"trailing_backslash", {"Basic realm=\"a\\"}, false, "Basic{realm=a}", "unterminated"},
    {"equals_in_scheme_position",
     {"Basic realm=\"a\", =b"},
     false,
     "Basic{realm=a}",
     "expected an auth-scheme"},
    // §11.2 repeated parameters and §11.5 realm syntax.
    {"repeated_realm",
     {"Bearer realm=\"a\", realm=\"b\""},
     false,
     "Bearer{realm=a,realm=b}",
     "repeated"},
    {"repeated_case_insensitive",
     {"Basic Realm=\"a\", realm=\"b\""},
     false,
     "Basic{Realm=a,realm=b}",
     "repeated"},
    {"repeated_error",
     {"Bearer realm=\"a\", error=\"x\", error=\"y\""},
     false,
     "Bearer{realm=a,error=x,error=y}",
     "repeated"},
    {"same_param_different_challenges_ok",
     {"Basic realm=\"a\", Bearer realm=\"a\""},
     true,
     "Basic{realm=a} | Bearer{realm=a}"},
    {"realm_unquoted",
     {"Basic realm=Protected"},
     false,
     "Basic{realm=Protected}",
     "realm sent as a token"},
    {"realm_unquoted_bearer",
     {"Bearer realm=api, error=\"invalid_token\""},
     false,
     "Bearer{realm=api,error=invalid_token}",
     "quoted-string"},
    // RFC 7617 rules for Basic.
    {"basic_without_realm", {"Basic"}, false, "Basic", "without realm"},
    {"basic_charset_only",
     {"Basic charset=\"UTF-8\""},
     false,
     "Basic{charset=UTF-8}",
     "without realm"},
    {"basic_charset_latin1",
     {"Basic realm=\"a\", charset=\"ISO-8859-1\""},
     false,
     "Basic{realm=a,charset=ISO-8859-1}",
     "only allowed value is UTF-8"},
    {"basic_charset_utf8_no_dash",
     {"Basic realm=\"a\", charset=\"utf8\""},
     false,
     "Basic{realm=a,charset=utf8}",
     "only allowed value"},
    {"basic_token68", {"Basic dXNlcjpwYXNz"}, false, "Basic[dXNlcjpwYXNz]", "token68"},
    {"basic_scheme_case_still_basic", {"BASIC"}, false, "BASIC", "without realm"},
    {"bearer_token68", {"Bearer abc=="}, false, "Bearer[abc==]", "token68"},
};

INSTANTIATE_TEST_SUITE_P(Rfc9110, ParserCase, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ChallengeParser, PositionsAreReportedPerLineAndByte) {
  const auto p = parse_challenges({"Basic realm=\"a\"", "Bearer realm=my api"});
  ASSERT_FALSE(p.errors.empty());
  EXPECT_EQ(p.errors[0].line, 2u);
  EXPECT_EQ(p.errors[0].byte, 8u);  // the 'r' of realm on line 2
  EXPECT_EQ(p.errors[0].to_string().rfind("line 2, byte 8: ", 0), 0u);
}

TEST(ChallengeParser, ProblemKindsSeparateTheRules) {
  const auto p = parse_challenges({"Basic realm=x, realm=\"y\", title=a b"});
  EXPECT_TRUE(p.has(ProblemKind::kRealmToken));
  EXPECT_TRUE(p.has(ProblemKind::kRepeatedParam));
  EXPECT_TRUE(p.has(ProblemKind::kGrammar));
  const auto clean = parse_challenges({"Basic realm=\"x\", charset=\"latin1\""});
  EXPECT_FALSE(clean.has(ProblemKind::kGrammar));
  EXPECT_TRUE(clean.has(ProblemKind::kSchemeRule));
}

TEST(ChallengeParser, BwsAndSeveralChallengesPerLineAreWarningsNotErrors) {
  const auto p = parse_challenges({"Basic realm = \"a\", Bearer realm=\"b\""});
  EXPECT_TRUE(p.valid);
  ASSERT_GE(p.warnings.size(), 2u);
  bool bws = false, several = false;
  for (const auto& w : p.warnings) {
    bws = bws || w.message.find("BWS") != std::string::npos;
    several = several || w.message.find("several challenges") != std::string::npos;
  }
  EXPECT_TRUE(bws);
  EXPECT_TRUE(several);
}

TEST(ChallengeParser, ParamLookupIsCaseInsensitiveAndFirstWins) {
  const auto p = parse_challenges({"bAsIc REALM=\"one\", realm=\"two\""});
  ASSERT_EQ(p.challenges.size(), 1u);
  EXPECT_TRUE(p.challenges[0].is("Basic"));
  ASSERT_NE(p.challenges[0].param("Realm"), nullptr);
  EXPECT_EQ(p.challenges[0].param("Realm")->value, "one");
  EXPECT_EQ(p.with_scheme("BASIC").size(), 1u);
}

TEST(ChallengeParser, JsonOutputHasTheDocumentedShape) {
  const auto json = challenge_parse_to_json(parse_challenges({"Basic realm=\"a\", Foo abc=="}));
  EXPECT_NE(json.find("\"valid\": true"), std::string::npos) << json;
  EXPECT_NE(json.find("\"scheme\": \"Foo\""), std::string::npos);
  EXPECT_NE(json.find("\"token68\": \"abc==\""), std::string::npos);
  EXPECT_NE(json.find("\"token68\": null"), std::string::npos);
  EXPECT_NE(json.find("\"realm\": \"a\""), std::string::npos);
}

TEST(ChallengeParser, HugeAndHostileInputIsBounded) {
  std::string many;
  for (int i = 0; i < 5000; ++i) many += (i ? ", p" : "Digest p") + std::to_string(i) + "=\"v\"";
  const auto p = parse_challenges({many});
  EXPECT_TRUE(p.valid);
  ASSERT_EQ(p.challenges.size(), 1u);
  EXPECT_EQ(p.challenges[0].params.size(), 5000u);
  const auto commas = parse_challenges({std::string(10000, ',')});
  EXPECT_FALSE(commas.valid);
  EXPECT_TRUE(commas.challenges.empty());
  const auto quotes = parse_challenges({"Basic realm=\"" + std::string(10000, '\\')});
  EXPECT_FALSE(quotes.valid);
}

}  // namespace
}  // namespace authspec
