#include "cli/run_args.h"

#include "cli/command_line.h"
#include "suite/http.h"
#include "suite/option_errors.h"
#include "suite/profile.h"

namespace authspec {
namespace {

po::options_description run_options(RunArgs& a) {
  po::options_description d("authspec run options");
  // clang-format off
  d.add_options()
      ("profile", po::value(&a.profile)->value_name("FILE"), "target profile (INI); without it and --target, the bundled mock runs")
      ("openapi", po::value(&a.openapi)->value_name("FILE|URL"), "an OpenAPI or Swagger description (JSON or YAML): the profile is imported from it in memory, and --profile (the credentials, identities...) adds to it or replaces its keys")
      ("writes-ok", po::value(&a.writes_ok)->value_name("ID")->composing()->implicit_value({"*"}, "*"),
       "with --openapi: the operations state-changing requests may go to (operationIds, repeatable or comma-separated; alone: every state-changing one), as import --writes-ok marks them")
      ("target", po::value(&a.targets)->value_name("URL")->composing(),
       "base URL, overriding the profile's target.base_url; without --profile, a URL to test "
       "with the checks that need no credentials (repeatable, one origin)")
      ("only", po::value(&a.only)->value_name("PATTERN")->composing(), "run only these checks or families (glob; repeatable)")
      ("skip", po::value(&a.skip)->value_name("PATTERN")->composing(), "skip these checks or families (glob; repeatable)")
      ("concurrency", po::value(&a.concurrency)->value_name("N")->default_value(16), "requests in flight (1-64)")
      ("timeout", po::value(&a.timeout)->value_name("S")->default_value(10), "seconds per request")
      ("deadline", po::value(&a.deadline)->value_name("S")->default_value(300), "seconds for the whole run")
      ("max-requests", po::value(&a.max_requests)->value_name("N")->default_value(0),
       "request budget; the run stops before exceeding it (0: none)")
      ("depth", po::value(&a.depth)->value_name("MODE"),
       "representative | full: the checks of the server's machinery (token forgeries, path spellings, Digest arithmetic, CORS variants, challenge grammar) on one representative resource of each group of alike resources, or on every resource (default: representative; full for the embedded mock)")
      ("dry-run", po::bool_switch(&a.dry_run), "print the plan and send nothing")
      ("allow-bursts", po::bool_switch(&a.allow_bursts),
       "run the RATE checks' bursts and lockout probes (they can lock accounts; on for the embedded mock)")
      ("json", po::value(&a.json)->value_name("FILE"), "write the JSON report to FILE")
      ("junit", po::value(&a.junit)->value_name("FILE"), "write the JUnit XML report to FILE")
      ("html", po::value(&a.html)->value_name("FILE"), "write the self-contained HTML report to FILE")
      ("markdown", po::value(&a.markdown)->value_name("FILE"), "write a Markdown summary (for a CI job page) to FILE")
      ("sarif", po::value(&a.sarif)->value_name("FILE"), "write a SARIF 2.1.0 report (code-scanning dashboards) to FILE")
      ("har", po::value(&a.har)->value_name("FILE"), "write every exchange as HAR 1.2 (browser developer tools) to FILE")
      ("report-dir", po::value(&a.report_dir)->value_name("DIR"), "write every report format into DIR")
      ("shard", po::value(&a.shard)->value_name("I/N"), "I/N: run the I-th of N deterministic parts of the catalogue (CHAL-000 runs in each); combine them with authspec merge")
      ("baseline", po::value(&a.baseline)->value_name("FILE"), "a previous JSON report: only new failures fail the gate")
      ("waivers", po::value(&a.waivers)->value_name("FILE"), "accepted failures: CHECK | RESOURCE-GLOB | YYYY-MM-DD | reason")
      ("fail-under", po::value(&a.fail_under)->value_name("SCORE")->default_value(0), "gate: fail when the score is below N")
      ("fail-on", po::value(&a.fail_on)->value_name("LEVEL")->default_value("any"),
       "gate: fail on failures at level must | should | any (any: also BP warnings and undecided checks)")
      ("insecure", po::bool_switch(&a.insecure), "do not verify the server's TLS certificate")
      ("cacert", po::value(&a.cacert)->value_name("FILE"), "CA bundle (PEM) to verify the server with")
      ("cert", po::value(&a.cert)->value_name("FILE"), "client certificate (PEM)")
      ("key", po::value(&a.key)->value_name("FILE"), "client certificate key (PEM)")
      ("mock-defect", po::value(&a.mock_defects)->value_name("NAME")->composing(),
       "plant a named defect in the embedded mock (repeatable)")
      ("verbose,v", po::bool_switch(&a.verbose), "print every exchange (secrets masked)")
      ("quiet,q", po::bool_switch(&a.quiet),
       "no live progress on stderr (by default: a status line on a terminal, a plain line every 5 s and per family elsewhere)")
      ("no-color", po::bool_switch(&a.no_color), "no colours (NO_COLOR is honoured too)");
  // clang-format on
  return d;
}

}  // namespace

std::optional<int> parse_run_args(const std::vector<std::string>& argv, RunArgs& a,
                                  std::ostream& out, std::ostream& err) {
  po::variables_map vm;
  if (const auto stop = parse_command_line("run", run_options(a), argv, nullptr, vm, out, err))
    return *stop;
  a.target = a.targets.empty() ? "" : a.targets.front();
  try {
    if (a.concurrency < 1 || a.concurrency > 64) throw po::error("--concurrency must be 1 to 64");
    // Whole milliseconds at least: libcurl reads a 0 ms timeout as "no timeout at all".
    if (!(a.timeout >= 0.001 && a.timeout <= 3600))
      throw po::error("--timeout must be at least 0.001 (1 ms) and at most 3600 seconds");
    if (!(a.deadline >= 0.001 && a.deadline <= 86400))
      throw po::error("--deadline must be at least 0.001 (1 ms) and at most 86400 seconds");
    if (a.max_requests < 0) throw po::error("--max-requests must be 0 or more");
    if (vm.count("depth") && a.depth != "representative" && a.depth != "full")
      throw po::error("--depth must be representative or full (got \"" + a.depth + "\")");
    if (a.fail_under < 0 || a.fail_under > 100) throw po::error("--fail-under must be 0 to 100");
    if (a.fail_on != "must" && a.fail_on != "should" && a.fail_on != "any")
      throw po::error("--fail-on must be must, should or any");
    if (!a.mock_defects.empty() && (!a.profile.empty() || !a.target.empty() || !a.openapi.empty()))
      throw po::error(
          "--mock-defect plants defects in the embedded mock; it cannot be used with --profile, "
          "--openapi or --target");
    if (!a.writes_ok.empty() && a.openapi.empty())
      throw po::error(
          "--writes-ok goes with --openapi (a profile says writes-ok on its resource lines)");
    if (vm.count("openapi") && a.openapi.empty())
      throw po::error("--openapi is empty (an unset variable?): name a description file");
    if (vm.count("profile") && a.profile.empty())
      throw po::error(
          "--profile is empty (an unset variable?): name a profile file, or leave --profile out "
          "to test the bundled mock");
    if (a.targets.size() > 1 && (!a.profile.empty() || !a.openapi.empty()))
      throw po::error(
          "--target is given once with --profile or --openapi (they name the "
          "resources)");
    for (const auto& t : a.targets)
      if (t.empty()) throw po::error("--target is empty (an unset variable?): name a URL");
    // Without a profile the bundled mock is tested: a profile variable meant for a real target
    // would otherwise be applied to the mock and pass it (a false green in CI).
    if (a.profile.empty() && a.openapi.empty())
      if (const auto vars = profile_variables_in_environment(); !vars.empty())
        throw po::error(vars[0] +
                        " is set but there is no --profile: profile variables need a profile "
                        "(unset it to test the bundled mock)");
    if (a.cert.empty() != a.key.empty()) throw po::error("--cert and --key go together");
  } catch (const po::error& e) {
    return usage_error("run", option_error_text(e), err);
  }
  return std::nullopt;
}

std::vector<OptionDoc> run_option_docs() {
  RunArgs unused;
  return option_docs(run_options(unused));
}

std::vector<std::pair<std::string, std::string>> recorded_options(const RunArgs& a,
                                                                  const std::string& profile_source,
                                                                  bool insecure) {
  return {{"command", "authspec run"},
          {"profile", profile_source},
          {"concurrency", std::to_string(a.concurrency)},
          {"timeout_s", std::to_string(a.timeout)},
          {"deadline_s", std::to_string(a.deadline)},
          {"max_requests", std::to_string(a.max_requests)},
          {"depth", a.depth},
          {"fail_on", a.fail_on},
          {"fail_under", std::to_string(a.fail_under)},
          {"only", join(a.only, ",")},
          {"skip", join(a.skip, ",")},
          {"mock_defects", join(a.mock_defects, ",")},
          {"insecure", insecure ? "true" : "false"},
          {"baseline", a.baseline},
          {"shard", a.shard},
          {"waivers", a.waivers}};
}

}  // namespace authspec
