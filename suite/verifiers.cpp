#include "suite/verifiers.h"

#include <algorithm>
#include <set>

namespace authspec {

bool cache_may_store(const Response& r) {
  if (lists(r, "Cache-Control", "no-store")) return false;
  for (const char* d : {"public", "max-age", "s-maxage"})
    if (lists(r, "Cache-Control", d)) return true;
  if (r.has("Expires")) return true;
  static const std::set<int> heuristic = {200, 203, 204, 206, 300, 301,
                                          308, 404, 405, 410, 414, 501};
  return heuristic.count(r.status) > 0;
}

bool is_success(int status) {
  return status >= 200 && status < 300;
}
bool is_server_error(int status) {
  return status >= 500 && status < 600;
}
bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string describe_status(const Exchange& ex) {
  if (!ex.ok()) return ex.error;
  const std::string& line = ex.response.status_line;
  const auto sp = line.find(' ');
  return sp == std::string::npos ? std::to_string(ex.response.status) : line.substr(sp + 1);
}

std::string describe_request(const Exchange& ex) {
  std::string s = ex.request.summary();
  if (ex.request.credential != "none" || !ex.request.headers.empty())
    s += " (" + ex.request.credential + ")";
  return s;
}

std::vector<std::string> list_members(const Response& r, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& line : r.values(name))
    for (const auto& member : split(line, ","))
      if (const std::string m = trim(member); !m.empty()) out.push_back(m);
  return out;
}

bool lists(const Response& r, const std::string& name, const std::string& member) {
  for (const auto& m : list_members(r, name))
    if (iequals(m.substr(0, m.find('=')), member)) return true;
  return false;
}

ChallengeParse challenges_of(const Exchange& ex, const std::string& field) {
  ChallengeParse parse = parse_challenges(ex.response.values(field));
  const auto& folded = ex.response.folded;
  if (std::find(folded.begin(), folded.end(), to_lower(field)) != folded.end()) {
    parse.valid = false;
    parse.errors.push_back({ProblemKind::kGrammar, 0, 0,
                            field + " arrived folded across lines (obs-fold; RFC 9112 §5.2: a "
                                    "sender MUST NOT generate it)"});
  }
  return parse;
}

std::string challenge401(const Context& ctx, const Exchange& ex) {
  const Response& r = ex.response;
  if (ctx.profile.login_redirect && (r.status == 302 || r.status == 303) && r.has("Location"))
    return "";
  if (r.status != 401) return "expected 401 with a challenge, got " + describe_status(ex);
  if (!r.has("WWW-Authenticate")) return "401 without a WWW-Authenticate field";
  const auto parse = challenges_of(ex);
  if (parse.challenges.empty()) return "401 whose WWW-Authenticate holds no parsable challenge";
  if (!ctx.resource) return "";
  std::string offered;
  for (const auto& c : parse.challenges) {
    if (ctx.resource->accepts(c.scheme)) return "";
    offered += (offered.empty() ? "" : ", ") + c.scheme;
  }
  std::string accepted;
  for (const auto& s : ctx.resource->schemes) accepted += (accepted.empty() ? "" : ", ") + s;
  return "401 challenges only for " + offered + "; the resource accepts " + accepted;
}

std::string challenge401_or_400(const Context& ctx, const Exchange& ex) {
  if (ex.response.status == 400) return "";
  const std::string problem = challenge401(ctx, ex);
  if (problem.empty()) return "";
  return ex.response.status == 401
             ? problem
             : "expected 401 with a challenge (or 400), got " + describe_status(ex);
}

std::string refused_without_error(const Exchange& ex) {
  const int s = ex.response.status;
  if (is_success(s)) return "accepted with " + describe_status(ex);
  if (is_server_error(s))
    return "server error " + describe_status(ex) + " (malformed input is a client error)";
  return "";
}

std::string forbidden(const Context& ctx, const Exchange& ex) {
  const int s = ex.response.status;
  if (s == 403 || (s == 404 && ctx.profile.hide_with_404)) return "";
  return std::string("expected 403") + (ctx.profile.hide_with_404 ? " or 404" : "") + ", got " +
         describe_status(ex);
}

std::string no_leak(const Context& ctx, const Exchange& ex) {
  // Without a canary (a run without a profile) the protected content cannot be recognised. Any
  // resource's content counts: a refusal carries none of it.
  if (!ctx.profile.holds_protected_content(*ex.response.body.text())) return "";
  return "the response (" + describe_status(ex) + ") contains the protected content";
}

std::string accepted(const Context& ctx, const Exchange& ex) {
  if (!is_success(ex.response.status)) return "expected 2xx, got " + describe_status(ex);
  const std::string& canary = ctx.profile.canary_of(ctx.resource);
  if (ex.request.method == "HEAD" || canary.empty()) return "";
  if (ex.response.body.text()->find(canary) == std::string::npos)
    return "2xx without the canary: the body is not the protected content";
  return "";
}

std::function<Verdict(const Context&, const Evidence&)> each_without_credentials(
    Verifier verifier, std::string pass_message) {
  return [verifier, pass_message](const Context& ctx, const Evidence& ev) {
    Findings f;
    for (const Exchange* step : ev.mine) {
      f.expect(*step, verifier(ctx, *step));
      f.expect_no_leak(ctx, *step);
    }
    return f.verdict(pass_message);
  };
}

std::function<Verdict(const Context&, const Evidence&)> each_kept_out(Verifier verifier,
                                                                      std::string pass_message) {
  auto judge = each_without_credentials(verifier, std::move(pass_message));
  return [judge](const Context& ctx, const Evidence& ev) {
    Verdict v = judge(ctx, ev);
    v.security_breach = v.outcome == Outcome::kFail;
    return v;
  };
}

Verdict nothing_to_judge(std::string why) {
  Verdict v;
  v.outcome = Outcome::kSkip;
  v.message = std::move(why);
  return v;
}

void Findings::expect(const Exchange& ex, const std::string& problem) {
  if (problem.empty()) return;
  problems_.push_back(describe_request(ex) + ": " + problem);
  if (std::find(shown_.begin(), shown_.end(), &ex) == shown_.end()) shown_.push_back(&ex);
}

void Findings::expect_no_leak(const Context& ctx, const Exchange& ex) {
  breach(ex, no_leak(ctx, ex));
}

void Findings::breach(const Exchange& ex, const std::string& problem) {
  if (problem.empty()) return;
  breach_ = true;
  expect(ex, problem);
}

void Findings::fail(const Exchange* ex, const std::string& problem) {
  problems_.push_back(problem);
  if (ex && std::find(shown_.begin(), shown_.end(), ex) == shown_.end()) shown_.push_back(ex);
}

Verdict Findings::verdict(const std::string& pass_message) const {
  Verdict v;
  if (problems_.empty()) {
    v.outcome = Outcome::kPass;
    v.message = pass_message;
    return v;
  }
  v.outcome = Outcome::kFail;
  v.security_breach = breach_;
  const std::size_t shown = std::min<std::size_t>(problems_.size(), 3);
  for (std::size_t i = 0; i < shown; ++i) v.message += (i ? "; " : "") + problems_[i];
  if (problems_.size() > shown)
    v.message += "; and " + std::to_string(problems_.size() - shown) + " more";
  v.shown = shown_;
  return v;
}

}  // namespace authspec
