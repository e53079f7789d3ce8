// authspec run: profile -> catalogue -> plan -> exchanges -> verdicts -> score -> reports.
#include <unistd.h>

#include <boost/program_options.hpp>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>

#include "cli/cli.h"
#include "cli/report_paths.h"
#include "mock_server/mock_server.h"
#include "reports/report.h"
#include "suite/gating.h"
#include "suite/mock_profile.h"
#include "suite/option_errors.h"
#include "suite/registry.h"
#include "suite/version.h"

namespace po = boost::program_options;

namespace authspec {
namespace {

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

// YYYY-MM-DD (UTC), the form waiver expiry dates are compared in.
std::string today_utc() {
  return iso_time(std::chrono::system_clock::now()).substr(0, 10);
}

struct RunArgs {
  std::string baseline, waivers, shard;
  std::string profile, target, json, junit, html, markdown, sarif, har, report_dir,
      fail_on = "any", cacert, cert, key;
  std::vector<std::string> only, skip, mock_defects;
  int concurrency = 8, fail_under = 0, max_requests = 0;
  double timeout = 10, deadline = 300;
  bool insecure = false, verbose = false, no_color = false, dry_run = false, allow_bursts = false;
};

po::options_description run_options(RunArgs& a) {
  po::options_description d("authspec run options");
  // clang-format off
  d.add_options()
      ("help,h", "show this help")
      ("profile", po::value(&a.profile), "target profile (INI); without it and --target, the bundled mock runs")
      ("target", po::value(&a.target), "base URL, overriding the profile's target.base_url")
      ("only", po::value(&a.only)->composing(), "run only these checks or families (glob; repeatable)")
      ("skip", po::value(&a.skip)->composing(), "skip these checks or families (glob; repeatable)")
      ("concurrency", po::value(&a.concurrency)->default_value(8), "requests in flight (1-64)")
      ("timeout", po::value(&a.timeout)->default_value(10), "seconds per request")
      ("deadline", po::value(&a.deadline)->default_value(300), "seconds for the whole run")
      ("max-requests", po::value(&a.max_requests)->default_value(0),
       "request budget; the run stops before exceeding it (0: none)")
      ("dry-run", po::bool_switch(&a.dry_run), "print the plan and send nothing")
      ("allow-bursts", po::bool_switch(&a.allow_bursts),
       "run the RATE checks' bursts and lockout probes (they can lock accounts; on for the embedded mock)")
      ("json", po::value(&a.json), "write the JSON report to FILE")
      ("junit", po::value(&a.junit), "write the JUnit XML report to FILE")
      ("html", po::value(&a.html), "write the self-contained HTML report to FILE")
      ("markdown", po::value(&a.markdown), "write a Markdown summary (for a CI job page) to FILE")
      ("sarif", po::value(&a.sarif), "write a SARIF 2.1.0 report (code-scanning dashboards) to FILE")
      ("har", po::value(&a.har), "write every exchange as HAR 1.2 (browser developer tools) to FILE")
      ("report-dir", po::value(&a.report_dir), "write every report format into DIR")
      ("shard", po::value(&a.shard), "I/N: run the I-th of N deterministic parts of the catalogue (CHAL-000 runs in each); combine them with authspec merge")
      ("baseline", po::value(&a.baseline), "a previous JSON report: only new failures fail the gate")
      ("waivers", po::value(&a.waivers), "accepted failures: CHECK | RESOURCE-GLOB | YYYY-MM-DD | reason")
      ("fail-under", po::value(&a.fail_under)->default_value(0), "gate: fail when the score is below N")
      ("fail-on", po::value(&a.fail_on)->default_value("any"),
       "gate: fail on failures at level must | should | any (any: also BP warnings and undecided checks)")
      ("insecure", po::bool_switch(&a.insecure), "do not verify the server's TLS certificate")
      ("cacert", po::value(&a.cacert), "CA bundle (PEM) to verify the server with")
      ("cert", po::value(&a.cert), "client certificate (PEM)")
      ("key", po::value(&a.key), "client certificate key (PEM)")
      ("mock-defect", po::value(&a.mock_defects)->composing(),
       "plant a named defect in the embedded mock (repeatable)")
      ("verbose,v", po::bool_switch(&a.verbose), "print every exchange (secrets masked)")
      ("no-color", po::bool_switch(&a.no_color), "no colours (NO_COLOR is honoured too)");
  // clang-format on
  return d;
}

bool state_changing(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

void print_plan(const Profile& profile, const RunPlan& plan, const Masker& masker,
                std::ostream& out) {
  out << "Plan against " << profile.origin << profile.prefix << " (nothing is sent):\n";
  for (const auto& r : plan.requests)
    out << "  " << r.method << " " << printable(masker.text(profile.origin + r.target), 200)
        << "  [" << masker.text(r.credential) << "]\n";
  std::size_t skipped = 0;
  for (const auto& t : plan.tasks) skipped += !t.plan.skip.empty();
  out << plan.requests.size() << " requests for " << plan.tasks.size() << " check runs (" << skipped
      << " skipped for lack of inputs)";
  if (plan.follow_up_tasks)
    out << "; up to " << plan.follow_up_tasks
        << " checks add follow-up requests built from responses";
  out << "\n";
}

}  // namespace

int run_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  RunArgs a;
  const auto desc = run_options(a);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argv).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      out << "Usage: authspec run [options]\n" << desc;
      return kExitPass;
    }
    if (a.concurrency < 1 || a.concurrency > 64) throw po::error("--concurrency must be 1 to 64");
    // Whole milliseconds at least: libcurl reads a 0 ms timeout as "no timeout at all".
    if (!(a.timeout >= 0.001 && a.timeout <= 3600))
      throw po::error("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds");
    if (!(a.deadline >= 0.001 && a.deadline <= 86400))
      throw po::error("--deadline must be at least 0.001 (1 ms) and at most 86400 seconds");
    if (a.max_requests < 0) throw po::error("--max-requests must be 0 or more");
    if (a.fail_under < 0 || a.fail_under > 100) throw po::error("--fail-under must be 0 to 100");
    if (a.fail_on != "must" && a.fail_on != "should" && a.fail_on != "any")
      throw po::error("--fail-on must be must, should or any");
    if (!a.mock_defects.empty() && (!a.profile.empty() || !a.target.empty()))
      throw po::error(
          "--mock-defect plants defects in the embedded mock; it cannot be used with --profile or "
          "--target");
    if (vm.count("profile") && a.profile.empty())
      throw po::error(
          "--profile is empty (an unset variable?): name a profile file, or leave --profile out "
          "to test the bundled mock");
    if (!a.target.empty() && a.profile.empty())
      throw po::error("--target needs a --profile that names its resources and credentials");
    // Without a profile the bundled mock is tested: a profile variable meant for a real target
    // would otherwise be applied to the mock and pass it (a false green in CI).
    if (a.profile.empty())
      if (const auto vars = profile_variables_in_environment(); !vars.empty())
        throw po::error(vars[0] +
                        " is set but there is no --profile: profile variables need a profile "
                        "(unset it to test the bundled mock)");
    if (a.cert.empty() != a.key.empty()) throw po::error("--cert and --key go together");
  } catch (const po::error& e) {
    err << "authspec run: " << option_error_text(e) << " (see authspec run --help)\n";
    return kExitUsage;
  }

  std::vector<const Check*> checks;
  try {
    checks = select_checks(a.only, a.skip);
    if (!a.shard.empty()) checks = shard_of(checks, a.shard);
  } catch (const UsageError& e) {
    err << "authspec run: " << e.what() << "\n";
    return kExitUsage;
  }

  // The embedded default target: the bundled mock on an ephemeral loopback port.
  std::unique_ptr<mock::MockServer> mock;
  ProfileOverrides overrides;
  if (!a.target.empty()) overrides.base_url = a.target;
  if (a.insecure) overrides.insecure = true;
  if (!a.cacert.empty()) overrides.cacert = a.cacert;
  if (!a.cert.empty()) overrides.cert = a.cert;
  if (!a.key.empty()) overrides.key = a.key;
  Profile profile;
  try {
    if (a.profile.empty()) {
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
      profile = load_profile_text(kMockProfile, "embedded mock profile (fixtures/mock.ini)",
                                  overrides, mock_fixture_file);
      profile.bundled_mock = true;
    } else {
      profile = load_profile(a.profile, overrides);
    }
  } catch (const ProfileError& e) {
    err << "authspec run: profile error: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::invalid_argument& e) {
    err << "authspec run: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::runtime_error& e) {
    err << "authspec run: the embedded mock could not start: " << e.what() << "\n";
    return kExitAborted;
  }

  // The baseline and waivers are read before anything is sent: a bad file is a usage error.
  std::optional<nlohmann::json> baseline;
  std::vector<Waiver> waivers;
  try {
    if (!a.baseline.empty()) {
      std::ifstream file(a.baseline);
      if (!file) throw std::runtime_error(a.baseline + ": cannot read the baseline");
      baseline = nlohmann::json::parse(file, nullptr, false);
      if (baseline->is_discarded() || !baseline->contains("results"))
        throw std::runtime_error(a.baseline + ": not an authspec JSON report");
    }
    if (!a.waivers.empty()) waivers = load_waivers(a.waivers);
    // Every report path is checked now, before anything is sent.
    for (const auto& [flag, path] : {std::pair{"--json", &a.json},
                                     {"--junit", &a.junit},
                                     {"--html", &a.html},
                                     {"--markdown", &a.markdown},
                                     {"--sarif", &a.sarif},
                                     {"--har", &a.har}})
      if (!path->empty())
        if (const std::string why = report_file_problem(*path, a.profile); !why.empty())
          throw std::runtime_error(std::string(flag) + " " + *path +
                                   ": cannot write there: " + why);
    if (!a.report_dir.empty())
      if (const std::string why = report_dir_problem(a.report_dir); !why.empty())
        throw std::runtime_error("--report-dir " + a.report_dir + ": cannot write there: " + why);
  } catch (const std::runtime_error& e) {
    err << "authspec run: " << e.what() << "\n";
    return kExitUsage;
  }

  profile.allow_bursts = a.allow_bursts || a.profile.empty();
  profile.in_flight = a.concurrency;
  Masker masker(profile);
  RunPlan plan = build_plan(profile, checks);
  // Safety net: nothing state-changing goes to a resource the profile has not marked writes-ok.
  for (const auto& req : plan.requests) {
    if (!state_changing(req.method)) continue;
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (!profile.writes_ok_for(path)) {
      err << "authspec run: safety stop: the plan would send " << req.method << " "
          << masker.text(path) << ", which the profile does not mark writes-ok\n";
      return kExitAborted;
    }
  }
  if (a.dry_run) {
    print_plan(profile, plan, masker, out);
    if (a.max_requests && plan.requests.size() > static_cast<std::size_t>(a.max_requests))
      out << "This plan exceeds --max-requests " << a.max_requests
          << ": the run would stop before sending.\n";
    return kExitPass;
  }

  RunOptions options;
  options.concurrency = static_cast<std::size_t>(a.concurrency);
  options.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout * 1000));
  options.deadline = std::chrono::milliseconds(static_cast<long>(a.deadline * 1000));
  options.max_requests = static_cast<std::size_t>(a.max_requests);
  options.prober.origin = profile.origin;
  options.prober.insecure = profile.tls.insecure;
  options.prober.cacert_pem = profile.tls.cacert_pem;
  options.prober.cert_pem = profile.tls.cert_pem;
  options.prober.key_pem = profile.tls.key_pem;
  options.prober.user_agent = std::string("authspec/") + kVersion;
  if (a.verbose)
    options.on_exchange = [&](const Exchange& ex) {
      masker.learn_cookies(ex);
      out << "--- " << masker.text(ex.request.summary()) << " ["
          << masker.text(ex.request.credential) << "] " << milliseconds(ex.elapsed) << " ms\n"
          << exchange_text(ex, masker, 512);
    };

  const RunResult run = execute(profile, std::move(plan), options);
  for (const auto& ex : run.exchanges) masker.learn_cookies(ex);
  const Score score = score_run(profile, run);
  const Annotations notes = annotate(run, baseline, waivers, today_utc());
  const Gate gate = apply_gate(score, run,
                               a.fail_on == "must"  ? FailOn::kMust
                               : a.fail_on == "any" ? FailOn::kAny
                                                    : FailOn::kShould,
                               a.fail_under, &notes);
  const ReportInput in{profile,
                       run,
                       score,
                       gate,
                       masker,
                       {{"command", "authspec run"},
                        {"profile", profile.source},
                        {"concurrency", std::to_string(a.concurrency)},
                        {"timeout_s", std::to_string(a.timeout)},
                        {"deadline_s", std::to_string(a.deadline)},
                        {"max_requests", std::to_string(a.max_requests)},
                        {"fail_on", a.fail_on},
                        {"fail_under", std::to_string(a.fail_under)},
                        {"only",
                         [&] {
                           std::string s;
                           for (auto& x : a.only) s += (s.empty() ? "" : ",") + x;
                           return s;
                         }()},
                        {"skip",
                         [&] {
                           std::string s;
                           for (auto& x : a.skip) s += (s.empty() ? "" : ",") + x;
                           return s;
                         }()},
                        {"mock_defects",
                         [&] {
                           std::string s;
                           for (auto& x : a.mock_defects) s += (s.empty() ? "" : ",") + x;
                           return s;
                         }()},
                        {"insecure", profile.tls.insecure ? "true" : "false"},
                        {"baseline", a.baseline},
                        {"shard", a.shard},
                        {"waivers", a.waivers}},
                       &notes};

  const bool color =
      !a.no_color && !std::getenv("NO_COLOR") && &out == &std::cout && isatty(STDOUT_FILENO);
  write_console(in, out, color);
  // Each report is written even when another fails (a full disk, a path that changed since the
  // check before sending); the failures are named with the gate's verdict, which they never hide.
  std::vector<std::string> unwritten;
  auto write_file = [&](const std::string& path, auto&& writer) {
    if (path.empty()) return;
    std::ofstream f(path, std::ios::binary);
    if (f) writer(f);
    if (f) f.flush();
    if (!f) unwritten.push_back(path);
  };
  write_file(a.json, [&](std::ostream& o) { write_json(in, o); });
  write_file(a.junit, [&](std::ostream& o) { write_junit(in, o); });
  write_file(a.html, [&](std::ostream& o) { write_html(in, o); });
  write_file(a.markdown, [&](std::ostream& o) { write_markdown(in, o); });
  write_file(a.sarif, [&](std::ostream& o) { write_sarif(in, o); });
  write_file(a.har, [&](std::ostream& o) { write_har(in, o); });
  if (!a.report_dir.empty()) {
    try {
      for (const auto& f : write_report_dir(in, a.report_dir)) out << "wrote " << f << "\n";
    } catch (const std::exception&) {
      unwritten.push_back(a.report_dir);
    }
  }
  if (!unwritten.empty()) {
    std::string list;
    for (const auto& u : unwritten) list += (list.empty() ? "" : ", ") + u;
    err << "authspec run: could not write " << list << "; the other reports were written, and "
        << (!run.aborted.empty() ? "the run was aborted"
            : gate.passed        ? "the gate passed"
                                 : "the gate failed")
        << "\n";
    // A failed gate keeps its code; a passing one must not turn green without its reports.
    return !run.aborted.empty() ? kExitAborted : gate.passed ? kExitUsage : kExitGateFailed;
  }

  // An aborted run explains any failed control, so it is reported first.
  if (!run.aborted.empty()) {
    err << "authspec run: " << (run.unreachable ? "" : "run aborted: ") << run.aborted << "\n";
    return kExitAborted;
  }
  // A positive control that failed because its answer could not be read is the target's
  // transfer problem, not a wrong profile.
  for (const auto& r : run.results) {
    if (r.check->level != Level::kPrerequisite || r.verdict.outcome != Outcome::kError) continue;
    for (const auto* ex : r.exchanges)
      if (!ex->ok()) {
        err << "authspec run: the target's answer to the positive control (CHAL-000) could not "
               "be read: "
            << masker.text(ex->error) << "\n";
        return kExitAborted;
      }
  }
  if (score.control_failed) {
    err << "authspec run: profile error: valid credentials or public resources do not behave as "
           "the profile "
           "says (CHAL-000); fix the profile\n";
    return kExitUsage;
  }
  return gate.passed ? kExitPass : kExitGateFailed;
}

}  // namespace authspec
