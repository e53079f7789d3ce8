// A check: declared once as data (ID, level, spec, requirement, remediation) plus a plan function
// (the requests it needs) and a judge function (the verdict from the recorded responses). Checks
// never send anything themselves; the runner does, once per distinct request.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

#include "suite/http.h"
#include "suite/profile.h"
#include "suite/spec_refs.h"

namespace authspec {

enum class Level { kPrerequisite, kMust, kShould, kBestPractice };
enum class Outcome { kPass, kFail, kWarn, kSkip, kError };
// kProtected: once per protected resource; kAllResources: protected and public; kRun: once per run,
// judging every exchange of the run (cross-family verifiers such as "every 401 has a challenge").
enum class Scope { kProtected, kAllResources, kRun };

const char* level_name(Level level);  // MUST, SHOULD, BP, PREREQUISITE
struct Check;
// The cited rule in one line, for reports: RFC 9110 §11.6.1: "A server generating ..." (or the
// source and why there is no quote).
std::string cited_rule(const Check& check);
const char* outcome_name(Outcome outcome);
// A profile's scheme key as the scheme is spelled on the wire: "basic" -> "Basic".
std::string scheme_display_name(const std::string& scheme);

// Positive-control results (CHAL-000) by resource label and scheme, filled before other checks
// are judged: a check that relies on valid credentials reports a profile error when they fail.
using ControlTable = std::map<std::string, std::map<std::string, bool>>;

struct Context {
  const Profile& profile;
  const Resource* resource = nullptr;  // null for kRun checks
  const ControlTable* controls = nullptr;
  // For a run-wide (kRun) check of the machinery at the representative depth (plan.h): the
  // resources it asks about, the groups' representatives; null: every resource.
  const std::unordered_set<const Resource*>* sampled = nullptr;
  bool asks_about(const Resource& r) const { return !sampled || sampled->count(&r); }

