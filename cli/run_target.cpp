#include "cli/run_target.h"

#include <algorithm>
#include <filesystem>

#include "cli/cli.h"
#include "cli/report_paths.h"
#include "reports/json_report.h"
#include "suite/canary_learning.h"
#include "suite/discovery.h"
#include "suite/mock_profile.h"
#include "suite/oauth_fetch.h"
#include "suite/registry.h"
#include "suite/version.h"

namespace authspec {

ProberOptions prober_options_for(const Profile& profile) {
  ProberOptions o;
  o.origin = profile.origin;
  o.insecure = profile.tls.insecure;
  o.cacert_pem = profile.tls.cacert_pem;
  o.cert_pem = profile.tls.cert_pem;
  o.key_pem = profile.tls.key_pem;
  o.user_agent = std::string("authspec/") + kVersion;
  return o;
}

namespace {

// From this many resources to learn a marker for, the learning is announced on stderr.
constexpr std::size_t kAnnouncedLearning = 50;

// No URL of a run without a profile answered: the run cannot start (exit 3, as for any run).
struct TargetDown : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The I-th of N parts of the selected checks: every N-th check in catalogue order, the positive
// control (which the others rely on) in every part. The same selection always splits the same way.
std::vector<const Check*> shard_of(const std::vector<const Check*>& checks,
                                   const std::string& spec) {
  const auto slash = spec.find('/');
  int i = 0, n = 0;
  try {
    if (slash == std::string::npos) throw std::invalid_argument("no /");
    std::size_t used = 0;
    i = std::stoi(spec.substr(0, slash), &used);
    if (used != slash) throw std::invalid_argument("junk");
    n = std::stoi(spec.substr(slash + 1), &used);
    if (used != spec.size() - slash - 1) throw std::invalid_argument("junk");
  } catch (const std::exception&) {
    throw UsageError("--shard must be I/N, for example 2/4 (got \"" + spec + "\")");
  }
  if (n < 1 || n > 64 || i < 1 || i > n)
    throw UsageError("--shard I/N needs 1 <= I <= N <= 64 (got \"" + spec + "\")");
  std::vector<const Check*> out;
  int k = 0;
  for (const Check* c : checks) {
    if (c->level == Level::kPrerequisite) {
      out.push_back(c);
      continue;
    }
    if (k++ % n == i - 1) out.push_back(c);
  }
  return out;
}

// run --openapi: the profile `import openapi` would write, completed by --profile (its keys
// replace the description's), in memory. Files the profile names are relative to its folder.
Profile profile_of_description(const RunArgs& a, const ProfileOverrides& overrides) {
  ApiDescription d;
  std::vector<std::string> writes_ok;
  try {
    ProberOptions fetch_options;
    fetch_options.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout * 1000));
    fetch_options.insecure = a.insecure;
    d = read_api_description(a.openapi, description_fetcher(fetch_options));
    writes_ok = writes_ok_ids(d, a.writes_ok);
  } catch (const DescriptionFetchError& e) {
    throw TargetDown(e.what());
  } catch (const ApiDescriptionError& e) {
    throw ProfileError(e.what());
  }
  // (--target is the base URL where the description names no server.)
  std::string text = profile_from_description(d, a.target, writes_ok);
  // Line numbers in its messages are those of the imported profile (authspec import openapi).
  std::string name = "the profile imported from " + a.openapi,
              dir = std::filesystem::path(a.openapi).parent_path().string();
  if (!a.profile.empty()) {
    text = overlay_profile_text(text, read_regular_file(a.profile, kMaxProfileBytes));
    name += " with " + a.profile;
    dir = std::filesystem::path(a.profile).parent_path().string();
  }
  return load_profile_text(text, name, overrides, profile_file_reader(dir));
}

// The embedded default target (the bundled mock on an ephemeral loopback port, not started for a
// dry run) or the profile's server.
Profile load_target_profile(const RunArgs& a, std::unique_ptr<mock::MockServer>& mock) {
  ProfileOverrides overrides;
  if (!a.target.empty()) overrides.base_url = a.target;
  if (a.insecure) overrides.insecure = true;
  if (!a.cacert.empty()) overrides.cacert = a.cacert;
  if (!a.cert.empty()) overrides.cert = a.cert;
  if (!a.key.empty()) overrides.key = a.key;
  if (!a.openapi.empty()) return profile_of_description(a, overrides);
  if (!a.profile.empty()) return load_profile(a.profile, overrides);
  if (!a.targets.empty()) {
    // No profile: what the URLs answer without credentials is all there is to go on.
    Discovery d = discovery_for(a.targets);
    Profile scratch = zero_config_profile(d, false, overrides);  // reads the TLS files
    if (!a.dry_run) {
      probe_urls(d, prober_options_for(scratch),
                 std::chrono::milliseconds(static_cast<long>(a.timeout * 1000)));
      if (none_answered(d)) throw TargetDown("target unreachable: " + d.urls.front().failure);
      return zero_config_profile(d, true, overrides);
    }
    return scratch;
  }
  mock::MockOptions mo;
  mo.defects = mock::Defects(a.mock_defects);
  mo.threads = std::max(128, a.concurrency * 2);
  if (!a.dry_run) {
    mock = std::make_unique<mock::MockServer>(mo);
    mock->start();
    overrides.base_url = mock->url();
    overrides.http_url = mock->cleartext_url();
    overrides.proxy_url = mock->proxy_url();
    overrides.cacert_pem = mock->ca_pem();
  }
  Profile profile = load_profile_text(kMockProfile, "embedded mock profile (fixtures/mock.ini)",
                                      overrides, mock_fixture_file);
  profile.bundled_mock = true;
  return profile;
}

