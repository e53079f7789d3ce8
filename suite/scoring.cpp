#include "suite/scoring.h"

#include <cmath>
#include <map>
#include <set>

#include "suite/gating.h"
#include "suite/profile_reader.h"

namespace authspec {
namespace {

void count(Counts& c, Outcome o) {
  switch (o) {
    case Outcome::kPass:
      ++c.passed;
      break;
    case Outcome::kFail:
      ++c.failed;
      break;
    case Outcome::kWarn:
      ++c.warned;
      break;
    case Outcome::kSkip:
      ++c.skipped;
      break;
    case Outcome::kError:
      ++c.errors;
      break;
  }
}

std::string letter(int score) {
  if (score >= 90) return "A";
  if (score >= 80) return "B";
  if (score >= 70) return "C";
  if (score >= 60) return "D";
  return "F";
}

int rank(const std::string& grade) {
  static const std::vector<std::string> order = {"F", "D", "C", "B", "A", "A+"};
  for (std::size_t i = 0; i < order.size(); ++i)
    if (order[i] == grade) return static_cast<int>(i);
  return 0;
}

}  // namespace

Score score_run(const Profile& profile, const RunResult& run) {
  Score s;
  double earned = 0, possible = 0;
  bool bp_all_pass = true, bp_any = false;
  std::set<std::string> must_failed, breached;
  for (const auto& r : run.results) {
    const Outcome o = r.verdict.outcome;
    count(s.counts, o);
    auto fam = std::find_if(s.families.begin(), s.families.end(),
                            [&](const auto& f) { return f.first == r.check->family; });
    if (fam == s.families.end()) {
      s.families.emplace_back(r.check->family, Counts{});
      fam = s.families.end() - 1;
    }
    count(fam->second, o);
    if (r.verdict.security_breach) breached.insert(r.check->id);
    if (r.check->level == Level::kPrerequisite) {
      if (o == Outcome::kError) s.control_failed = true;
      continue;
    }
    if (o == Outcome::kSkip || o == Outcome::kError) continue;
    if (r.check->level == Level::kBestPractice) {
      bp_any = true;
      bp_all_pass = bp_all_pass && o == Outcome::kPass;
      continue;
    }
    const int w = r.check->level == Level::kMust ? kWeightMust : kWeightShould;
    possible += w;
    earned += o == Outcome::kPass ? w : o == Outcome::kWarn ? w / 2.0 : 0;
    if (r.check->level == Level::kMust && o == Outcome::kFail) must_failed.insert(r.check->id);
  }

  if (possible == 0) {
    s.score = 0;
    s.grade = "-";
    s.caps.push_back("no MUST or SHOULD check could be decided, so there is no grade");
  } else {
    s.score = static_cast<int>(std::floor(100.0 * earned / possible));
    s.grade = letter(s.score);
    auto cap = [&](const std::string& at_most, const std::set<std::string>& ids,
                   const std::string& why) {
      if (ids.empty()) return;
      std::string list;
      for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
      if (rank(s.grade) > rank(at_most)) s.grade = at_most;
      s.caps.push_back("grade capped at " + at_most + ": " + why + " (" + list + ")");
    };
    cap("F", breached, "protected content was served without valid credentials");
    cap("B", must_failed, "a MUST requirement failed");
    if (s.grade == "A" && s.score == 100 && bp_any && bp_all_pass && breached.empty())
      s.grade = "A+";  // best practice lifts only an already conformant grade
  }

  if (profile.description) {
    std::map<const DescribedOperation*, OperationCounts> by_op;
    for (const auto& r : run.results) {
      const DescribedOperation* op = profile.operation_of(r.resource);
      if (!op) continue;
      OperationCounts& oc = by_op[op];
      count(oc.counts, r.verdict.outcome);
      const Outcome o = r.verdict.outcome;
      if (o == Outcome::kFail || o == Outcome::kWarn || o == Outcome::kError)
        oc.not_passing.push_back(r.check->id + " " + outcome_name(o));
    }
    for (const auto& op : profile.description->operations) {
      const auto it = by_op.find(&op);
      if (it == by_op.end()) continue;
      it->second.name = op.name();
      it->second.label = op.label();
      it->second.pointer = op.pointer;
      s.operations.push_back(std::move(it->second));
    }
  }

  // Coverage.
  std::set<std::string> schemes;
  for (const auto& r : profile.protected_resources) {
    ++s.protected_resources;
    for (const auto& sc : r.schemes)
      if (profile.has_credentials(sc) ||
          // Digest credentials answer a challenge: the DIGEST checks use them on [digest]'s
          // resource.
          (sc == "digest" && profile.digest && profile.digest->resource.path == r.path &&
           (r.method == profile.digest->resource.method || r.head_twin)))
        schemes.insert(sc);
      else
        s.not_covered.push_back(r.label() + " accepts " + sc + " but the profile has no " + sc +
                                " credentials");
  }
  s.public_resources = profile.public_resources.size();
  s.schemes.assign(schemes.begin(), schemes.end());
  if (profile.basic) s.identities.push_back("basic user " + profile.basic->user);
  if (profile.basic_colon)
    s.identities.push_back("basic user " + profile.basic_colon->user + " (colon password)");
  if (profile.basic_utf8)
    s.identities.push_back("basic user " + profile.basic_utf8->user + " (UTF-8 password)");
  if (profile.bearer) s.identities.push_back("bearer token");
  if (profile.low && profile.low->basic)
    s.identities.push_back("low-privilege basic user " + profile.low->basic->user);
  if (profile.low && profile.low->token) s.identities.push_back("low-scope bearer token");
  if (profile.jwt)
    s.identities.push_back(profile.jwt->can_mint() ? "JWT signing material (minted tokens)"
                                                   : "a JWT to tamper with (no key)");
  if (profile.apikey)
    s.identities.push_back(std::string("API key in the ") + place_name(profile.apikey->place) +
                           " " + profile.apikey->name);
  // A run without a profile says what it left untested, and what a profile would add.
  for (const auto& n : profile.notices) s.not_covered.push_back(n);
  for (const auto& n : run.notes) s.not_covered.push_back(n);
  // The optional sections a family needs (their checks say "skip" and why), as each declares.
  for (const auto& section : profile_sections())
    if (section.covered && !section.covered(profile)) s.not_covered.push_back(section.when_absent);
  std::set<std::string> seen;
  s.not_covered.erase(std::remove_if(s.not_covered.begin(), s.not_covered.end(),
                                     [&](const std::string& x) { return !seen.insert(x).second; }),
                      s.not_covered.end());
  s.mostly_skipped = s.counts.skipped * 2 > s.counts.total();
  return s;
}

Gate apply_gate(const Score& score, const RunResult& run, FailOn fail_on, int fail_under,
                const Annotations* notes) {
  Gate g;
  g.failed_by.assign(run.results.size(), false);
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    const auto& r = run.results[i];
    if (notes && !notes->gates(i)) continue;
    const Outcome o = r.verdict.outcome;
    bool fails = false;
    if (r.verdict.security_breach)
      fails = true;
    else if (o == Outcome::kFail)
      fails = fail_on == FailOn::kAny || r.check->level == Level::kMust ||
              (fail_on == FailOn::kShould && r.check->level == Level::kShould);
    else if (o == Outcome::kWarn || o == Outcome::kError)
      fails = fail_on == FailOn::kAny && r.check->level != Level::kPrerequisite;
    if (fails) {
      g.passed = false;
      g.failed_by[i] = true;
      g.reasons.push_back(r.check->id + " " + outcome_name(o) + " on " + r.resource);
    }
  }
  if (fail_under > 0 && score.score < fail_under) {
    g.passed = false;
    g.reasons.push_back("score " + std::to_string(score.score) + " is under --fail-under " +
                        std::to_string(fail_under));
  }
  return g;
}

}  // namespace authspec