  // Request builders: the resource's method and target, with the given Authorization.
  Request anonymous() const;
  Request anonymous_to(const Resource& r) const;
  Request with_authorization(const std::string& value, const std::string& credential,
                             bool secret = false) const;
  Request with_basic(const Password& pw, const std::string& credential) const;
  Request with_bearer(const std::string& token, const std::string& credential) const;
  // `r` with the credential of a role-matrix identity (its Authorization, its API key where
  // [apikey] says, its cookie), labelled "identity:NAME".
  Request as_identity(const RoleIdentity& id, const Resource& r) const;
  // The profile's valid credentials for a scheme, with the scheme name spelled as given.
  std::optional<Request> valid(const std::string& scheme, const std::string& spelling = "") const;
  // The schemes of this resource for which the profile has valid credentials.
  std::vector<std::string> testable_schemes() const;
  // Did the positive control for this scheme on this resource succeed? (true when unknown)
  bool control_ok(const std::string& scheme) const;
};

// `key` added to `req` where an API reads it: a header or cookie of that name, or a query
// parameter.
void add_api_key(Request& req, ApiKeySettings::Place place, const std::string& name,
                 const std::string& key);

// For Check::applies: the check has nothing to add on HEAD (its GET twin covers it).
inline bool not_head_twin(const Resource& r) {
  return !r.head_twin;
}

struct Plan {
  std::vector<Request> requests;
  std::string skip;  // non-empty: the check cannot run on this profile, and why
};
Plan skip_because(std::string why);

// A judge asked for a step that was never sent (request budget, deadline, or a follow-up that an
// earlier answer made impossible): the result is undecided, never read out of bounds.
struct MissingEvidence : std::out_of_range {
  using std::out_of_range::out_of_range;
};

struct Evidence {
  std::vector<const Exchange*> mine;  // the check's own requests, in plan order
  std::vector<std::string> steps;     // the name the check gave each of them (Request::step)
  // Every exchange of the run (for the checks judged_on_whole_run; empty for the others): a view of
  // one list the runner holds, not a copy per result (at 16,000 results of 16,000 exchanges, the
  // copies were quadratic).
  std::span<const Exchange* const> all;
  // The exchanges of the run that asked for the check's resource (its request target), for the
  // checks that say reads_whole_run: an index the runner builds once, so a per-resource check
  // does not scan the whole run once per resource (quadratic in a whole API).
  std::span<const Exchange* const> at_resource;
  // The answer to the step the plan named `label` (the first, when several share the name).
  // Throws MissingEvidence when it was not sent: the result is undecided, never misread.
  const Exchange& step(const std::string& label) const;
  // The same, or null when the plan did not ask for it (an optional step).
  const Exchange* find_step(const std::string& label) const;
  // The answer of a check that asks one question (its plan has one request).
  const Exchange& only() const;
  // Every answer to steps of that name, in plan order.
  std::vector<const Exchange*> steps_named(const std::string& label) const;
  std::size_t size() const { return mine.size(); }
};

struct Verdict {
  Outcome outcome = Outcome::kPass;
  std::string message;
  std::vector<const Exchange*> shown;  // the exchanges that prove it
  bool security_breach = false;  // protected content reached a client without valid credentials
};

// What a check needs before its verdict can mean anything. The runner enforces it before the
// judge runs (decide() in runner.h), so no family repeats "the positive control failed".
struct Needs {
  // Working credentials (the positive control CHAL-000 passed on the resource) of these schemes
  // ("basic", "bearer"), or of every scheme the resource is tested with.
  std::vector<std::string> working = {};
  // Instead of named schemes: working credentials of every scheme the resource is tested with
  // (kEvery), or of the first of them, the one scheme the check's requests use (kFirst).
  enum class Testable { kNone, kEvery, kFirst } testable = Testable::kNone;
};

// Declared with designated initialisers (Check{.id = "RATE-001", .level = ..., .scope = ...}):
// every field named, the defaults left out.
struct Check {
  std::string id;
  std::string family = "";  // set by the registry from the ID's prefix
  Level level = Level::kMust;
  std::string spec = "";   // "RFC 9110 §15.5.2"
  std::string owasp = "";  // ASVS/WSTG reference, or ""
  std::string title = "";
  std::string requirement = "";  // one sentence
  std::string remediation = "";
  Scope scope = Scope::kProtected;
  // The judge also reads every exchange of the run (Evidence::all, Evidence::at_resource), as a
  // kRun check does: the runner then judges it once the whole run is known
  // (judged_on_whole_run), never during it.
  bool reads_whole_run = false;
  bool heads = false;  // also run on the HEAD twins of GET resources
  // Tests the server's machinery (token parsing, path normalisation, challenge grammar...), not
  // one resource's protection: at the default depth it runs on one representative resource of
  // each group of alike resources (plan.h), at --depth full on every one. Set by the registry
  // (suite/registry.cpp lists them), so the catalogue's split is read in one place.
  bool machinery = false;
  bool judges_failures =
      false;  // sees failed exchanges (timeouts...) instead of an automatic error
  Needs needs = {};
  std::function<bool(const Resource&)> applies = nullptr;  // optional filter on resources
  std::function<Plan(const Context&)> plan = nullptr;
  // Optional second step built from the first step's responses (for example, retrying with the
  // scheme a challenge advertised). Its requests are appended to the evidence.
  std::function<std::vector<Request>(const Context&, const Evidence&)> follow_up = nullptr;
  std::function<Verdict(const Context&, const Evidence&)> judge = nullptr;
  // The sentence the check enforces (suite/citations.cpp): its level is that sentence's keyword,
  // or lower for the reason in level_note. Never higher.
  std::string quote = "";
  std::string quote_source = "";  // "RFC 9110 §11.6.1"
  std::string level_note = "";
  std::vector<SpecRef> refs = {};  // `spec` structured, set by the registry
};

// A kRun check, or one that reads the whole run: given Evidence::all, judged after the last answer.
bool judged_on_whole_run(const Check& check);

}  // namespace authspec
