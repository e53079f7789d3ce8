// authspec run: profile -> catalogue -> plan -> exchanges -> verdicts -> score -> reports. Each
// step has its file: the options (run_args), what the run is aimed at (run_target), the stops
// (run_safety) and the reports (run_reports); this one puts them in order.
#include <chrono>

#include "cli/cli.h"
#include "cli/progress_display.h"
#include "cli/run_args.h"
#include "cli/run_reports.h"
#include "cli/run_safety.h"
#include "cli/run_target.h"
#include "reports/report.h"

namespace authspec {
namespace {

// YYYY-MM-DD (UTC), the form waiver expiry dates are compared in.
std::string today_utc() {
  return iso_time(std::chrono::system_clock::now()).substr(0, 10);
}

RunOptions run_options_for(const RunArgs& a, const Profile& profile) {
  RunOptions options;
  options.concurrency = static_cast<std::size_t>(a.concurrency);
  options.timeout = std::chrono::milliseconds(static_cast<long>(a.timeout * 1000));
  options.deadline = std::chrono::milliseconds(static_cast<long>(a.deadline * 1000));
  options.max_requests = static_cast<std::size_t>(a.max_requests);
  options.prober = prober_options_for(profile);
  return options;
}

}  // namespace

int run_command(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  RunArgs a;
  if (const auto code = parse_run_args(argv, a, out, err)) return *code;
  RunTarget target;
  if (const auto code = open_target(a, target, err)) return *code;
  const Profile& profile = target.profile;

  Masker masker(profile);
  // The bundled mock is small and is the proof that each check catches its defect on the route
  // it is planted on: every check on every resource there.
  if (a.depth.empty()) a.depth = profile.bundled_mock ? "full" : "representative";
  RunPlan plan =
      build_plan(profile, target.checks, a.depth == "full" ? Depth::kFull : Depth::kRepresentative);
  if (const std::string stop = unsafe_request(profile, plan, masker); !stop.empty()) {
    err << "authspec run: " << stop << "\n";
    return kExitAborted;
  }
  if (a.dry_run) {
    print_plan(profile, plan, masker, out);
    if (a.max_requests && plan.requests.size() > static_cast<std::size_t>(a.max_requests))
      out << "This plan exceeds --max-requests " << a.max_requests
          << ": the run would stop before sending.\n";
    return kExitPass;
  }

  RunOptions options = run_options_for(a, profile);
  options.token = target.token;
  if (a.verbose)
    options.on_exchange = [&](const Exchange& ex) {
      masker.learn_secrets(ex);
      out << "--- " << masker.text(ex.request.summary()) << " ["
          << masker.text(ex.request.credential) << "] " << milliseconds(ex.elapsed) << " ms\n"
          << exchange_text(ex, masker, 512);
    };
  RunProgress progress;
  progress.requests_planned = plan.requests.size();
  progress.results_total = plan.tasks.size();
  progress.deadline = std::chrono::steady_clock::now() + options.deadline;
  options.progress = &progress;
  // With -v the exchanges go to the same terminal as they come: a status line redrawn in place
  // among them would garble both, so progress comes as plain lines then.
  ProgressDisplay::Mode mode = ProgressDisplay::mode_for(err, a.quiet);
  if (a.verbose && mode == ProgressDisplay::Mode::kTerminal) mode = ProgressDisplay::Mode::kPlain;
  ProgressDisplay display(err, mode, progress, masker);
  const RunResult run = execute(profile, std::move(plan), options);
  display.finish();  // before the summary: a terminal's status line is cleared first
  for (const auto& ex : run.exchanges) masker.learn_secrets(ex);
  const Score score = score_run(profile, run);
  const Annotations notes = annotate(run, target.baseline, target.waivers, today_utc());
  const Gate gate = apply_gate(score, run,
                               a.fail_on == "must"  ? FailOn::kMust
                               : a.fail_on == "any" ? FailOn::kAny
                                                    : FailOn::kShould,
                               a.fail_under, &notes);
  const ReportInput in{profile, run,    score,
                       gate,    masker, recorded_options(a, profile.source, profile.tls.insecure),
                       &notes};

  if (const auto unwritten = write_run_reports(a, in, out); !unwritten.empty()) {
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
  if (const auto code = run_stop(run, score, masker, err)) return *code;
  return gate.passed ? kExitPass : kExitGateFailed;
}

}  // namespace authspec