// The baseline and waivers are read, and every report path checked, before anything is sent.
void read_inputs(const RunArgs& a, RunTarget& target) {
  if (!a.baseline.empty()) {
    target.baseline.emplace();
    for (const auto& r : read_json_report_verdicts(a.baseline).results)
      (*target.baseline)[r.check + " " + r.resource] = r.verdict;
  }
  if (!a.waivers.empty()) target.waivers = load_waivers(a.waivers);
  for (const auto& [flag, path] : {std::pair{"--json", &a.json},
                                   {"--junit", &a.junit},
                                   {"--html", &a.html},
                                   {"--markdown", &a.markdown},
                                   {"--sarif", &a.sarif},
                                   {"--har", &a.har}})
    if (!path->empty())
      if (const std::string why = report_file_problem(*path, a.profile); !why.empty())
        throw std::runtime_error(std::string(flag) + " " + *path + ": cannot write there: " + why);
  if (!a.report_dir.empty())
    if (const std::string why = report_dir_problem(a.report_dir); !why.empty())
      throw std::runtime_error("--report-dir " + a.report_dir + ": cannot write there: " + why);
}

// The bound of each request sent before the plan is built (the [oauth] fetch, learned canaries):
// --timeout, and never past --deadline.
std::chrono::milliseconds before_plan_timeout(const RunArgs& a) {
  return std::chrono::milliseconds(static_cast<long>(std::min(a.timeout, a.deadline) * 1000));
}

// A request asked before the plan (discovery, a token) got no usable answer: one line, and exit 2
// when the server answered (the profile's to fix) or 3 when nothing answered.
int before_plan_failure(std::ostream& err, bool answered, const std::string& what) {
  err << "authspec run: " << (answered ? "profile error: " : "target unreachable: ") << what
      << "\n";
  return answered ? kExitUsage : kExitAborted;
}

// [oauth] discovery: the token endpoint, read from the discovery document before anything is
// fetched from it (a dry run shows where it will be read from).
std::optional<int> discover_oauth_endpoint(const RunArgs& a, Profile& p, std::ostream& err) {
  if (!p.oauth || !p.oauth->path.empty() || p.oauth->discovery_path.empty()) return std::nullopt;
  const std::string where =
      (p.oauth->discovery_origin.empty() ? p.origin : p.oauth->discovery_origin) +
      p.oauth->discovery_path;
  if (a.dry_run) {
    p.oauth->path = "/(the token_endpoint of " + where + ")";
    return std::nullopt;
  }
  const DiscoveredEndpoint d =
      discover_token_endpoint(*p.oauth, prober_options_for(p), before_plan_timeout(a));
  if (!d.error.empty()) return before_plan_failure(err, d.answered, "[oauth] discovery " + d.error);
  p.oauth->origin = d.origin == p.origin ? "" : d.origin;
  p.oauth->path = d.path;
  p.notices.push_back("the [oauth] token endpoint is " + d.origin + d.path + ", from " + where);
  return std::nullopt;
}

// [low] scope: the lesser token, fetched from [oauth] with only the scopes [low] names (a dry run
// shows a stand-in). Not renewed: the checks that use it ask early and once.
std::optional<int> fetch_low_token(const RunArgs& a, Profile& p, std::ostream& err) {
  if (!p.low || p.low->token || p.low->scope.empty() || !p.oauth) return std::nullopt;
  if (a.dry_run) {
    p.low->token = "oauth-low-token-fetched-at-run-time";
    return std::nullopt;
  }
  OAuthSettings ask = *p.oauth;
  ask.scope = p.low->scope;
  const TokenAnswer t =
      read_token_answer(send_token_request(ask, prober_options_for(p), before_plan_timeout(a)));
  if (t.access_token.empty())
    return before_plan_failure(err, t.answered,
                               "no token for [low] scope \"" + p.low->scope +
                                   "\" from [oauth] token_url " + p.oauth->path + ": " + t.error);
  p.low->token = t.access_token;
  return std::nullopt;
}

// The [oauth] token, fetched once before the plan is built when [bearer] names none (a dry run
// sends nothing: its plan shows a stand-in), and renewed during the run as it expires; with a
// [bearer] token the OAUTH checks still ask the endpoint, as part of the run. The fetch is bounded
// by --deadline as well as --timeout.
std::optional<int> fetch_oauth_token(const RunArgs& a, RunTarget& target, std::ostream& err) {
  Profile& p = target.profile;
  if (!p.oauth || p.bearer) return std::nullopt;
  std::string token = "oauth-token-fetched-at-run-time";
  if (!a.dry_run) {
    const ProberOptions options = prober_options_for(p);
    const auto fetched_at = TokenRefresher::Clock::now();
    const TokenAnswer t = fetch_token(p, options, before_plan_timeout(a));
    if (t.access_token.empty())
      return before_plan_failure(
          err, t.answered, "no token from [oauth] token_url " + p.oauth->path + ": " + t.error);
    token = t.access_token;
    p.oauth->expires_in = t.expires_in;
    const auto timeout = std::chrono::milliseconds(static_cast<long>(a.timeout * 1000));
    target.token = std::make_shared<TokenRefresher>(
        token, std::chrono::seconds(t.expires_in), fetched_at,
        // Renewed with the refresh token the endpoint issued, if any (RFC 6749 §6).
        [client = *p.oauth, options, timeout](const std::string& refresh_token) {
          OAuthSettings ask = client;
          if (!refresh_token.empty()) {
            ask.grant = "refresh_token";
            ask.refresh_token = refresh_token;
          }
          return send_token_request(ask, options, timeout);
        },
        t.refresh_token);
    p.oauth->issued_refresh_token = t.refresh_token;
  }
  p.oauth->fetched = token;
  p.bearer = token;
  if (p.step && p.step->weak_token.empty()) p.step->weak_token = token;
  return std::nullopt;
}

}  // namespace

std::optional<int> open_target(const RunArgs& a, RunTarget& target, std::ostream& err) {
  try {
    target.checks = select_checks(a.only, a.skip);
    if (!a.shard.empty()) target.checks = shard_of(target.checks, a.shard);
  } catch (const UsageError& e) {
    err << "authspec run: " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    target.profile = load_target_profile(a, target.mock);
  } catch (const ProfileError& e) {
    err << "authspec run: profile error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const TargetDown& e) {
    err << "authspec run: " << e.what() << "\n";
    return kExitAborted;
  } catch (const std::invalid_argument& e) {  // an unknown --mock-defect
    err << "authspec run: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::runtime_error& e) {
    err << "authspec run: the embedded mock could not start: " << e.what() << "\n";
    return kExitAborted;
  }
  try {
    read_inputs(a, target);
  } catch (const std::runtime_error& e) {
    err << "authspec run: " << e.what() << "\n";
    return kExitUsage;
  }
  if (const auto code = discover_oauth_endpoint(a, target.profile, err)) return code;
  if (const auto code = fetch_oauth_token(a, target, err)) return code;
  if (const auto code = fetch_low_token(a, target.profile, err)) return code;
  // Markers for resources without a canary, once the credentials (a fetched token too) are known.
  // A whole API's profile may need a thousand, three requests each: say so first (stderr, as the
  // live progress), so the run does not look hung before its first status line.
  std::size_t unmarked = 0;
  for (const auto& r : target.profile.protected_resources)
    unmarked += needs_learning(target.profile, r);
  if (unmarked >= kAnnouncedLearning && !a.quiet && !a.dry_run)
    err << "authspec: learning the protected content of " << unmarked
        << " resources without a canary (3 requests each) before the run\n"
        << std::flush;
  for (auto& line :
       learn_canaries(target.profile, prober_options_for(target.profile), before_plan_timeout(a),
                      a.dry_run, static_cast<std::size_t>(a.concurrency)))
    target.profile.notices.push_back(std::move(line));
  target.profile.allow_bursts = a.allow_bursts || target.profile.bundled_mock;
  if (target.profile.cleartext_intended) {
    // Shown, never dropped: each cleartext finding is marked waived by the policy in every report.
    const std::string why =
        "deployment policy: plain http on purpose ([target] cleartext = intended)";
    for (const char* id : {"TLS-001", "TLS-002"})
      target.waivers.push_back(Waiver{id, "*", "9999-12-31", why, 0, true});
    target.profile.notices.push_back(why +
                                     ": the cleartext findings (TLS-001, TLS-002) are "
                                     "advice, shown as waived and not gated");
  }
  target.profile.in_flight = a.concurrency;
  return std::nullopt;
}

}  // namespace authspec
